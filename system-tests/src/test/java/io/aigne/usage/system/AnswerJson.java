package io.aigne.usage.system;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigne.usage.events.ModelCallJson;

/**
 * The services' answers as Jackson trees with decimals kept as written (RestAssured's GPath
 * compiles an expression for every lookup: far too slow for thousands of buckets).
 */
final class AnswerJson {
    private static final ObjectMapper EXACT = ModelCallJson.MAPPER.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private AnswerJson() {
    }

    static JsonNode tree(String body) {
        try {
            return EXACT.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    static Double nullableDouble(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.doubleValue();
    }
}
