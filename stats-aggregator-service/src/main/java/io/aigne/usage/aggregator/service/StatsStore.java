package io.aigne.usage.aggregator.service;

import io.aigne.usage.events.CallStatus;
import io.aigne.usage.events.CallType;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatKey;
import io.aigne.usage.stats.StatsTable;
import io.aigne.usage.stats.WatermarkTable;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The aggregator's access to the statistics: ModelCallStat rows and flush watermarks (whose SQL
 * usage-stats owns, see {@link StatsTable} and {@link WatermarkTable}), the advisory lock that
 * keeps reconcile apart from writers, and reading calls back to rebuild open hours. Plain JDBC
 * on a caller's connection, so callers decide the transaction.
 */
@ApplicationScoped
public class StatsStore {
    /** Writers take it shared, reconcile exclusively (pg_advisory_xact_lock key). */
    static final long STATS_LOCK = 0x5A77_0001L;

    public void lockShared(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)")) {
            ps.setLong(1, STATS_LOCK);
            ps.execute();
        }
    }

    public void lockExclusive(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, STATS_LOCK);
            ps.execute();
        }
    }

    /** Flushed-until per partition; a partition never flushed is absent. */
    public Map<Integer, Long> watermarks(Connection c) throws SQLException {
        return WatermarkTable.all(c);
    }

    public void saveWatermark(Connection c, int partition, long flushedUntil) throws SQLException {
        WatermarkTable.save(c, partition, flushedUntil);
    }

    /** The stored rows of these keys (the caller holds their partition, see {@link StatsTable#rowsOf}). */
    public Map<StatKey, CallStats> rowsOf(Connection c, Collection<StatKey> keys, int k) throws SQLException {
        return StatsTable.rowsOf(c, keys, k);
    }

    /** Every stored row whose bucket starts in [from, to), both time types. */
    public Map<StatKey, CallStats> rowsBetween(Connection c, long from, long to, int k) throws SQLException {
        return StatsTable.rowsBetween(c, from, to, k);
    }

    /** Writes the rows as given (insert, or replace with version + 1). */
    public int upsert(Connection c, Map<StatKey, CallStats> rows) throws SQLException {
        return StatsTable.upsert(c, rows);
    }

    public int delete(Connection c, Collection<StatKey> keys) throws SQLException {
        return StatsTable.delete(c, keys);
    }

    /**
     * Streams terminal calls with {@code callTime} in [from, to), with their partition (null for
     * calls stored before partitions were recorded). {@code partition} null = every partition.
     */
    public void forEachTerminalCall(Connection c, Integer partition, long from, long to,
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
}
