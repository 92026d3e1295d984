package io.aigne.usage.aggregator.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aigne.usage.events.CallStatus;
import io.aigne.usage.events.CallType;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatKey;
import io.aigne.usage.stats.TimeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * SQL of the statistics: ModelCallStat rows, the per-partition flush watermarks, the advisory
 * lock that keeps reconcile apart from writers, and reading calls back to rebuild open hours.
 * Plain JDBC on a caller's connection, so callers decide the transaction.
 */
public final class StatsStore {
    /** Writers take it shared, reconcile exclusively (pg_advisory_xact_lock key). */
    static final long STATS_LOCK = 0x5A77_0001L;

    private StatsStore() {
    }

    public static void lockShared(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)")) {
            ps.setLong(1, STATS_LOCK);
            ps.execute();
        }
    }

    public static void lockExclusive(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, STATS_LOCK);
            ps.execute();
        }
    }

    /** Flushed-until per partition; a partition never flushed is absent. */
    public static Map<Integer, Long> watermarks(Connection c) throws SQLException {
        Map<Integer, Long> marks = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT partition_no, flushed_until FROM stat_watermarks");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                marks.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return marks;
    }

    public static void saveWatermark(Connection c, int partition, long flushedUntil) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO stat_watermarks (partition_no, flushed_until) VALUES (?, ?)
                ON CONFLICT (partition_no) DO UPDATE SET flushed_until = GREATEST(stat_watermarks.flushed_until,
                    EXCLUDED.flushed_until), updated_at = now()""")) {
            ps.setInt(1, partition);
            ps.setLong(2, flushedUntil);
            ps.executeUpdate();
        }
    }

    /** The stored rows of these keys, locked for this transaction. */
    public static Map<StatKey, CallStats> lockRows(Connection c, Collection<StatKey> keys, int k) throws SQLException {
        Map<StatKey, CallStats> rows = new HashMap<>();
        if (keys.isEmpty()) {
            return rows;
        }
        List<StatKey> list = new ArrayList<>(keys);
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT s.user_did, s.app_did, s.model_id, s.time_type, s."timestamp", s.stats, s.latency_sketch
                FROM model_call_stats s
                JOIN unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]) AS k(u, a, m, t, ts)
                  ON s.user_did = k.u AND s.time_type = k.t AND s."timestamp" = k.ts
                 AND s.app_did IS NOT DISTINCT FROM k.a AND s.model_id IS NOT DISTINCT FROM k.m
                ORDER BY s.id
                FOR UPDATE OF s""")) {
            ps.setArray(1, c.createArrayOf("text", list.stream().map(StatKey::userDid).toArray()));
            ps.setArray(2, c.createArrayOf("text", list.stream().map(StatKey::appDid).toArray()));
            ps.setArray(3, c.createArrayOf("text", list.stream().map(StatKey::modelId).toArray()));
            ps.setArray(4, c.createArrayOf("text", list.stream().map(key -> key.timeType().name()).toArray()));
            ps.setArray(5, c.createArrayOf("bigint", list.stream().map(StatKey::timestamp).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(key(rs), stats(rs, k));
                }
            }
        }
        return rows;
    }

    /** Every stored row whose bucket starts in [from, to), both time types. */
    public static Map<StatKey, CallStats> rowsBetween(Connection c, long from, long to, int k) throws SQLException {
        Map<StatKey, CallStats> rows = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT user_did, app_did, model_id, time_type, "timestamp", stats, latency_sketch
                FROM model_call_stats WHERE "timestamp" >= ? AND "timestamp" < ?""")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(key(rs), stats(rs, k));
                }
            }
        }
        return rows;
    }

    /** Writes the rows as given (insert, or replace with version + 1). */
    public static int upsert(Connection c, Map<StatKey, CallStats> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO model_call_stats (user_did, app_did, model_id, time_type, "timestamp", stats, latency_sketch)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)
                ON CONFLICT ON CONSTRAINT model_call_stats_bucket_uq DO UPDATE SET
                    stats = EXCLUDED.stats, latency_sketch = EXCLUDED.latency_sketch,
                    version = model_call_stats.version + 1, updated_at = now()""")) {
            for (Map.Entry<StatKey, CallStats> e : rows.entrySet()) {
                StatKey key = e.getKey();
                ps.setString(1, key.userDid());
                ps.setString(2, key.appDid());
                ps.setString(3, key.modelId());
                ps.setString(4, key.timeType().name());
                ps.setLong(5, key.timestamp());
                ps.setString(6, e.getValue().toJson().toString());
                ps.setBytes(7, e.getValue().sketchBytes());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return rows.size();
    }

    public static int delete(Connection c, Collection<StatKey> keys) throws SQLException {
        int deleted = 0;
        try (PreparedStatement ps = c.prepareStatement("""
                DELETE FROM model_call_stats WHERE user_did = ? AND app_did IS NOT DISTINCT FROM ?
                AND model_id IS NOT DISTINCT FROM ? AND time_type = ? AND "timestamp" = ?""")) {
            for (StatKey key : keys) {
                ps.setString(1, key.userDid());
                ps.setString(2, key.appDid());
                ps.setString(3, key.modelId());
                ps.setString(4, key.timeType().name());
                ps.setLong(5, key.timestamp());
                deleted += ps.executeUpdate();
            }
        }
        return deleted;
    }

    /**
     * Streams terminal calls with {@code callTime} in [from, to), with their partition (null for
     * calls stored before partitions were recorded). {@code partition} null = every partition.
     */
    public static void forEachTerminalCall(Connection c, Integer partition, long from, long to,
            BiConsumer<ModelCall, Integer> consumer) throws SQLException {
        String sql = """
                SELECT id, user_did, app_did, model, type, status, duration_ms, total_usage, credits, call_time, partition_no
                FROM model_calls WHERE status <> 'processing' AND call_time >= ? AND call_time < ?"""
                + (partition != null ? " AND partition_no = ?" : "");
        boolean autoCommit = c.getAutoCommit();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(5_000);
            ps.setLong(1, from);
            ps.setLong(2, to);
            if (partition != null) {
                ps.setInt(3, partition);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ModelCall call = new ModelCall(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), null,
                            CallType.valueOf(rs.getString(5)), CallStatus.valueOf(rs.getString(6)), rs.getDouble(7),
                            rs.getLong(8), rs.getBigDecimal(9), rs.getLong(10), null, null, null, null, null, 1);
                    int p = rs.getInt(11);
                    consumer.accept(call, rs.wasNull() ? null : p);
                }
            }
        } finally {
            if (c.getAutoCommit() != autoCommit) {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static StatKey key(ResultSet rs) throws SQLException {
        return new StatKey(rs.getString("user_did"), rs.getString("app_did"), rs.getString("model_id"),
                TimeType.valueOf(rs.getString("time_type")), rs.getLong("timestamp"));
    }

    private static CallStats stats(ResultSet rs, int k) throws SQLException {
        try {
            return CallStats.fromStored(ModelCallJson.MAPPER.readTree(rs.getString("stats")), rs.getBytes("latency_sketch"), k);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable stats JSON", e);
        }
    }
}
