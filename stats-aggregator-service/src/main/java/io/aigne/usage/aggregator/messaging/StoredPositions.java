package io.aigne.usage.aggregator.messaging;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.aggregator.service.ConsumerOffsetStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Where each partition stands for the consumer thread: puts partitions back at the offsets stored
 * in PostgreSQL, and remembers the offset after the last committed record, which the lag metric
 * counts from (the consumer's position runs ahead by the batch in flight and the one collected).
 * Consumer thread only.
 */
@ApplicationScoped
class StoredPositions {
    private static final Logger LOG = Logger.getLogger(StoredPositions.class);

    @Inject
    ConsumerOffsetStore offsets;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PartitionProgress progress;

    private final Map<TopicPartition, Long> committed = new HashMap<>();

    /** Records of a partition were polled starting at {@code offset}; when nothing of it is known, that is where it stood. */
    void polled(TopicPartition tp, long offset) {
        committed.putIfAbsent(tp, offset);
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> next) {
        next.forEach((tp, offset) -> committed.put(tp, offset.offset()));
    }

    void forgetCommitted() {
        committed.clear();
    }

    /** Positions these partitions at their stored offsets again. */
    void rewind(KafkaConsumer<String, String> c, String group, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored = readStored(group, partitions);
        for (TopicPartition tp : partitions) {
            committed.remove(tp);
            if (stored.containsKey(tp)) {
                c.seek(tp, stored.get(tp));
            } else {
                c.seekToBeginning(List.of(tp));
            }
        }
    }

    /** Consumer lag per assigned partition, from the last committed record (the consumer is only safe on its own thread). */
    void recordLag(KafkaConsumer<String, String> c) {
        for (TopicPartition tp : c.assignment()) {
            c.currentLag(tp).ifPresent(l -> {
                Long done = committed.get(tp);
                progress.lag(tp, l + (done == null ? 0 : Math.max(0, c.position(tp) - done)));
            });
        }
    }

    private Map<TopicPartition, Long> readStored(String group, Collection<TopicPartition> partitions) {
        try (Connection conn = dataSource.getConnection()) {
            return offsets.read(conn, group, partitions);
        } catch (Exception e) {
            // database down: replaying from the beginning of what we hold is safe, stored offsets skip it later
            LOG.warn("Cannot read stored offsets", e);
            return Map.of();
        }
    }
}
