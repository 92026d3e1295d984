package io.aigne.usage.alerts.rules;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import io.aigne.usage.events.ModelCallValidator;
import io.aigne.usage.events.TextRules;
import io.aigne.usage.support.ProblemException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads and checks a rule's body (docs/alerts.md "Rules"). Every refusal is a 400 whose detail
 * starts with the field it is about. The body is read here, not by JAX-RS, so numbers stay exact
 * decimals, a repeated key is refused and an unknown field is named.
 */
public final class RuleValidation {
    public static final int NAME_MAX = 100;
    /** appDid and modelId: the event contract's limit for names (ModelCall appDid/model). */
    public static final int SCOPE_MAX = ModelCallValidator.NAME_MAX;
    public static final int WEBHOOK_URL_MAX = 2048;
    public static final int WINDOW_HOURS_MIN = 1;
    public static final int WINDOW_HOURS_MAX = 24;
    public static final int WINDOW_HOURS_DEFAULT = 1;
    public static final int MIN_CALLS_DEFAULT = 20;
    public static final int MIN_CALLS_MAX = 1_000_000_000;
    public static final int COOLDOWN_MAX = 1440;
    public static final int COOLDOWN_DEFAULT = 10;
    public static final List<Integer> NOTIFY_AT_DEFAULT = List.of(50, 80, 100);
    public static final int NOTIFY_AT_MAX_COUNT = 5;
    public static final int NOTIFY_AT_MAX = 1000;
    /** A threshold has at most this many decimal places (like credits in the event contract). */
    public static final int THRESHOLD_MAX_SCALE = ModelCallValidator.CREDITS_MAX_SCALE;
    static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    /** Credits and days: the event contract's bound for credits. */
    static final BigDecimal AMOUNT_MAX = ModelCallValidator.CREDITS_MAX;
    /** ms: the event contract's bound for durationMs (7 days). */
    static final BigDecimal LATENCY_MAX = BigDecimal.valueOf((long) ModelCallValidator.DURATION_MAX_MS);

    private static final Set<String> FIELDS = Set.of("name", "kind", "enabled", "appDid", "modelId", "threshold", "windowHours",
            "minCalls", "period", "notifyAt", "cooldownMinutes", "webhookUrl");
    /** What a client may send back as it read the rule; never taken from the body. */
    private static final Set<String> READ_ONLY = Set.of("id", "webhookSecret", "createdAt", "updatedAt", "state");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private RuleValidation() {
    }

