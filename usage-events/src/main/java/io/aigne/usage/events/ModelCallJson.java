package io.aigne.usage.events;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * JSON serde of {@link ModelCall}. Numbers are read as exact decimals so credits never pass
 * through binary floating point.
 */
public final class ModelCallJson {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private ModelCallJson() {
    }

    /** Parses and validates one event; malformed JSON is an {@link ValidationResult.Invalid} too. */
    public static ValidationResult parse(String json) {
        return parse(json, CallTimeWindow.DEFAULT, System.currentTimeMillis() / 1000);
    }

    /** As {@link #parse(String)}, with the callTime window and "now" of the caller. */
    public static ValidationResult parse(String json, CallTimeWindow window, long nowSeconds) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return malformed(e);
        }
        return ModelCallValidator.validate(node, window, nowSeconds);
    }

    public static ValidationResult.Invalid malformed(JsonProcessingException e) {
        return new ValidationResult.Invalid(List.of(new Violation("$", "malformed JSON" + describe(e))));
    }

    /**
     * Where the JSON broke, in our words: Jackson's own messages name its classes and settings,
     * which an answer to a client must not.
     */
    public static String describe(JsonProcessingException e) {
        String what = e instanceof StreamConstraintsException ? " (nested too deeply or a number or text too long)" : "";
        JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 0 ? what : what + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    public static String toJson(ModelCall call) {
        return toNode(call).toString();
    }

    public static ObjectNode toNode(ModelCall call) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("id", call.id());
        n.put("userDid", call.userDid());
        n.put("appDid", call.appDid());
        n.put("model", call.model());
        n.put("providerId", call.providerId());
        n.put("type", call.type().name());
        n.put("status", call.status().name());
        n.put("durationMs", call.durationMs());
        n.put("totalUsage", call.totalUsage());
        n.put("credits", call.credits());
        n.put("callTime", call.callTime());
        n.put("errorReason", call.errorReason());
        n.set("usageMetrics", call.usageMetrics());
        n.set("metadata", call.metadata());
        n.put("requestId", call.requestId());
        n.put("traceId", call.traceId());
        n.put("schemaVersion", call.schemaVersion());
        return n;
    }
}
