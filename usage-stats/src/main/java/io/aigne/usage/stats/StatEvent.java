package io.aigne.usage.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import java.util.Base64;

/**
 * One statistics event: a ModelCallStat row's whole state, as the aggregator announces it on
 * {@code aigne.model-call-stats.v1} (a flushed row, {@code version} ≥ 1, docs/contracts.md §6) or
 * {@code aigne.model-call-stats.live.v1} (a running snapshot of an open hour, {@code provisional},
 * version 0; decision 0009). The one place that writes and reads the JSON, for the publishers
 * and every consumer. Hour events carry {@code latencySketch} (base64 of {@link SketchCodec}'s
 * bytes) so that a consumer can merge the P95 of several hours.
 */
public record StatEvent(StatKey key, CallStats stats, int version, boolean provisional) {
    /** Whichever of two states of the same row is newer: flushed over running, then version, then calls. */
    public boolean newerThan(int otherVersion, long otherCalls) {
        if (version != otherVersion) {
            return version > otherVersion;
        }
        return provisional && stats.totalCalls() > otherCalls; // running snapshots only grow
    }

    public String toJson() {
        ObjectNode e = ModelCallJson.MAPPER.createObjectNode();
        e.put("userDid", key.userDid());
        e.put("appDid", key.appDid());
        e.put("modelId", key.modelId());
        e.put("timestamp", key.timestamp());
        e.put("timeType", key.timeType().name());
        e.set("stats", stats.toJson());
        Double p95 = stats.p95DurationMs();
        if (p95 == null) {
            e.putNull("p95Duration");
        } else {
            e.put("p95Duration", p95);
        }
        e.put("version", version);
        if (provisional) {
            e.put("provisional", true);
        }
        if (key.timeType() == TimeType.hour) {
            e.put("latencySketch", Base64.getEncoder().encodeToString(stats.sketchBytes()));
        }
        return e.toString();
    }

    /** Reads an event; a malformed one is an {@link IllegalArgumentException} naming what is wrong. */
    public static StatEvent parse(String json, int k) {
        try {
            JsonNode e = ModelCallJson.MAPPER.readTree(json);
            if (e == null || !e.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            TimeType type = TimeType.valueOf(text(e, "timeType", true));
            StatKey key = new StatKey(text(e, "userDid", true), text(e, "appDid", false), text(e, "modelId", false), type,
                    number(e, "timestamp"));
            JsonNode stats = e.get("stats");
            if (stats == null || !stats.isObject()) {
                throw new IllegalArgumentException("stats: missing");
            }
            JsonNode sketch = e.get("latencySketch");
            byte[] bytes = sketch == null || sketch.isNull() ? null : Base64.getDecoder().decode(sketch.asText());
            return new StatEvent(key, CallStats.fromStored(stats, bytes, k), (int) number(e, "version"),
                    e.path("provisional").asBoolean(false));
        } catch (JsonProcessingException | RuntimeException ex) {
            throw ex instanceof IllegalArgumentException iae ? iae : new IllegalArgumentException(ex.getMessage(), ex);
        }
    }

    private static String text(JsonNode e, String field, boolean required) {
        JsonNode n = e.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + ": missing");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException(field + ": not a string");
        }
        return n.asText();
    }

    private static long number(JsonNode e, String field) {
        JsonNode n = e.get(field);
        if (n == null || !n.canConvertToLong()) {
            throw new IllegalArgumentException(field + ": missing or not an integer");
        }
        return n.asLong();
    }
}
