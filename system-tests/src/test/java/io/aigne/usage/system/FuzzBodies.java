package io.aigne.usage.system;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded request bodies for the edge fuzz, written as raw JSON text so they can hold what a JSON
 * library would not write: numbers past every range, duplicated keys, lone surrogate escapes,
 * NUL escapes, deep nesting, invalid UTF-8 bytes, non-JSON.
 */
final class FuzzBodies {
    private static final List<String> EVIL_JSON = List.of("\"\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"x\\udc00y\"",
            "\"\u0663\"", "\"\\u0663\"", "\"\uD83D\uDE00\"", "9223372036854775807", "9223372036854775808", "-1", "1e999999999",
            "1e308", "1e-400", "0.00000000001", "10000000000000000000000000000", "-0", "true", "[]", "{}", "null", "\"123\"",
            "\"NaN\"", "{\"n\":1e999999999}", "{\"a\":{\"b\":[1,2,{\"c\":\"\\u0000\"}]}}", "\"" + "y".repeat(2_000) + "\"",
            "1.5", "0", "253402300800", "1577836799");
    private static final List<String> FIELDS = List.of("id", "userDid", "appDid", "model", "providerId", "type", "status",
            "durationMs", "totalUsage", "credits", "callTime", "errorReason", "usageMetrics", "metadata", "requestId",
            "traceId", "schemaVersion");

    private final FuzzValues values;
    private final Random random;
    private final String user;
    private final long now;

    FuzzBodies(FuzzValues values, Random random, String user, long now) {
        this.values = values;
        this.random = random;
        this.user = user;
        this.now = now;
    }

