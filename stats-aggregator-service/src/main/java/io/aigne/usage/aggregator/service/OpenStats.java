package io.aigne.usage.aggregator.service;

import io.aigne.usage.events.ModelCall;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatKey;
import io.aigne.usage.stats.TimeType;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The running accumulators of buckets not yet flushed, per owned partition, with each partition's
 * watermark (every bucket ending at or before it is in the database). Only the consumer thread
 * changes it; while a batch is written, the writer threads only read the watermarks of its
 * partitions ({@link #isFlushed}), and those move only in a flush or a rebalance, which wait until
 * nothing is in flight (decision 0013). So it needs no locking.
 */
public final class OpenStats {
    private final int sketchK;
    private final Map<Integer, Partition> partitions = new HashMap<>();

    /** One partition's watermark and open buckets. */
    static final class Partition {
        long watermark;
        final Map<StatKey, CallStats> open = new HashMap<>();
        /** Open hour buckets changed since the last running snapshot (decision 0009). */
        final Set<StatKey> changed = new HashSet<>();

        Partition(long watermark) {
            this.watermark = watermark;
        }
    }

    public OpenStats(int sketchK) {
        this.sketchK = sketchK;
    }

    public void assign(int partition, long watermark) {
        partitions.put(partition, new Partition(watermark));
    }

    public void revoke(Collection<Integer> revoked) {
        revoked.forEach(partitions::remove);
    }

    public boolean owns(int partition) {
        return partitions.containsKey(partition);
    }

    public Collection<Integer> owned() {
        return partitions.keySet();
    }

    public OptionalLong watermark(int partition) {
        Partition p = partitions.get(partition);
        return p == null ? OptionalLong.empty() : OptionalLong.of(p.watermark);
    }

    /** True when the bucket was already flushed for this partition, so a change must go to the database. */
    public boolean isFlushed(int partition, StatKey key) {
        return key.end() <= partitions.get(partition).watermark;
    }

    public void add(int partition, StatKey key, ModelCall call) {
        Partition p = partitions.get(partition);
        p.open.computeIfAbsent(key, k -> CallStats.empty(sketchK)).add(call);
        if (key.timeType() == TimeType.hour) {
            p.changed.add(key);
        }
    }

    /**
     * The open hour buckets changed since the last call, with their current state, forgetting the
     * marks: what a running snapshot publishes. The caller gives them back ({@link #unsent}) when
     * the snapshot could not be sent.
     */
    public Map<StatKey, CallStats> takeChanged() {
        Map<StatKey, CallStats> changed = new HashMap<>();
        for (Partition p : partitions.values()) {
            p.changed.forEach(key -> changed.put(key, p.open.get(key)));
            p.changed.clear();
        }
        return changed;
    }

    /** Snapshots that did not reach Kafka: marked again, unless their bucket left meanwhile. */
    public void unsent(Collection<StatKey> keys) {
        for (Partition p : partitions.values()) {
            keys.stream().filter(p.open::containsKey).forEach(p.changed::add);
        }
    }

    /** The open buckets that end at or before {@code until}: what a flush up to there writes. */
    public Map<StatKey, CallStats> closedBy(int partition, long until) {
        Map<StatKey, CallStats> closed = new HashMap<>();
        partitions.get(partition).open.forEach((key, stats) -> {
            if (key.end() <= until) {
                closed.put(key, stats);
            }
        });
        return closed;
    }

    /** After a flush committed: forget the flushed buckets and move the watermark. */
    public void flushed(int partition, long until) {
        Partition p = partitions.get(partition);
        Iterator<StatKey> it = p.open.keySet().iterator();
        while (it.hasNext()) {
            if (it.next().end() <= until) {
                it.remove();
            }
        }
        p.changed.removeIf(key -> key.end() <= until); // the flushed row's event supersedes a snapshot
        p.watermark = Math.max(p.watermark, until);
    }

    public int openBuckets() {
        return partitions.values().stream().mapToInt(p -> p.open.size()).sum();
    }
}
