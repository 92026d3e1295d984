package io.aigne.usage.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Puts partitions at the offsets a consumer stored in its database beside the data they produced (the
 * idempotent consumers: the aggregator, the alerts service). When those cannot be read — the database
 * is down — the partitions are paused instead and placed by {@link #retryPaused} before a later poll:
 * sending them to the beginning of the topic would read its whole retention again, leaving them where
 * they are would skip the records of the batch that just failed, and giving up would stop the consumer.
 * A stored offset the topic's retention has already removed (the consumer was away longer than the
 * topic keeps records) is reported as lost records before the partition starts at the log's start:
 * they cannot be read again, and the consumer's reset policy would skip them without a word. The same
 * holds for a consumer that fell behind the log's start while running: its reset policy moves it to the
 * log's start inside a poll, and {@link #polled} notices the jump.
 * One per consumer, on its thread only.
 */
public final class StoredOffsetSeek {
    private static final Logger LOG = Logger.getLogger(StoredOffsetSeek.class);

    /** Reads the stored next offsets of these partitions; a partition with none stored is left out. */
    @FunctionalInterface
    public interface Reader {
        Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) throws Exception;
    }

    /** Told of records removed by the topic's retention before the consumer applied them. */
    @FunctionalInterface
    public interface Lost {
        void records(TopicPartition partition, long count);
    }

    /** How long to wait for the broker's log start offsets before seeking without them. */
    private static final Duration LOG_START_TIMEOUT = Duration.ofSeconds(5);

    private final Duration retryEvery;
    private final Lost lost;
    private final Set<TopicPartition> unplaced = new HashSet<>();
    private final LostRanges reported = new LostRanges();
    /** The offset of the record each partition should return next: set by a seek, moved on by polled records. */
    private final Map<TopicPartition, Long> expected = new HashMap<>();
    /** Records skipped by a jump whose log start could not be read yet: asked again after the next poll. */
    private final List<Jump> jumps = new ArrayList<>();
    private long nextAttempt;

    public StoredOffsetSeek(Duration retryEvery, Lost lost) {
        this.retryEvery = retryEvery;
        this.lost = lost;
    }

    /** Seeks the partitions to their stored offsets (the beginning when none is stored), or pauses them. */
    public void seek(Consumer<?, ?> c, Collection<TopicPartition> partitions, Reader stored) {
        if (partitions.isEmpty()) {
            return;
        }
        unplaced.addAll(partitions);
        partitions.forEach(expected::remove);
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

    /**
     * Seeks each partition to its stored next offset, or to the log's start when the topic's retention has
     * removed records from there on (reported once per instance and range: a partition placed again before it
     * stored a newer offset is not counted twice).
     */
    public void seekTo(Consumer<?, ?> c, Map<TopicPartition, Long> next) {
        Map<TopicPartition, Long> logStarts = logStarts(c, next.keySet());
        next.forEach((tp, offset) -> {
            Long logStart = logStarts.get(tp);
            long at = logStart == null ? offset : Math.max(offset, logStart);
            report(tp, offset, at);
            c.seek(tp, at);
            expected.put(tp, at);
        });
    }

    /** Records {@code [from, to)} of a partition were not returned by a poll: lost unless still in the log. */
    private record Jump(TopicPartition partition, long from, long to) {
    }

    /**
     * After each poll, with what it returned: a partition whose first record lies past the one expected,
     * while the log's start has moved past that one too, lost the records in between to retention (the
     * consumer fell behind the log's start and its reset policy moved it on). A jump that the log's start
     * does not explain (transaction markers, aborted records) loses nothing. The log starts are asked
     * only after a jump, in one request for the partitions that jumped.
     */
    public void polled(Consumer<?, ?> c, ConsumerRecords<?, ?> records) {
        for (TopicPartition tp : records.partitions()) {
            List<? extends ConsumerRecord<?, ?>> rs = records.records(tp);
            long first = rs.get(0).offset();
            Long want = expected.put(tp, rs.get(rs.size() - 1).offset() + 1);
            if (want != null && first > want) {
                jumps.add(new Jump(tp, want, first));
            }
        }
        if (jumps.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> logStarts = logStarts(c, jumps.stream().map(Jump::partition).collect(Collectors.toSet()));
        jumps.removeIf(j -> {
            Long logStart = logStarts.get(j.partition());
            if (logStart != null) {
                report(j.partition(), j.from(), Math.min(logStart, j.to()));
            }
            return logStart != null;
        });
    }

    /** Partitions revoked or lost: what was expected of them no longer holds when they come back. */
    public void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(expected::remove);
    }

    /** Reports {@code [from, upTo)} as lost, less what this instance reported of it already. */
    private void report(TopicPartition tp, long from, long upTo) {
        long count = reported.add(tp, from, upTo);
        if (count == 0) {
            return;
        }
        LOG.errorf("Records %d to %d of %s were removed by the topic's retention before they were applied: %d lost (not counted before)",
                from, upTo - 1, tp, count);
        try {
            lost.records(tp, count);
        } catch (RuntimeException e) {
            LOG.warn("Could not count the lost records", e);
        }
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
        Map<TopicPartition, Long> found = new HashMap<>(offsets);
        found.keySet().retainAll(unplaced);
        seekTo(c, found);
        for (TopicPartition tp : unplaced) {
            if (!found.containsKey(tp)) {
                c.seekToBeginning(List.of(tp)); // nothing stored: nothing of it was applied yet
                expected.remove(tp);
            }
        }
        c.resume(unplaced);
        unplaced.clear();
    }

    /** The partitions' first offsets still in the log; none when the broker does not answer in time. */
    private static Map<TopicPartition, Long> logStarts(Consumer<?, ?> c, Set<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        try {
            return c.beginningOffsets(partitions, LOG_START_TIMEOUT);
        } catch (WakeupException | InterruptException e) {
            throw e; // shutting down
        } catch (RuntimeException e) {
            // seeking without them only loses the report: the consumer's reset policy still moves on
            LOG.warnf("Cannot read the log start of %s; records removed by retention may go uncounted: %s", partitions, e.toString());
            return Map.of();
        }
    }
}
