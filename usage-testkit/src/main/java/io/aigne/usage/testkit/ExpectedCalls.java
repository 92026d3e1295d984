package io.aigne.usage.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The test's own model of docs/contracts.md §1 update rules, applied to the events in the order they
 * were sent: the first event of an id creates the call, a terminal event replaces a processing
 * one, and nothing changes a terminal call.
 */
public final class ExpectedCalls {
    private final Map<String, ObjectNode> byKey = new LinkedHashMap<>();

    public void sent(ObjectNode event) {
        String key = event.get("userDid").asText() + "|" + event.get("id").asText();
        ObjectNode current = byKey.get(key);
        boolean incomingTerminal = !"processing".equals(event.get("status").asText());
        if (current == null || ("processing".equals(current.get("status").asText()) && incomingTerminal)) {
            byKey.put(key, event.deepCopy());
        }
    }

    /** The final state of every call of a user (any project, any time). */
    public List<ObjectNode> all(String userDid) {
        return byKey.values().stream().filter(e -> e.get("userDid").asText().equals(userDid)).toList();
    }

    /** A user's calls in a project within [start, end], newest first, ties by id desc. */
    public List<ObjectNode> list(String userDid, String appDid, long start, long end) {
        return byKey.values().stream()
                .filter(e -> e.get("userDid").asText().equals(userDid) && appDid.equals(e.path("appDid").asText(null)))
                .filter(e -> e.get("callTime").asLong() >= start && e.get("callTime").asLong() <= end)
                .sorted(Comparator.<ObjectNode>comparingLong(e -> e.get("callTime").asLong())
                        .thenComparing(e -> e.get("id").asText()).reversed())
                .toList();
    }
}
