package io.aigne.usage.aggregator.service;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where valid events that arrived under another key than their userDid go: back to the topic
 * keyed by their user, so they are applied on the user's partition. Each partition owns its
 * users' open hours and flushes them by replacing the rows, so a user's calls on two partitions
 * would overwrite each other's statistics. Implemented by the messaging layer.
 */
public interface Reroutes {

    /** A valid event and the user it belongs to. */
    record Misrouted(ConsumerRecord<String, String> source, String userDid) {
    }

    /** Returns once every event is acknowledged by the broker; throws when it is not. */
    void forward(List<Misrouted> events);
}
