package io.aigne.usage.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a raw JSON event against every rule of docs/contracts.md §1 and builds the {@link ModelCall}.
 * It reports all broken rules at once, one reason per field, so a producer can fix a batch in one go.
 * Unknown fields are ignored (forward compatible); {@code schemaVersion} defaults to 1 when absent.
 *
 * <p>Beyond the contract, every value must be one that storage and sums can hold unchanged
 * (docs/api.md "Validation limits"): text without U+0000 or unpaired surrogates, bounded numbers, a
 * plausible {@code callTime}. Whatever passes here can never fail a consumer's database write.
 */
public final class ModelCallValidator {
    public static final int ID_MAX = 128;
    public static final int NAME_MAX = 256;
    public static final int ERROR_REASON_MAX = 1000;
    public static final int JSON_OBJECT_MAX_BYTES = JsonObjectRules.MAX_BYTES;
    public static final int CREDITS_MAX_SCALE = 10;
    /** Per call; sums of a billion such calls still fit numeric(38,10). */
    public static final BigDecimal CREDITS_MAX = BigDecimal.valueOf(1_000_000_000L);
    /** A decimal string of credits: ASCII digits only (BigDecimal alone would take "٣" as 3). */
    private static final Pattern CREDITS_TEXT = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    public static final int CREDITS_TEXT_MAX = 40;
    /** 2^53: exact in a double (the pages' JavaScript) and summable in a long a thousand times over. */
    public static final long TOTAL_USAGE_MAX = 1L << 53;
    /** Seven days: no model call takes longer; keeps latency sums and sketches sane. */
    public static final double DURATION_MAX_MS = 7 * 86_400_000d;
    /** callTime is Unix seconds; anything this large is almost surely milliseconds. */
    public static final long CALL_TIME_MAX = 99_999_999_999L;
    public static final int SCHEMA_VERSION = 1;

    private ModelCallValidator() {
    }

    /** Validates with the default {@link CallTimeWindow} against this machine's clock (tests, tools). */
    public static ValidationResult validate(JsonNode node) {
        return validate(node, CallTimeWindow.DEFAULT, System.currentTimeMillis() / 1000);
    }

    /**
     * @param window the plausible callTime range
     * @param nowSeconds "now" for the window: the request's time at ingest, the record's timestamp in consumers
     */
    public static ValidationResult validate(JsonNode node, CallTimeWindow window, long nowSeconds) {
        if (node == null || !node.isObject()) {
            return new ValidationResult.Invalid(List.of(new Violation("$", "event must be a JSON object")));
        }
        Fields f = new Fields(node, window, nowSeconds);
        String id = f.requiredString("id", ID_MAX);
        String userDid = f.requiredString("userDid", NAME_MAX);
        String appDid = f.optionalString("appDid", NAME_MAX, 1);
        String model = f.requiredString("model", NAME_MAX);
        String providerId = f.optionalString("providerId", NAME_MAX, 0);
        CallType type = f.requiredEnum("type", CallType::fromJson, CallType.values());
        CallStatus status = f.requiredEnum("status", CallStatus::fromJson, CallStatus.values());
        // A call that is still processing may not know its latency, usage or cost yet.
        boolean measuresRequired = status != null && status.isTerminal();
        double durationMs = f.boundedNumber("durationMs", DURATION_MAX_MS, measuresRequired);
        long totalUsage = f.boundedInteger("totalUsage", TOTAL_USAGE_MAX, measuresRequired);
        BigDecimal credits = f.credits(measuresRequired);
        long callTime = f.callTime();
        String errorReason = TextRules.truncate(f.optionalString("errorReason", Integer.MAX_VALUE, 0), ERROR_REASON_MAX);
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

    /** Reads fields one by one, collecting a violation for each broken rule. */
    private static final class Fields {
        private final JsonNode node;
        private final CallTimeWindow window;
        private final long now;
        private final List<Violation> violations = new ArrayList<>();

        Fields(JsonNode node, CallTimeWindow window, long now) {
            this.node = node;
            this.window = window;
            this.now = now;
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
            String text = TextRules.problem(s);
            if (text != null) {
                fail(name, text);
                return null;
            }
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

        double boundedNumber(String name, double max, boolean required) {
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
            if (!Double.isFinite(d) || d < 0 || d > max) {
                fail(name, "must be a number from 0 to " + BigDecimal.valueOf(max).toPlainString());
                return 0;
            }
            return d;
        }

        long boundedInteger(String name, long max, boolean required) {
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
            if (v.longValue() < 0 || v.longValue() > max) {
                fail(name, "must be an integer from 0 to " + max);
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
                String text = v.textValue();
                // checked before parsing: BigDecimal takes any Unicode digit, and long strings cost CPU
                if (text.length() > CREDITS_TEXT_MAX || !CREDITS_TEXT.matcher(text).matches()) {
                    fail(name, "must be a decimal of ASCII digits such as \"0.25\" (at most " + CREDITS_TEXT_MAX + " characters)");
                    return null;
                }
                d = new BigDecimal(text);
            } else {
                fail(name, "must be a decimal number");
                return null;
            }
            if (d.signum() < 0) {
                fail(name, "must be >= 0");
                return null;
            }
            if (d.compareTo(CREDITS_MAX) > 0) {
                fail(name, "must be at most " + CREDITS_MAX.toPlainString());
                return null;
            }
            BigDecimal stripped = d.stripTrailingZeros();
            if (stripped.scale() > CREDITS_MAX_SCALE) {
                fail(name, "must have at most " + CREDITS_MAX_SCALE + " decimal places");
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
            if (t > CALL_TIME_MAX) {
                fail(name, "must be Unix seconds, not milliseconds");
            } else if (t < window.earliest()) {
                fail(name, "must not be before " + window.earliest() + " (" + Instant.ofEpochSecond(window.earliest()) + ")");
            } else if (t > window.latest(now)) {
                fail(name, "must not be more than " + window.maxAhead().toMinutes() + " minutes in the future");
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
            String problem = JsonObjectRules.problem(v);
            if (problem != null) {
                fail(name, problem);
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
