package io.aigne.usage.aggregator.service;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the attempts at one polled batch know about its bad records: those the database refused
 * (to be dead-lettered with that reason instead of written) and those already on the DLQ from an
 * attempt that then rolled back (not sent again, so a split batch dead-letters each record once).
 */
public final class SetAside {
    private final Map<ConsumerRecord<String, String>, String> refused = new IdentityHashMap<>();
    private final Set<ConsumerRecord<String, String>> sent = Collections.newSetFromMap(new IdentityHashMap<>());

    void refuse(ConsumerRecord<String, String> record, String reason) {
        refused.put(record, reason);
    }

    /** The database's reason for a refused record, or null. */
    String refusal(ConsumerRecord<String, String> record) {
        return refused.get(record);
    }

    boolean alreadySent(ConsumerRecord<String, String> record) {
        return sent.contains(record);
    }

    void sent(ConsumerRecord<String, String> record) {
        sent.add(record);
    }
}