    /** A valid event's fields as raw JSON tokens, for the fuzz user in {@code app}. */
    Map<String, String> validEvent(String app) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("id", quote("fuzz-" + Long.toHexString(random.nextLong())));
        e.put("userDid", quote(user));
        e.put("appDid", quote(app));
        e.put("model", quote(values.pick(List.of("gpt-4o", "claude-3-5-sonnet"))));
        e.put("providerId", quote("openai"));
        e.put("type", quote("chatCompletion"));
        e.put("status", quote(values.pick(List.of("success", "success", "failed"))));
        e.put("durationMs", Integer.toString(random.nextInt(20_000)));
        e.put("totalUsage", Integer.toString(random.nextInt(4_000)));
        e.put("credits", "0.00" + random.nextInt(1_000));
        e.put("callTime", Long.toString(now - 3_600 - random.nextInt(2 * 86_400)));
        e.put("errorReason", "null");
        e.put("usageMetrics", "{\"inputTokens\":" + random.nextInt(100) + "}");
        e.put("metadata", "{\"endpoint\":\"/v2/chat\"}");
        e.put("requestId", quote("req-" + random.nextInt(1_000_000)));
        e.put("traceId", "null");
        e.put("schemaVersion", "1");
        return e;
    }

    /** A valid event with 0-3 fields replaced, removed, duplicated or added. */
    String mutatedEvent(String app) {
        Map<String, String> e = validEvent(app);
        StringBuilder extra = new StringBuilder();
        int mutations = random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            String field = values.pick(FIELDS);
            switch (random.nextInt(5)) {
                case 0 -> e.remove(field);
                case 1 -> extra.append(",\"").append(field).append("\":").append(values.pick(EVIL_JSON));
                case 2 -> e.put(field, nested(1 + random.nextInt(values.chance(0.1) ? 1_500 : 40)));
                default -> e.put(field, values.pick(EVIL_JSON));
            }
        }
        StringBuilder json = new StringBuilder("{");
        e.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return json.append(extra).append('}').toString();
    }

    /** An ingest body: mostly arrays or NDJSON of mutated events, sometimes no events at all. */
    byte[] ingest(String app) {
        int kind = random.nextInt(12);
        String text = switch (kind) {
            case 0 -> values.pick(List.of("", " ", "[]", "{}", "null", "[1,2]", "[\"a\"]", "not json", "[{", "{\"id\":", "\uFEFF[]"));
            case 1 -> nested(1 + random.nextInt(3_000));
            case 2 -> "[" + "{}, ".repeat(1_000) + "{}]"; // 1001 events: over the per-request limit
            case 3 -> "[" + mutatedEvent(app) + "," + values.pick(List.of("1e999999999", "\"x\"", "[]", "null")) + "]";
            case 4 -> "{\"credits\":\"" + "9".repeat(values.chance(0.5) ? 40 : 20_000) + "\"}\n" + mutatedEvent(app);
            case 5, 6 -> ndjson(app);
            default -> array(app);
        };
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return values.chance(0.05) ? withInvalidUtf8(bytes) : bytes;
    }

    /** An auto-recharge body: the valid shape with evil values, or not that shape at all. */
    byte[] autoRecharge() {
        if (values.chance(0.15)) {
            return values.pick(List.of("", "null", "[]", "{", "\"x\"", "{\"enabled\":\"yes\"}", nested(2_000)))
                    .getBytes(StandardCharsets.UTF_8);
        }
        String threshold = values.chance(0.5) ? "10" : values.pick(EVIL_JSON);
        String quantity = values.chance(0.5) ? "100" : values.pick(EVIL_JSON);
        String attempts = values.chance(0.5) ? "3" : values.pick(EVIL_JSON);
        String amount = values.chance(0.5) ? "300" : values.pick(EVIL_JSON);
        String enabled = values.chance(0.7) ? values.pick(List.of("true", "false")) : values.pick(EVIL_JSON);
        return ("{\"enabled\":" + enabled + ",\"threshold\":" + threshold + ",\"quantity\":" + quantity
                + ",\"dailyLimit\":{\"maxAttempts\":" + attempts + ",\"maxAmount\":" + amount + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private String array(String app) {
        List<String> events = new ArrayList<>();
        for (int i = random.nextInt(6); i >= 0; i--) {
            events.add(mutatedEvent(app));
        }
        return "[" + String.join(",", events) + "]";
    }

    private String ndjson(String app) {
        List<String> lines = new ArrayList<>();
        for (int i = random.nextInt(6); i >= 0; i--) {
            lines.add(values.chance(0.2) ? values.pick(List.of("garbage", "[1]", "{", "\"\\ud800\"", "1e999999999")) : mutatedEvent(app));
        }
        return String.join(values.chance(0.5) ? "\n" : "\r\n", lines);
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private byte[] withInvalidUtf8(byte[] bytes) {
        byte[] out = new byte[bytes.length + 2];
        int at = random.nextInt(bytes.length + 1);
        System.arraycopy(bytes, 0, out, 0, at);
        out[at] = (byte) 0xC0;
        out[at + 1] = (byte) 0x80;
        System.arraycopy(bytes, at, out, at + 2, bytes.length - at);
        return out;
    }

    /** A project profile (PUT /api/ingest/projects/{appDid}): hostile names and URLs, wrong types, sometimes no object. */
    byte[] projectProfile() {
        if (values.chance(0.15)) {
            return values.pick(List.of("", "null", "[]", "{", "\"x\"", nested(2_000))).getBytes(StandardCharsets.UTF_8);
        }
        String name = values.chance(0.4) ? quote("Fuzz " + random.nextInt(100)) : values.chance(0.5) ? quote(values.evil()) : values.pick(EVIL_JSON);
        String logo = values.pick(List.of("null", quote("https://cdn.example/l.png"), quote("http://cdn.example/l.png"),
                quote("javascript:alert(1)"), quote("https://a@b.example/"), quote("https://" + values.evil()), values.pick(EVIL_JSON)));
        String app = values.chance(0.5) ? quote("https://app.example") : values.pick(EVIL_JSON);
        return ("{\"name\":" + name + ",\"logoUrl\":" + logo + ",\"appUrl\":" + app + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
