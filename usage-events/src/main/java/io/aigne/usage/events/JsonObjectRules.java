package io.aigne.usage.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * Bounds for the free-form {@code usageMetrics} and {@code metadata} objects, so that whatever a
 * producer puts there is stored by PostgreSQL's jsonb as it is: limited size and depth, text
 * without U+0000 or unpaired surrogates (keys too), numbers within the range of a double.
 */
final class JsonObjectRules {
    static final int MAX_BYTES = 16 * 1024;
    static final int MAX_DEPTH = 10;
    /** Numbers: at most 64 significant digits, magnitude below 1e309, no digit below 1e-324. */
    static final int MAX_PRECISION = 64;
    static final int MAX_INTEGER_DIGITS = 309;
    static final int MAX_SCALE = 324;

    private JsonObjectRules() {
    }

    /** Why the object cannot be stored, or null when it can. */
    static String problem(JsonNode object) {
        String inside = check(object, 1);
        if (inside != null) {
            return inside;
        }
        if (object.toString().getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "must be at most " + MAX_BYTES + " bytes as JSON";
        }
        return null;
    }

    private static String check(JsonNode node, int depth) {
        if (depth > MAX_DEPTH) {
            return "must not nest deeper than " + MAX_DEPTH + " levels";
        }
        if (node.isTextual()) {
            return TextRules.problem(node.textValue());
        }
        if (node.isNumber()) {
            return numberProblem(node.decimalValue());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = TextRules.problem(e.getKey());
                if (key != null) {
                    return "keys " + key;
                }
                String value = check(e.getValue(), depth + 1);
                if (value != null) {
                    return value;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                String value = check(element, depth + 1);
                if (value != null) {
                    return value;
                }
            }
        }
        return null;
    }

    private static String numberProblem(BigDecimal n) {
        if (n.signum() == 0) {
            return null;
        }
        if (n.precision() > MAX_PRECISION || n.precision() - n.scale() > MAX_INTEGER_DIGITS || n.scale() > MAX_SCALE) {
            return "numbers must lie within the range of a double (at most " + MAX_PRECISION + " digits)";
        }
        return null;
    }
}
