package io.aigne.usage.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks a raw JSON event against every rule of CONTRACTS.md §1 and builds the {@link ModelCall}.
 * It reports all broken rules at once, one reason per field, so a producer can fix a batch in one go.
 * Unknown fields are ignored (forward compatible); {@code schemaVersion} defaults to 1 when absent.
 */
public final class ModelCallValidator {
    public static final int ID_MAX = 128;
    public static final int NAME_MAX = 256;
    public static final int ERROR_REASON_MAX = 1000;
    public static final int JSON_OBJECT_MAX_BYTES = 16 * 1024;
    public static final int CREDITS_MAX_SCALE = 10;
    /** numeric(38,10) in storage leaves 28 digits before the point. */
    public static final int CREDITS_MAX_INTEGER_DIGITS = 28;
    /** callTime is Unix seconds; anything this large is almost surely milliseconds. */
    public static final long CALL_TIME_MAX = 99_999_999_999L;
    public static final int SCHEMA_VERSION = 1;

    private ModelCallValidator() {
    }

    public static ValidationResult validate(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new ValidationResult.Invalid(List.of(new Violation("$", "event must be a JSON object")));
        }
        Fields f = new Fields(node);
        String id = f.requiredString("id", ID_MAX);
        String userDid = f.requiredString("userDid", NAME_MAX);
        String appDid = f.optionalString("appDid", NAME_MAX, 1);
        String model = f.requiredString("model", NAME_MAX);
        String providerId = f.optionalString("providerId", NAME_MAX, 0);
        CallType type = f.requiredEnum("type", CallType::fromJson, CallType.values());
        CallStatus status = f.requiredEnum("status", CallStatus::fromJson, CallStatus.values());
        // A call that is still processing may not know its latency, usage or cost yet.
        boolean measuresRequired = status != null && status.isTerminal();
        double durationMs = f.nonNegativeNumber("durationMs", measuresRequired);
        long totalUsage = f.nonNegativeInteger("totalUsage", measuresRequired);
        BigDecimal credits = f.credits(measuresRequired);
        long callTime = f.callTime();
        String errorReason = truncate(f.optionalString("errorReason", Integer.MAX_VALUE, 0), ERROR_REASON_MAX);
        ObjectNode usageMetrics = f.optionalObject("usageMetrics");
        ObjectNode metadata = f.optionalObject("metadata");
        String requestId = f.optionalString("requestId", NAME_MAX, 0);
        String traceId = f.optionalString("traceId", NAME_MAX, 0);
        f.schemaVersion();

