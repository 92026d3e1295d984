package io.aigne.usage.query.service;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
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
    @DataSource(StatsDataSource.NAME)
    AgroalDataSource dataSource;

    @Inject
    SettledSpanCache cache;

    /** The flush watermark and what retention kept, in one statement ({@link DataHorizons}). */
    public DataHorizons horizons() {
        try (Connection c = dataSource.getConnection()) {
            return DataHorizons.read(c);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** The horizons and the user's stats version, in one statement ({@link ReadPoint}). */
    public ReadPoint readPoint(String userDid) {
        try (Connection c = dataSource.getConnection()) {
            return ReadPoint.read(c, userDid);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** {@link ReadPoint#readInProject}: null when the user has nothing in the project. */
    public ReadPoint readPointInProject(String userDid, String appDid) {
        try (Connection c = dataSource.getConnection()) {
            return ReadPoint.readInProject(c, userDid, appDid);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** Where a plan's numbers come from: its day rows, hour rows, or calls. */
    private enum Source {
        DAY_ROWS, HOUR_ROWS, CALLS;

        List<BucketPlan.Span> of(BucketPlan plan) {
            return switch (this) {
                case DAY_ROWS -> plan.dayRows();
                case HOUR_ROWS -> plan.hourRows();
                case CALLS -> plan.live();
            };
        }

        SettledSpanCache.Part part() {
            return switch (this) {
                case DAY_ROWS -> SettledSpanCache.Part.DAY_TOTALS;
                case HOUR_ROWS -> SettledSpanCache.Part.HOUR_TOTALS;
                case CALLS -> SettledSpanCache.Part.CALL_TOTALS;
            };
        }
    }

    /** Totals per group (appDid, model or "") over the stats rows and live spans of one plan. */
    public Map<String, Totals> totals(Scope scope, BucketPlan plan, ReadPoint p) {
        Map<String, Totals> byGroup = new HashMap<>();
        try (Connection c = dataSource.getConnection()) {
            for (Source source : Source.values()) {
                for (Map<String, Totals> span : spanTotals(c, scope, source, source.of(plan), p)) {
                    span.forEach((g, t) -> byGroup.merge(g, t, Totals::plus));
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        return byGroup;
    }

    /**
     * Totals per trend bucket (one group), for buckets given by their plans: each source's spans of
     * all buckets in one statement (only those the cache does not hold).
     */
    public List<Totals> trend(Scope scope, List<BucketPlan> plans, ReadPoint p) {
        List<Totals> totals = new ArrayList<>(plans.size());
        plans.forEach(b -> totals.add(Totals.ZERO));
        try (Connection c = dataSource.getConnection()) {
            for (Source source : Source.values()) {
                List<BucketPlan.Span> spans = new ArrayList<>();
                List<Integer> bucketOf = new ArrayList<>();
                for (int b = 0; b < plans.size(); b++) {
                    for (BucketPlan.Span s : source.of(plans.get(b))) {
                        spans.add(s);
                        bucketOf.add(b);
                    }
                }
                List<Map<String, Totals>> values = spanTotals(c, scope, source, spans, p);
                for (int s = 0; s < spans.size(); s++) {
                    Totals t = values.get(s).get("");
                    if (t != null) {
                        int b = bucketOf.get(s);
                        totals.set(b, totals.get(b).plus(t));
                    }
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
        return totals;
    }

    private List<Map<String, Totals>> spanTotals(Connection c, Scope scope, Source source, List<BucketPlan.Span> spans, ReadPoint p) {
        return cache.get(p, scope, source.part(), spans, missing -> {
            try {
                return source == Source.CALLS ? SpanArrays.readLive(p, missing, HashMap::new, live -> callTotals(c, scope, live))
                        : rowTotals(c, scope, source, missing);
            } catch (SQLException e) {
                throw new DataAccessException(e);
            }
        }, Map::size);
    }

    /** Per span: the totals per group of its stat rows of one time type. */
    private static List<Map<String, Totals>> rowTotals(Connection c, Scope scope, Source source, List<BucketPlan.Span> spans)
            throws SQLException {
        String group = scope.statsGroup();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.i, x.* FROM " + SpanArrays.FROM + " CROSS JOIN LATERAL (SELECT "
                + group + ", " + StatSums.COLUMNS + " FROM model_call_stats WHERE user_did = ?" + scope.statsFilter()
                + " AND time_type = ? AND \"timestamp\" >= s.f AND \"timestamp\" < s.t" + groupBy(group) + ") x")) {
            int i = SpanArrays.bind(c, ps, 1, spans);
            i = scope.bind(ps, i);
            ps.setString(i, (source == Source.DAY_ROWS ? TimeType.day : TimeType.hour).name());
            return perSpan(ps, spans.size());
        }
    }

    /** Per span: the totals per group of its terminal calls. */
    private static List<Map<String, Totals>> callTotals(Connection c, Scope scope, List<BucketPlan.Span> spans) throws SQLException {
        String group = scope.callsGroup();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.i, x.* FROM " + SpanArrays.FROM + " CROSS JOIN LATERAL (SELECT "
                + group + ", " + CALL_COLUMNS + " FROM model_calls WHERE user_did = ?" + scope.callsFilter()
                + " AND status <> 'processing' AND call_time >= s.f AND call_time < s.t" + groupBy(group) + ") x")) {
            scope.bind(ps, SpanArrays.bind(c, ps, 1, spans));
            return perSpan(ps, spans.size());
        }
    }

    private static List<Map<String, Totals>> perSpan(PreparedStatement ps, int spans) throws SQLException {
        List<Map<String, Totals>> values = new ArrayList<>(spans);
        for (int s = 0; s < spans; s++) {
            values.add(new HashMap<>(2));
        }
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (rs.getLong(3) > 0) { // a single-group scope's aggregate answers a row of zeros for an empty span
                    values.get(rs.getInt(1) - 1).put(rs.getString(2), readTotals(rs, 3));
                }
            }
        }
        return values;
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
