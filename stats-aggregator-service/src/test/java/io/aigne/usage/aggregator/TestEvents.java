package io.aigne.usage.aggregator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import java.util.UUID;

/** Builds raw events for tests; every call gets a fresh id unless one is given. */
final class TestEvents {
    private TestEvents() {
    }

    static ObjectNode call(String userDid, String appDid, String status, long callTime) {
        ObjectNode e = ModelCallJson.MAPPER.createObjectNode();
        e.put("id", "t-" + UUID.randomUUID());
        e.put("userDid", userDid);
        e.put("appDid", appDid);
        e.put("model", "gpt-4o");
        e.put("providerId", "openai");
        e.put("type", "chatCompletion");
        e.put("status", status);
        e.put("durationMs", 812.25);
        e.put("totalUsage", 300);
        e.put("credits", new java.math.BigDecimal("0.0000012345"));
        e.put("callTime", callTime);
        e.put("schemaVersion", 1);
        return e;
    }

    static String uniqueUser() {
        return "did:test:" + UUID.randomUUID();
    }
}