    /**
     * The rule the body describes.
     *
     * @param webhookRefusal why a webhook URL may not be used (the delivery's target guard), empty when it may
     */
    public static RuleInput parse(String body, Function<String, Optional<String>> webhookRefusal) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("The request body is not valid JSON (or repeats a field).");
        }
        if (root == null || !root.isObject()) {
            throw ProblemException.badRequest("The request body must be a JSON object describing a rule.");
        }
        return check(root, webhookRefusal);
    }

    static RuleInput check(JsonNode body, Function<String, Optional<String>> webhookRefusal) {
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext();) {
            String field = it.next().getKey();
            if (!FIELDS.contains(field) && !READ_ONLY.contains(field)) {
                throw bad(field, "is not a field of a rule.");
            }
        }
        String kind = text(body, "kind", Integer.MAX_VALUE);
        if (kind == null) {
            throw bad("kind", "is required: one of " + Rule.KINDS + ".");
        }
        if (!Rule.KINDS.contains(kind)) {
            throw bad("kind", "must be one of " + Rule.KINDS + ".");
        }
        String name = text(body, "name", NAME_MAX);
        if (name == null || name.isBlank()) {
            throw bad("name", "is required: 1-" + NAME_MAX + " characters, not only spaces.");
        }
        Boolean enabled = bool(body, "enabled");

        boolean windowed = Rule.ERROR_RATE.equals(kind) || Rule.P95_LATENCY.equals(kind);
        boolean budget = Rule.BUDGET.equals(kind);
        boolean credits = Rule.CREDITS_BELOW.equals(kind) || Rule.DAYS_BELOW.equals(kind);

        String appDid = text(body, "appDid", SCOPE_MAX);
        String modelId = text(body, "modelId", SCOPE_MAX);
        if (credits) {
            unused(body, kind, "appDid", "modelId");
        }
        if (modelId != null && appDid == null) {
            throw bad("modelId", "is only allowed with appDid (a model of one project).");
        }

        BigDecimal threshold = threshold(body, kind);

        Integer windowHours = null;
        Integer minCalls = null;
        if (windowed) {
            windowHours = integer(body, "windowHours", WINDOW_HOURS_MIN, WINDOW_HOURS_MAX, WINDOW_HOURS_DEFAULT);
            minCalls = integer(body, "minCalls", 1, MIN_CALLS_MAX, MIN_CALLS_DEFAULT);
        } else {
            unused(body, kind, "windowHours", "minCalls");
        }

        String period = null;
        List<Integer> notifyAt = null;
        if (budget) {
            period = text(body, "period", Integer.MAX_VALUE);
            if (period == null || !(Rule.PERIOD_DAY.equals(period) || Rule.PERIOD_MONTH.equals(period))) {
                throw bad("period", "is required for budget rules: day or month.");
            }
            notifyAt = notifyAt(body);
        } else {
            unused(body, kind, "period", "notifyAt");
        }

        int cooldown = integer(body, "cooldownMinutes", 0, COOLDOWN_MAX, COOLDOWN_DEFAULT);

        String webhookUrl = text(body, "webhookUrl", Integer.MAX_VALUE, true);
        if (webhookUrl != null && webhookUrl.isEmpty()) {
            webhookUrl = null;
        }
        if (webhookUrl != null) {
            if (webhookUrl.length() > WEBHOOK_URL_MAX) {
                throw bad("webhookUrl", "must be at most " + WEBHOOK_URL_MAX + " characters.");
            }
            Optional<String> refusal = webhookRefusal.apply(webhookUrl);
            if (refusal.isPresent()) {
                throw bad("webhookUrl", "cannot be used: " + refusal.get());
            }
        }
        return new RuleInput(name, kind, enabled == null ? Boolean.TRUE : enabled, appDid, modelId, threshold, windowHours, minCalls,
                period, notifyAt, cooldown, webhookUrl);
    }

    private static BigDecimal threshold(JsonNode body, String kind) {
        JsonNode node = body.get("threshold");
        if (node == null || node.isNull()) {
            throw bad("threshold", "is required.");
        }
        if (!node.isNumber()) {
            throw bad("threshold", "must be a number.");
        }
        BigDecimal t = node.decimalValue();
        if (t.stripTrailingZeros().scale() > THRESHOLD_MAX_SCALE) {
            throw bad("threshold", "must have at most " + THRESHOLD_MAX_SCALE + " decimal places.");
        }
        boolean ok = switch (kind) {
            case Rule.ERROR_RATE -> t.signum() >= 0 && t.compareTo(HUNDRED) <= 0;
            case Rule.P95_LATENCY -> t.signum() > 0 && t.compareTo(LATENCY_MAX) <= 0;
            case Rule.BUDGET -> t.signum() > 0 && t.compareTo(AMOUNT_MAX) <= 0;
            default -> t.signum() >= 0 && t.compareTo(AMOUNT_MAX) <= 0;
        };
        if (!ok) {
            throw bad("threshold", switch (kind) {
                case Rule.ERROR_RATE -> "must be a percentage between 0 and 100 for errorRate rules.";
                case Rule.P95_LATENCY -> "must be > 0 and at most " + LATENCY_MAX.toPlainString() + " (ms) for p95Latency rules.";
                case Rule.BUDGET -> "must be > 0 and at most " + AMOUNT_MAX.toPlainString() + " (credits) for budget rules.";
                case Rule.CREDITS_BELOW -> "must be between 0 and " + AMOUNT_MAX.toPlainString() + " (credits) for creditsBelow rules.";
                default -> "must be between 0 and " + AMOUNT_MAX.toPlainString() + " (days) for daysBelow rules.";
            });
        }
        // one spelling per value: 5.0 and 5 are the same threshold
        BigDecimal plain = t.stripTrailingZeros();
        return plain.scale() < 0 ? plain.setScale(0) : plain;
    }

    private static List<Integer> notifyAt(JsonNode body) {
        JsonNode node = body.get("notifyAt");
        if (node == null || node.isNull()) {
            return NOTIFY_AT_DEFAULT;
        }
        String rule = "must be a list of 1-" + NOTIFY_AT_MAX_COUNT + " distinct whole percentages between 1 and " + NOTIFY_AT_MAX + ".";
        if (!node.isArray() || node.isEmpty() || node.size() > NOTIFY_AT_MAX_COUNT) {
            throw bad("notifyAt", rule);
        }
        TreeSet<Integer> values = new TreeSet<>();
        for (JsonNode v : node) {
            Integer i = wholeNumber(v);
            if (i == null || i < 1 || i > NOTIFY_AT_MAX || !values.add(i)) {
                throw bad("notifyAt", rule);
            }
        }
        return List.copyOf(new ArrayList<>(values));
    }

    private static void unused(JsonNode body, String kind, String... fields) {
        for (String field : fields) {
            JsonNode node = body.get(field);
            if (node != null && !node.isNull()) {
                throw bad(field, "is not used by " + kind + " rules; leave it out or null.");
            }
        }
    }

    private static String text(JsonNode body, String field, int max) {
        return text(body, field, max, false);
    }

    private static String text(JsonNode body, String field, int max, boolean emptyAllowed) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.getNodeType() != JsonNodeType.STRING) {
            throw bad(field, "must be a string.");
        }
        String s = node.textValue();
        if ((s.isEmpty() && !emptyAllowed) || s.length() > max) {
            throw bad(field, "must be 1-" + max + " characters.");
        }
        String problem = TextRules.problem(s);
        if (problem != null) {
            throw bad(field, problem + ".");
        }
        return s;
    }

    private static Boolean bool(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isBoolean()) {
            throw bad(field, "must be true or false.");
        }
        return node.booleanValue();
    }

    private static int integer(JsonNode body, String field, int min, int max, int defaultValue) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        Integer v = wholeNumber(node);
        if (v == null || v < min || v > max) {
            throw bad(field, "must be a whole number between " + min + " and " + max + ".");
        }
        return v;
    }

    /** A JSON number without a fraction that fits an int (5 and 5.0 alike), else null. */
    private static Integer wholeNumber(JsonNode node) {
        if (!node.isNumber()) {
            return null;
        }
        BigDecimal d = node.decimalValue();
        try {
            return d.stripTrailingZeros().scale() <= 0 ? d.intValueExact() : null;
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static ProblemException bad(String field, String rule) {
        return ProblemException.badRequest(field + " " + rule);
    }
}
