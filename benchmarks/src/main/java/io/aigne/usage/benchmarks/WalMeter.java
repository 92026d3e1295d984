package io.aigne.usage.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL's write-ahead log over a stretch of the run (pg_stat_wal, pg_stat_checkpointer of
 * PostgreSQL 17): the bytes written, how many of them were full-page images (the first change of a
 * page after each checkpoint writes the whole 8 kB page), and the checkpoints in between — a
 * checkpoint inside a timed run makes its random index inserts cost more.
 */
final class WalMeter {
    record Reading(long bytes, long fullPageImages, long checkpoints) {
    }

    static Reading read(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT w.wal_bytes, w.wal_fpi, k.num_timed + k.num_requested "
                        + "FROM pg_stat_wal w, pg_stat_checkpointer k")) {
            rs.next();
            return new Reading(rs.getBigDecimal(1).longValue(), rs.getLong(2), rs.getLong(3));
        }
    }

    /** "WAL per event: … bytes, … full-page images per 1,000 events; … checkpoints" between two readings. */
    static String perEvent(Reading before, Reading after, long events) {
        return String.format("%,.0f bytes per event, %.1f full-page images per 1,000 events; %d checkpoint(s) during the run",
                (double) (after.bytes - before.bytes) / events, 1000.0 * (after.fullPageImages - before.fullPageImages) / events,
                after.checkpoints - before.checkpoints);
    }

    private WalMeter() {
    }
}
