package io.aigne.usage.query.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Many spans in one statement: {@link #FROM} is a relation {@code s(f, t, i)} of the spans' bounds
 * and their 1-based index, each joined LATERAL with a subquery over its own rows, so one round trip
 * answers every span. LATERAL (with an aggregate or OFFSET 0, so it is not flattened) keeps the plan
 * a per-span index range scan even as a generic plan, which estimates the array at 10 elements: a
 * plain join of the same shape then scanned all the user's calls once per span (minutes, not ms).
 */
final class SpanArrays {
    static final String FROM = "unnest(?::bigint[], ?::bigint[]) WITH ORDINALITY AS s(f, t, i)";

    private SpanArrays() {
    }

    /**
     * The values of live {@code spans} in their order, reading only those that may hold calls: a span
     * starting after the read point's latest call ({@link ReadPoint#noCallsFrom}) holds none and is
     * {@code empty} without a statement (no statement at all when that is every span).
     */
    static <V> List<V> readLive(ReadPoint p, List<BucketPlan.Span> spans, Supplier<V> empty,
            SqlFunction<List<BucketPlan.Span>, List<V>> read) throws SQLException {
        List<BucketPlan.Span> withCalls = new ArrayList<>(spans.size());
        for (BucketPlan.Span s : spans) {
            if (!p.noCallsFrom(s.from())) {
                withCalls.add(s);
            }
        }
        if (withCalls.size() == spans.size()) {
            return read.apply(spans);
        }
        List<V> read1 = withCalls.isEmpty() ? List.of() : read.apply(withCalls);
        List<V> values = new ArrayList<>(spans.size());
        int r = 0;
        for (BucketPlan.Span s : spans) {
            values.add(p.noCallsFrom(s.from()) ? empty.get() : read1.get(r++));
        }
        return values;
    }

    @FunctionalInterface
    interface SqlFunction<T, R> {
        R apply(T t) throws SQLException;
    }

    /** Binds the spans' starts and ends from parameter {@code i}; returns the next index. */
    static int bind(Connection c, PreparedStatement ps, int i, List<BucketPlan.Span> spans) throws SQLException {
        Long[] from = new Long[spans.size()];
        Long[] to = new Long[spans.size()];
        for (int s = 0; s < spans.size(); s++) {
            from[s] = spans.get(s).from();
            to[s] = spans.get(s).to();
        }
        ps.setArray(i++, c.createArrayOf("bigint", from));
        ps.setArray(i++, c.createArrayOf("bigint", to));
        return i;
    }
}
