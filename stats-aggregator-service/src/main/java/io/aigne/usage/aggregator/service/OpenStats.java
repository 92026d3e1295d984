package io.aigne.usage.aggregator.service;

import io.aigne.usage.events.ModelCall;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatKey;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The running accumulators of buckets not yet flushed, per owned partition, with each partition's
 * watermark (every bucket ending at or before it is in the database). Only the consumer thread
 * touches it, so it needs no locking.
 */
public final class OpenStats {
    private final int sketchK;
    private final Map<Integer, Partition> partitions = new HashMap<>();

    /** One partition's watermark and open buckets. */
    static final class Partition {
        long watermark;
        final Map<StatKey, CallStats> open = new HashMap<>();

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
        partitions.get(partition).open.computeIfAbsent(key, k -> CallStats.empty(sketchK)).add(call);
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
        p.watermark = Math.max(p.watermark, until);
    }

    public int openBuckets() {
        return partitions.values().stream().mapToInt(p -> p.open.size()).sum();
    }
}
