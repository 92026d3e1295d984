package io.aigne.usage.query.service;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.stats.DataHorizons;
import io.aigne.usage.stats.StatSums;
import io.aigne.usage.stats.TimeType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * SQL behind the statistics endpoints. Sums of whole flushed buckets come from model_call_stats
 * (aggregated by PostgreSQL, with the expressions usage-stats owns: {@link StatSums}), the rest
 * from model_calls; every statement is bound to one user.
 */
@ApplicationScoped
public class UsageStatsRepository {
    /** The same {@link StatSums#COLUMN_COUNT} columns as {@link StatSums#COLUMNS}, over live calls. */
    private static final String CALL_COLUMNS = """
            count(*) AS n, count(*), count(*) FILTER (WHERE status = 'success'), count(*) FILTER (WHERE status = 'failed'),
            sum(total_usage), sum(credits), sum(duration_ms::numeric) FILTER (WHERE status = 'success'), max(call_time)""";

    @Inject
    AgroalDataSource dataSource;

    /** The flush watermark and what retention kept, in one statement ({@link DataHorizons}). */
    public DataHorizons horizons() {
        try (Connection c = dataSource.getConnection()) {
            return DataHorizons.read(c);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** Totals per group (appDid, model or "") over the stats rows and live spans of one plan. */
    public Map<String, Totals> totals(Scope scope, BucketPlan plan) {
        Map<String, Totals> byGroup = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            statsTotals(c, scope, TimeType.day, plan.dayRows(), (g, t) -> byGroup.merge(g, t, Totals::plus));
            statsTotals(c, scope, TimeType.hour, plan.hourRows(), (g, t) -> byGroup.merge(g, t, Totals::plus));
            for (BucketPlan.Span span : plan.live()) {
                liveTotals(c, scope, span, (g, t) -> byGroup.merge(g, t, Totals::plus));
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        return byGroup;
    }

    /**
     * Totals per trend bucket (one group), for buckets given by their plans. Stats rows are read
     * once over the whole range and added to the bucket whose plan lists their span.
     */
    public List<Totals> trend(Scope scope, List<BucketPlan> plans) {
        List<Totals> totals = new ArrayList<>(plans.size());
        plans.forEach(p -> totals.add(Totals.ZERO));
        if (plans.isEmpty()) {
            return totals;
        }
        try (Connection c = dataSource.getConnection()) {
            // day rows and hour rows are read separately, each only over the spans that use them
            for (TimeType type : List.of(TimeType.day, TimeType.hour)) {
                Map<Long, Integer> bucketOfRow = new HashMap<>();
                long step = type.seconds();
                long from = Long.MAX_VALUE;
                long to = Long.MIN_VALUE;
                for (int b = 0; b < plans.size(); b++) {
                    for (BucketPlan.Span s : type == TimeType.day ? plans.get(b).dayRows() : plans.get(b).hourRows()) {
                        for (long t = s.from(); t < s.to(); t += step) {
                            bucketOfRow.put(t, b);
                        }
                        from = Math.min(from, s.from());
                        to = Math.max(to, s.to());
                    }
                }
                if (from >= to) {
                    continue;
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT \"timestamp\", " + StatSums.COLUMNS
                        + " FROM model_call_stats WHERE user_did = ?" + scope.statsFilter()
                        + " AND time_type = ? AND \"timestamp\" >= ? AND \"timestamp\" < ? GROUP BY \"timestamp\"")) {
                    int i = scope.bind(ps);
                    ps.setString(i++, type.name());
                    ps.setLong(i++, from);
                    ps.setLong(i, to);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Integer b = bucketOfRow.get(rs.getLong(1));
                            if (b != null) {
                                totals.set(b, totals.get(b).plus(readTotals(rs, 2)));
                            }
                        }
                    }
                }
            }
            for (int b = 0; b < plans.size(); b++) {
                int bucket = b;
                for (BucketPlan.Span span : plans.get(b).live()) {
                    liveTotals(c, scope, span, (g, t) -> totals.set(bucket, totals.get(bucket).plus(t)));
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        return totals;
    }

    /**
     * Credits per group and UTC day from the day rows of {@code [from, to)} (day starts): the spend
     * forecast's history. A day without a row has no entry.
     */
    public Map<String, Map<Long, BigDecimal>> dayRowCredits(Scope scope, long from, long to) {
        Map<String, Map<Long, BigDecimal>> byGroup = new HashMap<>();
        if (from >= to) {
            return byGroup;
        }
        String group = scope.statsGroup();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + group + ", \"timestamp\", " + StatSums.COLUMNS
                        + " FROM model_call_stats WHERE user_did = ?" + scope.statsFilter()
                        + " AND time_type = 'day' AND \"timestamp\" >= ? AND \"timestamp\" < ?"
                        + (group.startsWith("'") ? " GROUP BY \"timestamp\"" : " GROUP BY " + group + ", \"timestamp\""))) {
            int i = scope.bind(ps);
            ps.setLong(i++, from);
            ps.setLong(i, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byGroup.computeIfAbsent(rs.getString(1), g -> new HashMap<>()).merge(rs.getLong(2), readTotals(rs, 3).credits(),
                            BigDecimal::add);
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        return byGroup;
    }

    private static void statsTotals(Connection c, Scope scope, TimeType type, List<BucketPlan.Span> spans,
            BiConsumer<String, Totals> sink) throws SQLException {
        if (spans.isEmpty()) {
            return;
        }
        String group = scope.statsGroup();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + group + ", " + StatSums.COLUMNS
                + " FROM model_call_stats WHERE user_did = ?" + scope.statsFilter() + " AND time_type = ?"
                + SpanFilter.anyOf("\"timestamp\"", spans) + groupBy(group))) {
            int i = scope.bind(ps);
            ps.setString(i++, type.name());
            SpanFilter.bind(ps, i, spans);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs.getString(1), readTotals(rs, 2));
                }
            }
        }
    }

    private static void liveTotals(Connection c, Scope scope, BucketPlan.Span span, BiConsumer<String, Totals> sink)
            throws SQLException {
        String group = scope.callsGroup();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + group + ", " + CALL_COLUMNS
                + " FROM model_calls WHERE user_did = ?" + scope.callsFilter()
                + " AND status <> 'processing' AND call_time >= ? AND call_time < ?" + groupBy(group))) {
            int i = scope.bind(ps);
            ps.setLong(i++, span.from());
            ps.setLong(i, span.to());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs.getString(1), readTotals(rs, 2));
                }
            }
        }
    }

    /** Single-group scopes select a constant and need no GROUP BY (PostgreSQL refuses a constant there). */
    private static String groupBy(String group) {
        return group.startsWith("'") ? "" : " GROUP BY " + group;
    }

    /** Reads the {@link StatSums#COLUMN_COUNT} aggregate columns from {@code first} (the first is a row count). */
    private static Totals readTotals(ResultSet rs, int first) throws SQLException {
        int i = first + 1;
        return new Totals(rs.getLong(i++), rs.getLong(i++), rs.getLong(i++), orZero(rs.getBigDecimal(i++)).toBigInteger(),
                orZero(rs.getBigDecimal(i++)), orZero(rs.getBigDecimal(i++)), rs.getLong(i));
    }

    private static BigDecimal orZero(BigDecimal d) {
        return d == null ? BigDecimal.ZERO : d;
    }
}