        if (!f.violations.isEmpty()) {
            return new ValidationResult.Invalid(f.violations);
        }
        return new ValidationResult.Valid(new ModelCall(id, userDid, appDid, withoutProvider(model, providerId),
                providerId, type, status, durationMs, totalUsage, credits, callTime, errorReason, usageMetrics,
                metadata, requestId, traceId, SCHEMA_VERSION));
    }

    /** Producers sometimes send {@code openai/gpt-4o}; the contract's model name has no provider. */
    static String withoutProvider(String model, String providerId) {
        if (providerId != null && !providerId.isEmpty() && model.startsWith(providerId + "/")
                && model.length() > providerId.length() + 1) {
            return model.substring(providerId.length() + 1);
        }
        return model;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** Reads fields one by one, collecting a violation for each broken rule. */
    private static final class Fields {
        private final JsonNode node;
        private final List<Violation> violations = new ArrayList<>();

        Fields(JsonNode node) {
            this.node = node;
        }

        private boolean absent(String name) {
            JsonNode v = node.get(name);
            return v == null || v.isNull();
        }

        private void fail(String field, String reason) {
            violations.add(new Violation(field, reason));
        }

        String requiredString(String name, int max) {
            if (absent(name)) {
                fail(name, "is required");
                return null;
            }
            return string(name, max, 1);
        }

        String optionalString(String name, int max, int min) {
            return absent(name) ? null : string(name, max, min);
        }

        private String string(String name, int max, int min) {
            JsonNode v = node.get(name);
            if (!v.isTextual()) {
                fail(name, "must be a string");
                return null;
            }
            String s = v.textValue();
            if (s.length() < min) {
                fail(name, "must not be empty");
                return null;
            }
            if (s.length() > max) {
                fail(name, "must be at most " + max + " characters");
                return null;
            }
            return s;
        }

        <E> E requiredEnum(String name, Function<String, Optional<E>> parse, E[] allowed) {
            String s = requiredString(name, NAME_MAX);
            if (s == null) {
                return null;
            }
            Optional<E> value = parse.apply(s);
            if (value.isEmpty()) {
                fail(name, "must be one of " + List.of(allowed));
                return null;
            }
            return value.get();
        }

        double nonNegativeNumber(String name, boolean required) {
            if (absent(name)) {
                if (required) {
                    fail(name, "is required");
                }
                return 0;
            }
            JsonNode v = node.get(name);
            if (!v.isNumber()) {
                fail(name, "must be a number");
                return 0;
            }
            double d = v.doubleValue();
            if (!Double.isFinite(d) || d < 0) {
                fail(name, "must be a finite number >= 0");
                return 0;
            }
            return d;
        }

        long nonNegativeInteger(String name, boolean required) {
            if (absent(name)) {
                if (required) {
                    fail(name, "is required");
                }
                return 0;
            }
            JsonNode v = node.get(name);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                fail(name, "must be an integer");
                return 0;
            }
            if (v.longValue() < 0) {
                fail(name, "must be >= 0");
                return 0;
            }
            return v.longValue();
        }

        BigDecimal credits(boolean required) {
            String name = "credits";
            if (absent(name)) {
                if (required) {
                    fail(name, "is required");
                }
                return BigDecimal.ZERO;
            }
            JsonNode v = node.get(name);
            BigDecimal d;
            if (v.isNumber()) {
                d = v.decimalValue();
            } else if (v.isTextual()) {
                try {
                    d = new BigDecimal(v.textValue().trim());
                } catch (NumberFormatException e) {
                    fail(name, "must be a decimal number");
                    return null;
                }
            } else {
                fail(name, "must be a decimal number");
                return null;
            }
            if (d.signum() < 0) {
                fail(name, "must be >= 0");
                return null;
            }
            BigDecimal stripped = d.stripTrailingZeros();
            if (stripped.scale() > CREDITS_MAX_SCALE) {
                fail(name, "must have at most " + CREDITS_MAX_SCALE + " decimal places");
                return null;
            }
            if (stripped.precision() - stripped.scale() > CREDITS_MAX_INTEGER_DIGITS) {
                fail(name, "is too large");
                return null;
            }
            return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
        }

        long callTime() {
            String name = "callTime";
            if (absent(name)) {
                fail(name, "is required");
                return 0;
            }
            JsonNode v = node.get(name);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                fail(name, "must be an integer (Unix seconds)");
                return 0;
            }
            long t = v.longValue();
            if (t < 0) {
                fail(name, "must be >= 0");
            } else if (t > CALL_TIME_MAX) {
                fail(name, "must be Unix seconds, not milliseconds");
            }
            return t;
        }

        ObjectNode optionalObject(String name) {
            if (absent(name)) {
                return null;
            }
            JsonNode v = node.get(name);
            if (!v.isObject()) {
                fail(name, "must be a JSON object or null");
                return null;
            }
            if (v.toString().getBytes(StandardCharsets.UTF_8).length > JSON_OBJECT_MAX_BYTES) {
                fail(name, "must be at most " + JSON_OBJECT_MAX_BYTES + " bytes as JSON");
                return null;
            }
            return (ObjectNode) v;
        }

        void schemaVersion() {
            String name = "schemaVersion";
            if (absent(name)) {
                return;
            }
            JsonNode v = node.get(name);
            if (!v.isIntegralNumber() || v.longValue() != SCHEMA_VERSION) {
                fail(name, "must be " + SCHEMA_VERSION);
            }
        }
    }
}
