package io.aigne.usage.benchmarks;

import io.aigne.usage.events.CallStatus;
import io.aigne.usage.events.CallType;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatKey;
import io.aigne.usage.stats.TimeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The storage benchmark's month of calls, every column filled the way AIGNE Hub's reporter fills
 * it (docs/aigne-hub.md): DIDs of real length, UUID ids and request ids, a trace id on half the
 * calls, token counts in usageMetrics, a small metadata object, error texts on failures. One user
 * per 500 calls a month ({@code -Dcalls.per.user}: how many stat rows a call makes depends on it), skewed (the busiest has ~8 % of the calls), 1-5 projects each using three of the
 * local stack's seven models, a daily rhythm. Generated inside PostgreSQL; the ModelCallStat rows
 * are built per user with the aggregator's {@link CallStats} and copied in.
 */
final class StorageData {
    static final int DAYS = 30;

    record Loaded(int users, long projects, long hourRows, long dayRows) {
    }

    private StorageData() {
    }

    static Loaded load(Connection c, int calls, long now) throws Exception {
        int users = Math.max(50, calls / Integer.getInteger("calls.per.user", 500));
        long end = now / 3_600 * 3_600;
        long start = end - DAYS * 86_400L;
        try (Statement s = c.createStatement()) {
            s.execute("SELECT setseed(0.13)");
            if (StorageBenchmark.exists(c, "stats_outbox")) {
                s.execute("ALTER TABLE model_call_stats DISABLE TRIGGER model_call_stats_outbox"); // the drain empties it anyway
            }
            boolean monthly;
            try (ResultSet rs = s.executeQuery("SELECT to_regprocedure('model_calls_month_partition(bigint)') IS NOT NULL")) {
                rs.next();
                monthly = rs.getBoolean(1);
            }
            if (monthly) { // V7 on: the month partitions the calls fall into
                s.execute("SELECT model_calls_month_partition(t) FROM generate_series(%d, %d, 86400) t".formatted(start, end));
            }
            s.execute("""
                    INSERT INTO model_calls (user_did, id, app_did, model, provider_id, type, status, duration_ms, total_usage, credits,
                                             call_time, error_reason, usage_metrics, metadata, request_id, trace_id, partition_no)
                    SELECT 'did:abt:z1' || md5('u' || u) || 'x', gen_random_uuid()::text,
                           'did:abt:z2' || md5('u' || u || 'p' || p), m.name, m.provider, m.type,
                           CASE WHEN failed THEN 'failed' ELSE 'success' END,
                           round((m.median_ms * exp(0.45 * (random() + random() + random() - 1.5) * 2))::numeric, 1),
                           CASE WHEN failed THEN 0 ELSE tokens END,
                           CASE WHEN failed THEN 0 ELSE round(tokens * m.credits_per_token, 10) END,
                           %d + day * 86400 + hour * 3600 + (random() * 3599)::int,
                           CASE WHEN failed THEN 'Upstream timeout after 60s' END,
                           jsonb_build_object('inputTokens', tokens * 2 / 3, 'outputTokens', tokens - tokens * 2 / 3),
                           jsonb_build_object('endpoint', '/api/v2/' || m.type, 'region', CASE WHEN u %% 2 = 0 THEN 'us-east' ELSE 'eu-west' END),
                           'req-' || gen_random_uuid(), CASE WHEN random() < 0.5 THEN md5(random()::text) END, (random() * 5)::int
                    FROM (SELECT u, p, (p * 3 + (random() * 2)::int) %% 7 AS mi, random() < 0.04 AS failed, 50 + (random() * 3000)::int AS tokens,
                                 (random() * %d)::int AS day,
                                 CASE WHEN random() < 0.8 THEN 7 + (random() * 12)::int ELSE (random() * 23)::int END AS hour
                          FROM (SELECT u, floor(power(random(), 1.7) * (1 + u * 7919 %% 5))::int AS p
                                FROM (SELECT floor(%d * power(random(), 3))::int AS u FROM generate_series(1, %d)) g) x) y
                    JOIN (VALUES (0, 'gpt-4o', 'openai', 'chatCompletion', 1800, 0.000005),
                                 (1, 'gpt-4o-mini', 'openai', 'chatCompletion', 700, 0.0000006),
                                 (2, 'claude-3-5-sonnet', 'anthropic', 'chatCompletion', 2200, 0.000006),
                                 (3, 'gemini-1.5-flash', 'google', 'chatCompletion', 600, 0.00000035),
                                 (4, 'text-embedding-3-small', 'openai', 'embedding', 120, 0.00000002),
                                 (5, 'dall-e-3', 'openai', 'imageGeneration', 9000, 0.00004),
                                 (6, 'tts-1', 'openai', 'audioGeneration', 1500, 0.000015))
                         AS m(i, name, provider, type, median_ms, credits_per_token) ON m.i = y.mi"""
                    .formatted(start, DAYS - 1, users, calls));
            if (StorageBenchmark.exists(c, "model_call_ids")) {
                s.execute("INSERT INTO model_call_ids (user_did, id, call_time, terminal) SELECT user_did, id, call_time, true FROM model_calls");
            }
        }
        long hourRows = 0;
        long dayRows = 0;
        int active = 0;
        for (int u = 0; u < users; u++) {
            Map<StatKey, CallStats> rows = statsOf(c, "did:abt:z1" + md5("u" + u) + "x");
            active += rows.isEmpty() ? 0 : 1;
            for (StatKey k : rows.keySet()) {
                if (k.timeType() == TimeType.hour) {
                    hourRows++;
                } else {
                    dayRows++;
                }
            }
            StatRowsCopy.copy(c, rows);
        }
        long projects;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(DISTINCT (user_did, app_did)) FROM model_calls")) {
            rs.next();
            projects = rs.getLong(1);
        }
        return new Loaded(active, projects, hourRows, dayRows);
    }

    private static Map<StatKey, CallStats> statsOf(Connection c, String user) throws Exception {
        Map<StatKey, CallStats> rows = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, app_did, model, type, status, duration_ms, total_usage, credits, call_time"
                + " FROM model_calls WHERE user_did = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ModelCall call = new ModelCall(rs.getString(1), user, rs.getString(2), rs.getString(3), null,
                            CallType.valueOf(rs.getString(4)), CallStatus.valueOf(rs.getString(5)), rs.getDouble(6), rs.getLong(7),
                            rs.getBigDecimal(8), rs.getLong(9), null, null, null, null, null, 1);
                    for (StatKey key : StatKey.of(call)) {
                        rows.computeIfAbsent(key, k -> CallStats.empty()).add(call);
                    }
                }
            }
        }
        return rows;
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
