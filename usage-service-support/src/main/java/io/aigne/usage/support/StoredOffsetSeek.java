package io.aigne.usage.support;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Puts partitions at the offsets a consumer stored in its database beside the data they produced (the
 * idempotent consumers: the aggregator, the alerts service). When those cannot be read — the database
 * is down — the partitions are paused instead and placed by {@link #retryPaused} before a later poll:
 * sending them to the beginning of the topic would read its whole retention again, leaving them where
 * they are would skip the records of the batch that just failed, and giving up would stop the consumer.
 * One per consumer, on its thread only.
 */
public final class StoredOffsetSeek {
    private static final Logger LOG = Logger.getLogger(StoredOffsetSeek.class);

    /** Reads the stored next offsets of these partitions; a partition with none stored is left out. */
    @FunctionalInterface
    public interface Reader {
        Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) throws Exception;
    }

    private final Duration retryEvery;
    private final Set<TopicPartition> unplaced = new HashSet<>();
    private long nextAttempt;

    public StoredOffsetSeek(Duration retryEvery) {
        this.retryEvery = retryEvery;
    }

    /** Seeks the partitions to their stored offsets (the beginning when none is stored), or pauses them. */
    public void seek(Consumer<?, ?> c, Collection<TopicPartition> partitions, Reader stored) {
        if (partitions.isEmpty()) {
            return;
        }
        unplaced.addAll(partitions);
        place(c, stored);
    }

    /**
     * Before each poll: retries the paused partitions, at most once per {@code retryEvery}. One that is no
     * longer paused was revoked, or assigned again and placed anew since, and is left as it is.
     */
    public void retryPaused(Consumer<?, ?> c, Reader stored) {
        if (unplaced.isEmpty()) {
            return;
        }
        unplaced.retainAll(c.paused());
        if (!unplaced.isEmpty() && System.nanoTime() - nextAttempt >= 0) {
            place(c, stored);
        }
    }

    /** Partitions paused until their stored offsets can be read. */
    public Set<TopicPartition> waiting() {
        return Set.copyOf(unplaced);
    }

    private void place(Consumer<?, ?> c, Reader stored) {
        unplaced.retainAll(c.assignment());
        if (unplaced.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> offsets;
        try {
            offsets = stored.read(Set.copyOf(unplaced));
        } catch (Exception e) {
            c.pause(unplaced);
            nextAttempt = System.nanoTime() + retryEvery.toNanos();
            LOG.warnf("Cannot read the stored offsets of %s; paused until they can be read: %s", unplaced, e.toString());
            return;
        }
        for (TopicPartition tp : unplaced) {
            Long next = offsets.get(tp);
            if (next != null) {
                c.seek(tp, next);
            } else {
                c.seekToBeginning(List.of(tp)); // nothing stored: nothing of it was applied yet
            }
        }
        c.resume(unplaced);
        unplaced.clear();
    }
}
