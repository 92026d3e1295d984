package io.aigne.usage.alerts.stream;

import io.aigne.usage.stats.StatEvent;
import io.aigne.usage.stats.StatKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The newest known state of each announced ModelCallStat row (table alert_buckets): a flushed row
 * with a higher version replaces anything, a running snapshot replaces only a running snapshot
 * with fewer calls (decision 0009). So duplicates, redeliveries and reordering change nothing.
 */
public final class BucketStore {
    private static final String UPSERT = """
            INSERT INTO alert_buckets (user_did, app_did, model_id, time_type, ts, version, calls, stats, sketch)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)
            ON CONFLICT (user_did, app_did, model_id, time_type, ts) DO UPDATE
              SET version = excluded.version, calls = excluded.calls, stats = excluded.stats, sketch = excluded.sketch
              WHERE excluded.version > alert_buckets.version
                 OR (excluded.version = 0 AND alert_buckets.version = 0 AND excluded.calls > alert_buckets.calls)""";

    private BucketStore() {
    }

    /** Stores the events that are newer than what is known; answers how many rows changed. */
    public static int keepNewest(Connection c, Iterable<StatEvent> events) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            int n = 0;
            for (StatEvent e : events) {
                StatKey k = e.key();
                ps.setString(1, k.userDid());
                ps.setString(2, k.appDid() == null ? "" : k.appDid());
                ps.setString(3, k.modelId() == null ? "" : k.modelId());
                ps.setString(4, k.timeType().name());
                ps.setLong(5, k.timestamp());
                ps.setInt(6, e.provisional() ? 0 : Math.max(1, e.version()));
                ps.setLong(7, e.stats().totalCalls());
                ps.setString(8, e.stats().toJson().toString());
                ps.setBytes(9, e.stats().sketchBytes());
                ps.addBatch();
                n++;
            }
            if (n == 0) {
                return 0;
            }
            int changed = 0;
            for (int r : ps.executeBatch()) {
                changed += Math.max(r, 0);
            }
            return changed;
        }
    }

    /** Rows no rule can reach any more: hours older than two days, days older than 40. */
    public static int prune(Connection c, long now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "DELETE FROM alert_buckets WHERE (time_type = 'hour' AND ts < ?) OR (time_type = 'day' AND ts < ?)")) {
            ps.setLong(1, now - 2 * 86_400);
            ps.setLong(2, now - 40 * 86_400);
            return ps.executeUpdate();
        }
    }
}
