package io.aigne.usage.aggregator.service;

import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Where records that cannot be stored go (the DLQ topic); implemented by the messaging layer, so
 * the batch processor depends on this port and not on Kafka producers.
 */
public interface DeadLetters {

    /** A record set aside, with every reason it was refused. */
    record Rejected(ConsumerRecord<String, String> source, String reason) {
    }

    /** Returns once every record is acknowledged by the broker; throws when it is not. */
    void publish(List<Rejected> rejected);
}
