package io.aigne.usage.query.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

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
