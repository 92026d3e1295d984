package io.aigne.usage.aggregator.messaging;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.aggregator.service.ConsumerOffsetStore;
import io.aigne.usage.support.StoredOffsetSeek;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where each partition stands for the consumer thread: puts partitions back at the offsets stored
 * in PostgreSQL, and remembers the offset after the last committed record, which the lag metric
 * counts from (the consumer's position runs ahead by the batch in flight and the one collected).
 * Consumer thread only.
 */
@ApplicationScoped
class StoredPositions {
    @Inject
    ConsumerOffsetStore offsets;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    PartitionProgress progress;

    @Inject
    AggregatorConfig config;

    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private StoredOffsetSeek seek;

    @PostConstruct
    void start() {
        seek = new StoredOffsetSeek(config.consumer().retryBackoff(), progress::lostToRetention);
    }

    /**
     * After each poll: a partition of which nothing is known stood at its first record polled; records
     * the topic's retention removed while the consumer was behind are counted lost ({@link StoredOffsetSeek#polled}).
     */
    void polled(KafkaConsumer<String, String> c, ConsumerRecords<String, String> records) {
        seek.polled(c, records);
        for (TopicPartition tp : records.partitions()) {
            committed.putIfAbsent(tp, records.records(tp).get(0).offset());
        }
    }

    void committed(Map<TopicPartition, OffsetAndMetadata> next) {
        next.forEach((tp, offset) -> committed.put(tp, offset.offset()));
    }

    void forgetCommitted() {
        committed.clear();
    }

    /** Partitions revoked or lost: nothing known of them holds when they come back. */
    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(committed::remove);
        seek.forget(partitions);
    }

    /** Positions these partitions at their stored offsets again, or pauses them while those cannot be read. */
    void rewind(KafkaConsumer<String, String> c, String group, Collection<TopicPartition> partitions) {
        partitions.forEach(committed::remove);
        seek.seek(c, partitions, stored(group));
    }

    /** Seeks partitions to offsets just read from the database (a takeover's claim), reporting what retention removed. */
    void seekTo(KafkaConsumer<String, String> c, Map<TopicPartition, Long> next) {
        seek.seekTo(c, next);
    }

    /** Before each poll: places the partitions paused by {@link #rewind} once their stored offsets can be read. */
    void placePaused(KafkaConsumer<String, String> c, String group) {
        seek.retryPaused(c, stored(group));
    }

    private StoredOffsetSeek.Reader stored(String group) {
        return partitions -> {
            try (Connection conn = dataSource.getConnection()) {
                return offsets.read(conn, group, partitions);
            }
        };
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
}
