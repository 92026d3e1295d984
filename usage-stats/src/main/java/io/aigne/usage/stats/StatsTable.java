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
     * The stored rows of these keys, in one statement. Each level is looked up with equalities and
     * IS NULL on its own columns, so every key is one index probe (an IS NOT DISTINCT FROM on
     * app_did/model_id is not indexable: it made each key scan all of its user's rows). No row
     * locks: the writers of a user's rows are serialized by their Kafka partition's offset row
     * (batches, flushes) or the exclusive stats lock (reconcile, retention, restore), which the
     * caller holds.
     */
    public static Map<StatKey, CallStats> rowsOf(Connection c, Collection<StatKey> keys, int k) throws SQLException {
        if (keys.isEmpty()) {
            return Map.of();
        }
        List<StatKey> list = new ArrayList<>(keys);
        try (PreparedStatement ps = c.prepareStatement("""
                WITH batch AS MATERIALIZED (
                    SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]) AS k(u, a, m, t, ts))
                SELECT s.user_did, s.app_did, s.model_id, s.time_type, s."timestamp", s.stats, s.latency_sketch, s.version
                FROM batch k JOIN model_call_stats s ON s.user_did = k.u AND s.app_did IS NULL AND s.model_id IS NULL
                     AND s.time_type = k.t AND s."timestamp" = k.ts
                WHERE k.a IS NULL
                UNION ALL
                SELECT s.user_did, s.app_did, s.model_id, s.time_type, s."timestamp", s.stats, s.latency_sketch, s.version
                FROM batch k JOIN model_call_stats s ON s.user_did = k.u AND s.app_did = k.a AND s.model_id IS NULL
                     AND s.time_type = k.t AND s."timestamp" = k.ts
                WHERE k.a IS NOT NULL AND k.m IS NULL
                UNION ALL
                SELECT s.user_did, s.app_did, s.model_id, s.time_type, s."timestamp", s.stats, s.latency_sketch, s.version
                FROM batch k JOIN model_call_stats s ON s.user_did = k.u AND s.app_did = k.a AND s.model_id = k.m
                     AND s.time_type = k.t AND s."timestamp" = k.ts
                WHERE k.m IS NOT NULL""")) {
            ps.setArray(1, c.createArrayOf("text", list.stream().map(StatKey::userDid).toArray()));
            ps.setArray(2, c.createArrayOf("text", list.stream().map(StatKey::appDid).toArray()));
            ps.setArray(3, c.createArrayOf("text", list.stream().map(StatKey::modelId).toArray()));
            ps.setArray(4, c.createArrayOf("text", list.stream().map(key -> key.timeType().name()).toArray()));
            ps.setArray(5, c.createArrayOf("bigint", list.stream().map(StatKey::timestamp).toArray()));
            return parsed(read(ps), k);
        }
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

    /**
     * Writes the rows as given (insert, or replace with version + 1) in one statement over arrays:
     * the table's statement-level triggers (outbox, user versions) then run once, not once per row.
     */
    public static int upsert(Connection c, Map<StatKey, CallStats> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        List<Map.Entry<StatKey, CallStats>> list = new ArrayList<>(rows.entrySet());
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO model_call_stats (user_did, app_did, model_id, time_type, "timestamp", stats, latency_sketch)
                SELECT u, a, m, t, ts, s::jsonb, k
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::text[], ?::bytea[]) AS x(u, a, m, t, ts, s, k)
                ON CONFLICT ON CONSTRAINT model_call_stats_bucket_uq DO UPDATE SET
                    stats = EXCLUDED.stats, latency_sketch = EXCLUDED.latency_sketch,
                    version = model_call_stats.version + 1, updated_at = now()""")) {
            ps.setArray(1, c.createArrayOf("text", list.stream().map(e -> e.getKey().userDid()).toArray()));
            ps.setArray(2, c.createArrayOf("text", list.stream().map(e -> e.getKey().appDid()).toArray()));
            ps.setArray(3, c.createArrayOf("text", list.stream().map(e -> e.getKey().modelId()).toArray()));
            ps.setArray(4, c.createArrayOf("text", list.stream().map(e -> e.getKey().timeType().name()).toArray()));
            ps.setArray(5, c.createArrayOf("int8", list.stream().map(e -> e.getKey().timestamp()).toArray()));
            ps.setArray(6, c.createArrayOf("text", list.stream().map(e -> e.getValue().toJson().toString()).toArray()));
            ps.setArray(7, c.createArrayOf("bytea", list.stream().map(e -> e.getValue().sketchBytes()).toArray(byte[][]::new)));
            ps.executeUpdate();
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
