package io.aigne.usage.query.service;

import io.aigne.usage.stats.DataHorizons;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where the numbers of one answer bucket {@code [start, end)} come from: UTC day rows and hour
 * rows of ModelCallStat for the whole, flushed part, and model_calls (live) for the rest —
 * partial first and last hours, hours not yet flushed, hours split by the bucket's edges. What
 * retention removed and nothing else can answer is {@code lost} (docs/contracts.md "Retention and
 * coverage"): those seconds' calls are not counted.
 */
public record BucketPlan(long start, long end, List<Span> dayRows, List<Span> hourRows, List<Span> live, List<Span> lost) {
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;

    /** A half-open span of Unix seconds. */
    public record Span(long from, long to) {
        public boolean isEmpty() {
            return from >= to;
        }
    }

    /** True when every call of {@code [start, end)} is counted. */
    public boolean complete() {
        return lost.isEmpty();
    }

    /** The first second from which on to {@code end} every call is counted: the end of the last lost span. */
    public long exactFrom() {
        return lost.isEmpty() ? start : lost.get(lost.size() - 1).to();
    }

    /** Plans {@code [start, end)} when retention removed nothing. */
    public static BucketPlan of(long start, long end, long flushedUntil) {
        return of(start, end, new DataHorizons(flushedUntil, 0, 0));
    }

    /**
     * Plans {@code [start, end)} given that every bucket ending at or before {@code flushedUntil}
     * is complete in ModelCallStat, hour rows exist from {@code hourRowsFrom} and raw calls from
     * {@code rawCallsFrom} on. Day rows are kept forever. Hours whose rows were removed are read
     * live where the raw calls are still kept; a live second before {@code rawCallsFrom} is lost
     * (a partial hour has no row to fall back on).
     */
    public static BucketPlan of(long start, long end, DataHorizons h) {
        List<Span> days = new ArrayList<>();
        List<Span> hours = new ArrayList<>();
        List<Span> live = new ArrayList<>();
        long h1 = ceil(start, HOUR);
        long statsEnd = Math.min(Math.floorDiv(end, HOUR) * HOUR, Math.floorDiv(h.flushedUntil(), HOUR) * HOUR);
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
        if (!h.anythingRemoved()) {
            return new BucketPlan(start, end, days, hours, live, List.of());
        }
        List<Span> keptHours = new ArrayList<>();
        List<Span> keptLive = new ArrayList<>();
        List<Span> lost = new ArrayList<>();
        for (Span s : hours) {
            add(keptHours, Math.max(s.from(), h.hourRowsFrom()), s.to());
            liveOrLost(s.from(), Math.min(s.to(), h.hourRowsFrom()), h.rawCallsFrom(), keptLive, lost);
        }
        for (Span s : live) {
            liveOrLost(s.from(), s.to(), h.rawCallsFrom(), keptLive, lost);
        }
        return new BucketPlan(start, end, days, keptHours, merged(keptLive), merged(lost));
    }

    /** {@code [from, to)} read live at and after {@code rawFrom}, lost before it. */
    private static void liveOrLost(long from, long to, long rawFrom, List<Span> live, List<Span> lost) {
        add(lost, from, Math.min(to, rawFrom));
        add(live, Math.max(from, rawFrom), to);
    }

    /** Ascending, with touching spans joined (one live read instead of two). */
    private static List<Span> merged(List<Span> spans) {
        spans.sort(Comparator.comparingLong(Span::from));
        List<Span> out = new ArrayList<>();
        for (Span s : spans) {
            Span last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.to() == s.from()) {
                out.set(out.size() - 1, new Span(last.from(), s.to()));
            } else {
                out.add(s);
            }
        }
        return out;
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
