package io.aigne.usage.query.service;

import io.aigne.usage.stats.DataHorizons;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What one answer reads against: the {@link DataHorizons} and the user's stats version (table
 * user_stats_versions, bumped by a trigger on every change of the user's model_call_stats rows),
 * read in one statement before any row. Reading the version first means a cached part can only be
 * labelled older than its data, never newer ({@link SettledSpanCache}).
 */
public record ReadPoint(String userDid, DataHorizons horizons, long statsVersion) {

    public static ReadPoint read(Connection c, String userDid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT coalesce(min(flushed_until), 0) FROM stat_watermarks),
                       coalesce((SELECT kept_from FROM data_retention WHERE kind = 'hour'), 0),
                       coalesce((SELECT kept_from FROM data_retention WHERE kind = 'raw'), 0),
                       coalesce((SELECT version FROM user_stats_versions WHERE user_did = ?), 0)""")) {
            ps.setString(1, userDid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return of(userDid, rs);
            }
        }
    }

    /**
     * The same, and in the same statement whether the user has calls or stat rows in the project
     * (the access check of docs/contracts.md §5); null when not.
     */
    public static ReadPoint readInProject(Connection c, String userDid, String appDid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT (SELECT coalesce(min(flushed_until), 0) FROM stat_watermarks),
                       coalesce((SELECT kept_from FROM data_retention WHERE kind = 'hour'), 0),
                       coalesce((SELECT kept_from FROM data_retention WHERE kind = 'raw'), 0),
                       coalesce((SELECT version FROM user_stats_versions WHERE user_did = ?), 0),
                       EXISTS (SELECT 1 FROM model_calls WHERE user_did = ? AND app_did = ?)
                           OR EXISTS (SELECT 1 FROM model_call_stats WHERE user_did = ? AND app_did = ?)""")) {
            ps.setString(1, userDid);
            ps.setString(2, userDid);
            ps.setString(3, appDid);
            ps.setString(4, userDid);
            ps.setString(5, appDid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(5) ? of(userDid, rs) : null;
            }
        }
    }

    private static ReadPoint of(String userDid, ResultSet rs) throws SQLException {
        return new ReadPoint(userDid, new DataHorizons(rs.getLong(1), rs.getLong(2), rs.getLong(3)), rs.getLong(4));
    }

    /**
     * The end of the settled time: every call before it lies in a flushed hour, so it changes only
     * together with the user's stat rows (a late call is merged in the transaction that stores it),
     * which bumps the version.
     */
    public long settledUntil() {
        return Math.floorDiv(horizons.flushedUntil(), 3_600L) * 3_600L;
    }
}
