package io.aigne.usage.aggregator.messaging;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.aggregator.service.ConsumerOffsetStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    @Inject
    AggregatorConfig config;

    private final Map<TopicPartition, Long> committed = new HashMap<>();
    /** Partitions to position at their stored offsets, paused while those cannot be read. */
    private final Set<TopicPartition> unplaced = new HashSet<>();
    private long nextAttempt;

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

    /**
     * Positions these partitions at their stored offsets again. When those cannot be read (the database
     * is down) the partitions are paused instead, and {@link #placePaused} places them once it can:
     * seeking them to the beginning would replay the topic's whole retention (skipped record by record,
     * but for hours), and leaving them where they are would skip the records of a failed batch.
     */
    void rewind(KafkaConsumer<String, String> c, String group, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        partitions.forEach(committed::remove);
        unplaced.addAll(partitions);
        place(c, group);
    }

    /**
     * Before each poll: retries the partitions paused because their stored offsets could not be read, at
     * most once per retry backoff. A partition that is no longer paused was revoked or positioned anew by
     * a takeover since, and is left as it is.
     */
    void placePaused(KafkaConsumer<String, String> c, String group) {
        if (unplaced.isEmpty()) {
            return;
        }
        unplaced.retainAll(c.paused());
        if (!unplaced.isEmpty() && System.nanoTime() >= nextAttempt) {
            place(c, group);
        }
    }

    private void place(KafkaConsumer<String, String> c, String group) {
        unplaced.retainAll(c.assignment());
        if (unplaced.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored;
        try (Connection conn = dataSource.getConnection()) {
            stored = offsets.read(conn, group, unplaced);
        } catch (Exception e) {
            c.pause(unplaced);
            nextAttempt = System.nanoTime() + config.consumer().retryBackoff().toNanos();
            LOG.warnf("Cannot read the stored offsets of %s; paused until they can be read: %s", unplaced, e.toString());
            return;
        }
        for (TopicPartition tp : unplaced) {
            if (stored.containsKey(tp)) {
                c.seek(tp, stored.get(tp));
            } else {
                c.seekToBeginning(List.of(tp)); // never stored: nothing of it was applied
            }
        }
        c.resume(unplaced);
        unplaced.clear();
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
