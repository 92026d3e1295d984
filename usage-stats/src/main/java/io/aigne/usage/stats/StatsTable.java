package io.aigne.usage.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aigne.usage.events.ModelCallJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes {@code model_call_stats} rows as {@link CallStats}: plain JDBC on the caller's
 * connection, so the caller decides the transaction. Why here: the row (key columns, stats JSON,
 * sketch bytes, version) has one definition for the aggregator that writes it and the tests that
 * read it back.
 */
public final class StatsTable {
    private static final String COLUMNS = "user_did, app_did, model_id, time_type, \"timestamp\", stats, latency_sketch, version";

    /** One stored row as it is: the stats JSON text and sketch bytes unparsed. */
    public record StoredRow(StatKey key, String statsJson, byte[] sketch, int version) {
        public CallStats stats(int k) throws SQLException {
            try {
                return CallStats.fromStored(ModelCallJson.MAPPER.readTree(statsJson), sketch, k);
            } catch (JsonProcessingException e) {
                throw new SQLException("unreadable stats JSON", e);
            }
        }
    }

    private StatsTable() {
    }

    /**
     * The stored rows of these keys, locked for this transaction: one statement per user, so each
     * routes to one shard when the table is distributed by user_did (Citus refuses row locks that
     * span shards); users in a fixed order, rows by id, so two writers never lock crosswise.
     */
    public static Map<StatKey, CallStats> lockRows(Connection c, Collection<StatKey> keys, int k) throws SQLException {
        Map<StatKey, CallStats> rows = new HashMap<>();
        Map<String, List<StatKey>> byUser = new java.util.TreeMap<>();
        keys.forEach(key -> byUser.computeIfAbsent(key.userDid(), u -> new ArrayList<>()).add(key));
        for (Map.Entry<String, List<StatKey>> user : byUser.entrySet()) {
            List<StatKey> list = user.getValue();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT s.user_did, s.app_did, s.model_id, s.time_type, s."timestamp", s.stats, s.latency_sketch, s.version
                    FROM model_call_stats s
                    JOIN unnest(?::text[], ?::text[], ?::text[], ?::bigint[]) AS k(a, m, t, ts)
                      ON s.time_type = k.t AND s."timestamp" = k.ts
                     AND s.app_did IS NOT DISTINCT FROM k.a AND s.model_id IS NOT DISTINCT FROM k.m
                    WHERE s.user_did = ?
                    ORDER BY s.id
                    FOR UPDATE OF s""")) {
                ps.setArray(1, c.createArrayOf("text", list.stream().map(StatKey::appDid).toArray()));
                ps.setArray(2, c.createArrayOf("text", list.stream().map(StatKey::modelId).toArray()));
                ps.setArray(3, c.createArrayOf("text", list.stream().map(key -> key.timeType().name()).toArray()));
                ps.setArray(4, c.createArrayOf("bigint", list.stream().map(StatKey::timestamp).toArray()));
                ps.setString(5, user.getKey());
                rows.putAll(parsed(read(ps), k));
            }
        }
        return rows;
    }

    /** Every stored row whose bucket starts in [from, to), both time types. */
    public static Map<StatKey, CallStats> rowsBetween(Connection c, long from, long to, int k) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM model_call_stats WHERE \"timestamp\" >= ? AND \"timestamp\" < ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            return parsed(read(ps), k);
        }
    }

    /** Every stored row of one user, unparsed (the tests compare them with a reference). */
    public static List<StoredRow> rowsOfUser(Connection c, String userDid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM model_call_stats WHERE user_did = ?")) {
            ps.setString(1, userDid);
            return read(ps);
        }
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
                int i = bindKey(ps, e.getKey());
                ps.setString(i++, e.getValue().toJson().toString());
                ps.setBytes(i, e.getValue().sketchBytes());
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
                bindKey(ps, key);
                deleted += ps.executeUpdate();
            }
        }
        return deleted;
    }

    /** Binds the five key columns as parameters 1-5; returns the next parameter index. */
    private static int bindKey(PreparedStatement ps, StatKey key) throws SQLException {
        ps.setString(1, key.userDid());
        ps.setString(2, key.appDid());
        ps.setString(3, key.modelId());
        ps.setString(4, key.timeType().name());
        ps.setLong(5, key.timestamp());
        return 6;
    }

    private static List<StoredRow> read(PreparedStatement ps) throws SQLException {
        List<StoredRow> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                StatKey key = new StatKey(rs.getString(1), rs.getString(2), rs.getString(3), TimeType.valueOf(rs.getString(4)),
                        rs.getLong(5));
                rows.add(new StoredRow(key, rs.getString(6), rs.getBytes(7), rs.getInt(8)));
            }
        }
        return rows;
    }

    private static Map<StatKey, CallStats> parsed(List<StoredRow> rows, int k) throws SQLException {
        Map<StatKey, CallStats> byKey = new HashMap<>();
        for (StoredRow row : rows) {
            byKey.put(row.key(), row.stats(k));
        }
        return byKey;
    }
}
