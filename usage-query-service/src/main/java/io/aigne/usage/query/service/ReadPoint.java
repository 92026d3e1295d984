package io.aigne.usage.query.service;

import io.aigne.usage.stats.DataHorizons;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What one answer reads against: the {@link DataHorizons}, the user's stats version (table
 * user_stats_versions, bumped by a trigger on every change of the user's model_call_stats rows) and
 * the time of the user's latest call, read in one statement before any row. Reading the version
 * first means a cached part can only be labelled older than its data, never newer
 * ({@link SettledSpanCache}). The latest call time lets an answer skip reading spans of calls that
 * begin after it — typically the running hour of a user who has not called in it — since that
 * statement saw none there ({@link #noCallsFrom}). For the project endpoints the same statement
 * also checks access and reads the project's profile ({@link #readInProject}).
 *
 * @param lastCallTime the largest call_time of the user's calls (any status), {@link Long#MIN_VALUE} without calls
 * @param profile the project's profile, read with {@link #readInProject} only; null otherwise or without one
 */
public record ReadPoint(String userDid, DataHorizons horizons, long statsVersion, long lastCallTime, ProjectProfiles.Profile profile) {

    private static final String POINT = """
            SELECT (SELECT coalesce(min(flushed_until), 0) FROM stat_watermarks),
                   coalesce((SELECT kept_from FROM data_retention WHERE kind = 'hour'), 0),
                   coalesce((SELECT kept_from FROM data_retention WHERE kind = 'raw'), 0),
                   coalesce((SELECT version FROM user_stats_versions WHERE user_did = ?), 0),
                   (SELECT max(call_time) FROM model_calls WHERE user_did = ?)""";

    public static ReadPoint read(Connection c, String userDid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(POINT)) {
            ps.setString(1, userDid);
            ps.setString(2, userDid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return of(userDid, rs, null);
            }
        }
    }

    /**
     * The same, and in the same statement whether the user has calls or stat rows in the project
     * (the access check of docs/contracts.md §5) and the project's profile; null when the user has
     * nothing in the project.
     */
    public static ReadPoint readInProject(Connection c, String userDid, String appDid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(POINT + """
                ,
                       EXISTS (SELECT 1 FROM model_calls WHERE user_did = ? AND app_did = ?)
                           OR EXISTS (SELECT 1 FROM model_call_stats WHERE user_did = ? AND app_did = ?),
                       pp.name, pp.logo_url, pp.app_url, pp.app_did IS NOT NULL
                FROM (SELECT 1) one LEFT JOIN project_profiles pp ON pp.app_did = ?""")) {
            ps.setString(1, userDid);
            ps.setString(2, userDid);
            ps.setString(3, userDid);
            ps.setString(4, appDid);
            ps.setString(5, userDid);
            ps.setString(6, appDid);
            ps.setString(7, appDid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(6)) {
                    return null;
                }
                return of(userDid, rs, rs.getBoolean(10) ? new ProjectProfiles.Profile(rs.getString(7), rs.getString(8), rs.getString(9)) : null);
            }
        }
    }

    private static ReadPoint of(String userDid, ResultSet rs, ProjectProfiles.Profile profile) throws SQLException {
        long last = rs.getLong(5);
        if (rs.wasNull()) {
            last = Long.MIN_VALUE;
        }
        return new ReadPoint(userDid, new DataHorizons(rs.getLong(1), rs.getLong(2), rs.getLong(3)), rs.getLong(4), last, profile);
    }

    /**
     * The end of the settled time: every call before it lies in a flushed hour, so it changes only
     * together with the user's stat rows (a late call is merged in the transaction that stores it),
     * which bumps the version.
     */
    public long settledUntil() {
        return Math.floorDiv(horizons.flushedUntil(), 3_600L) * 3_600L;
    }

    /** True when the read point saw no call of the user at or after {@code from}: a live span from there holds none. */
    public boolean noCallsFrom(long from) {
        return lastCallTime < from;
    }
}
