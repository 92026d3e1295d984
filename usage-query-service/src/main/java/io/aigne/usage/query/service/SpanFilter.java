package io.aigne.usage.query.service;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** A WHERE condition for "inside any of these half-open spans" of one time column, and its binding. */
final class SpanFilter {
    private SpanFilter() {
    }

    /** {@code " AND ((col >= ? AND col < ?) OR ...)"}; {@code spans} must not be empty. */
    static String anyOf(String column, List<BucketPlan.Span> spans) {
        StringBuilder where = new StringBuilder();
        for (int s = 0; s < spans.size(); s++) {
            where.append(s == 0 ? " AND ((" : " OR (").append(column).append(" >= ? AND ").append(column).append(" < ?)");
        }
        return where.append(")").toString();
    }

    /** Binds the spans' bounds from parameter {@code i}; returns the next index. */
    static int bind(PreparedStatement ps, int i, List<BucketPlan.Span> spans) throws SQLException {
        for (BucketPlan.Span span : spans) {
            ps.setLong(i++, span.from());
            ps.setLong(i++, span.to());
        }
        return i;
    }
}
