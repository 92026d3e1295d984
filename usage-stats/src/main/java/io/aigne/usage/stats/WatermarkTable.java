package io.aigne.usage.stats;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads and writes {@code stat_watermarks}: per Kafka partition, the time up to which every
 * bucket is in model_call_stats. Why here: the aggregator moves the marks and the query service
 * (and the tests) trust rows only below the lowest one; both read the same statement.
 */
public final class WatermarkTable {
    private WatermarkTable() {
    }

    /** Flushed-until per partition; a partition never flushed is absent. */
    public static Map<Integer, Long> all(Connection c) throws SQLException {
        Map<Integer, Long> marks = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT partition_no, flushed_until FROM stat_watermarks");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                marks.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return marks;
    }

    /** Moves a partition's mark forward (never back). */
    public static void save(Connection c, int partition, long flushedUntil) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO stat_watermarks (partition_no, flushed_until) VALUES (?, ?)
                ON CONFLICT (partition_no) DO UPDATE SET flushed_until = GREATEST(stat_watermarks.flushed_until,
                    EXCLUDED.flushed_until), updated_at = now()""")) {
            ps.setInt(1, partition);
            ps.setLong(2, flushedUntil);
            ps.executeUpdate();
        }
    }

    /** Every bucket ending at or before this is complete in model_call_stats (0: none is). */
    public static long flushedUntil(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(min(flushed_until), 0) FROM stat_watermarks");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
