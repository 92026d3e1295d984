package io.aigne.usage.benchmarks;

import io.aigne.usage.events.CallStatus;
import io.aigne.usage.events.CallType;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The query benchmark's data: calls generated inside PostgreSQL (generate_series), then their
 * ModelCallStat rows built with the same {@link CallStats} code the aggregator uses and bulk
 * copied, and every partition's watermark at the current hour — the state a long-running
 * aggregator leaves behind.
 */
final class QueryBenchmarkData {
    static final String HEAVY = "did:abt:bench-heavy";

    private QueryBenchmarkData() {
    }

    /** Users: one heavy user, the others of median size; each project uses a few of the models. */
    static List<String> load(Connection c, int users, int heavyCalls, int medianCalls, long now) throws Exception {
        long end = now / 3_600 * 3_600 - 1;
        long start = end - 90L * 86_400 + 1;
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT setseed(0.42)");
            s.execute("ALTER TABLE model_call_stats DISABLE TRIGGER model_call_stats_outbox");
            // the month partitions the calls fall in (what the aggregator makes before it writes a month)
            s.execute("SELECT model_calls_month_partition(t) FROM generate_series(" + (start - 86_400) + "::bigint, " + end
                    + "::bigint, 86400) t");
            insertCalls(s, HEAVY, heavyCalls, 50, start, end, 24);
            for (int u = 1; u < users; u++) {
                insertCalls(s, "did:abt:bench-" + u, medianCalls, 1 + (u * 7919) % 8, start, end, 12);
            }
            s.execute("ANALYZE model_calls");
        }
        List<String> all = new java.util.ArrayList<>();
        all.add(HEAVY);
        for (int u = 1; u < users; u++) {
            all.add("did:abt:bench-" + u);
            buildStats(c, "did:abt:bench-" + u);
        }
        buildStats(c, HEAVY);
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO stat_watermarks (partition_no, flushed_until) SELECT p, " + (end + 1)
                    + " FROM generate_series(0, 5) p ON CONFLICT (partition_no) DO UPDATE SET flushed_until = EXCLUDED.flushed_until");
            s.execute("ALTER TABLE model_call_stats ENABLE TRIGGER model_call_stats_outbox");
            // what autovacuum does for a table that has been live for a while
            s.execute("VACUUM ANALYZE model_calls");
            s.execute("VACUUM ANALYZE model_call_stats");
            // write the load out now rather than during the first timed rows (a checkpoint spreads over minutes)
            s.execute("CHECKPOINT");
        }
        return all;
    }

    /** Calls with a daily rhythm in {@code activeHours} hours a day, 3-4 models per project, 4 % failures. */
    private static void insertCalls(Statement s, String user, int calls, int projects, long start, long end, int activeHours)
            throws Exception {
        s.execute("""
                INSERT INTO model_calls (user_did, id, app_did, model, type, status, duration_ms, total_usage, credits, call_time, partition_no)
                SELECT '%s', 'c' || g, 'did:app:' || md5('%s') || '-' || p, 'model-' || ((p * 3 + (random() * 3)::int) %% 20),
                       'chatCompletion', CASE WHEN random() < 0.04 THEN 'failed' ELSE 'success' END,
                       round((exp(6.8 + random() * 1.5 + random()))::numeric, 1), (random() * 4000)::int,
                       round((random() * 0.02)::numeric, 10),
                       %d + ((random() * %d)::bigint * 86400) + ((random() * %d)::int * 3600) + (random() * 3599)::int, 0
                FROM (SELECT g, (random() * random() * %d)::int AS p FROM generate_series(1, %d) g) x"""
                .formatted(user, user, start - start % 86_400 + 86_400, 88, activeHours - 1, projects - 1, calls));
    }

    private static void buildStats(Connection c, String user) throws Exception {
        Map<StatKey, CallStats> rows = new HashMap<>();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, app_did, model, status, duration_ms, total_usage, credits, call_time FROM model_calls WHERE user_did = ?")) {
            ps.setFetchSize(20_000);
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ModelCall call = new ModelCall(rs.getString(1), user, rs.getString(2), rs.getString(3), null, CallType.chatCompletion,
                            CallStatus.valueOf(rs.getString(4)), rs.getDouble(5), rs.getLong(6), rs.getBigDecimal(7), rs.getLong(8),
                            null, null, null, null, null, 1);
                    for (StatKey key : StatKey.of(call)) {
                        rows.computeIfAbsent(key, k -> CallStats.empty()).add(call);
                    }
                }
            }
        }
        StatRowsCopy.copy(c, rows);
        c.commit();
        c.setAutoCommit(true);
    }
}
