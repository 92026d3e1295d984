package io.aigne.usage.support;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of each partition one consumer has reported lost, so that none is counted twice: a range
 * found while running and the range a later rewind finds can overlap in any way.
 */
final class LostRanges {
    /** Per partition: disjoint ranges, start to end (exclusive); touching ones are merged. */
    private final Map<TopicPartition, TreeMap<Long, Long>> reported = new HashMap<>();

    /** Adds {@code [from, to)} and answers how many of its offsets were not reported before. */
    long add(TopicPartition tp, long from, long to) {
        if (to <= from) {
            return 0;
        }
        TreeMap<Long, Long> ranges = reported.computeIfAbsent(tp, k -> new TreeMap<>());
        long covered = 0;
        long start = from;
        long end = to;
        Map.Entry<Long, Long> r = ranges.floorEntry(from);
        if (r == null || r.getValue() < from) {
            r = ranges.ceilingEntry(from);
        }
        while (r != null && r.getKey() <= to) { // overlaps or touches [from, to)
            covered += Math.max(0, Math.min(r.getValue(), to) - Math.max(r.getKey(), from));
            start = Math.min(start, r.getKey());
            end = Math.max(end, r.getValue());
            ranges.remove(r.getKey());
            r = ranges.ceilingEntry(r.getKey());
        }
        ranges.put(start, end);
        return (to - from) - covered;
    }
}
