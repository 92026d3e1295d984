package io.aigne.usage.query.service;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the numbers of one answer bucket {@code [start, end)} come from: UTC day rows and hour
 * rows of ModelCallStat for the whole, flushed part, and model_calls (live) for the rest —
 * partial first and last hours, hours not yet flushed, hours split by the bucket's edges.
 */
public record BucketPlan(long start, long end, List<Span> dayRows, List<Span> hourRows, List<Span> live) {
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;

    /** A half-open span of Unix seconds. */
    public record Span(long from, long to) {
        public boolean isEmpty() {
            return from >= to;
        }
    }

    /**
     * Plans {@code [start, end)} given that every bucket ending at or before {@code flushedUntil}
     * is complete in ModelCallStat.
     */
    public static BucketPlan of(long start, long end, long flushedUntil) {
        List<Span> days = new ArrayList<>();
        List<Span> hours = new ArrayList<>();
        List<Span> live = new ArrayList<>();
        long h1 = ceil(start, HOUR);
        long statsEnd = Math.min(Math.floorDiv(end, HOUR) * HOUR, Math.floorDiv(flushedUntil, HOUR) * HOUR);
        if (h1 < statsEnd) {
            add(live, start, h1);
            long d1 = ceil(h1, DAY);
            long d2 = Math.floorDiv(statsEnd, DAY) * DAY;
            if (d1 < d2) {
                add(hours, h1, d1);
                add(days, d1, d2);
                add(hours, d2, statsEnd);
            } else {
                add(hours, h1, statsEnd);
            }
            add(live, statsEnd, end);
        } else {
            add(live, start, end);
        }
        return new BucketPlan(start, end, days, hours, live);
    }

    private static void add(List<Span> spans, long from, long to) {
        if (from < to) {
            spans.add(new Span(from, to));
        }
    }

    private static long ceil(long t, long size) {
        return Math.floorDiv(t + size - 1, size) * size;
    }
}
