package io.aigne.usage.query.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.aigne.usage.stats.DataHorizons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reads model_calls; every statement is bound to one user_did ({@link CallWhere}). */
@ApplicationScoped
public class CallRepository {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The columns {@link #row} reads, in its order (the JSON details are added by the list only). */
    static final String ROW_COLUMNS = "id, call_time, model, provider_id, type, status, duration_ms, total_usage, credits,"
            + " error_reason, app_did, request_id, trace_id";

    @Inject
    AgroalDataSource dataSource;

    /** How long one export's statements may run; the pool's statement_timeout (10 s) would cut large ones. */
    @ConfigProperty(name = "usage.query.export-statement-timeout", defaultValue = "10m")
    Duration exportStatementTimeout;

    /**
     * True when the user has at least one call in the project, at any time: a kept call, or statistics
     * rows of calls whose raw rows retention removed (day rows are kept forever).
     */
    public boolean projectExists(String userDid, String appDid) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM model_calls WHERE user_did = ? AND app_did = ?)"
                        + " OR EXISTS (SELECT 1 FROM model_call_stats WHERE user_did = ? AND app_did = ?)")) {
            ps.setString(1, userDid);
            ps.setString(2, appDid);
            ps.setString(3, userDid);
            ps.setString(4, appDid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** One page of the selection, with the JSON details of each call. */
    public List<CallRow> page(CallSelection s, int limit, long offset) {
        CallWhere where = CallWhere.of(s);
        // deferred join: skip the offset on the narrow index, then read only the page's rows; the join
        // names the whole project index key (model_calls is partitioned by call_time and has no (user_did, id) key)
        String sql = "SELECT c." + ROW_COLUMNS.replace(", ", ", c.") + ", c.usage_metrics::text, c.metadata::text"
                + " FROM (SELECT user_did, app_did, call_time, id FROM model_calls" + where.sql() + " ORDER BY " + s.order("")
                + " LIMIT ? OFFSET ?) page JOIN model_calls c ON c.user_did = page.user_did AND c.app_did = page.app_did"
                + " AND c.call_time = page.call_time AND c.id = page.id ORDER BY " + s.order("c");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = where.bind(ps);
            ps.setInt(i++, limit);
            ps.setLong(i, offset);
            List<CallRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs, true));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** A list's count and the horizons its coverage is told from. */
    public record Counted(long count, DataHorizons horizons) {
    }

    /** The count and the retention horizons, read over one connection. */
    public Counted countWithHorizons(CallSelection s) {
        try (Connection c = dataSource.getConnection()) {
            return new Counted(count(c, s), DataHorizons.read(c));
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    public long count(CallSelection s) {
        try (Connection c = dataSource.getConnection()) {
            return count(c, s);
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    static long count(Connection c, CallSelection s) throws SQLException {
        CallWhere where = CallWhere.of(s);
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM model_calls" + where.sql())) {
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Every call of the selection through a cursor, with its count from the same snapshot; the
     * caller must close it. See {@link CallCursor}.
     */
    public CallCursor openExport(CallSelection s) {
        return CallCursor.open(dataSource, s, exportStatementTimeout);
    }

    /**
     * At most {@code limit} calls of the selection, the same ones on every request: ordered by the
     * md5 of their id (a fixed pseudo-random order), so a reloaded chart shows the same points and
     * every call is equally likely to be among them.
     */
    public List<CallPoint> sample(CallSelection s, int limit) {
        CallWhere where = CallWhere.of(s);
        String sql = "SELECT id, model, status, duration_ms, total_usage, credits FROM model_calls" + where.sql()
                + " ORDER BY md5(id), id LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(where.bind(ps), limit);
            List<CallPoint> points = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    points.add(new CallPoint(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDouble(4), rs.getLong(5),
                            rs.getBigDecimal(6)));
                }
            }
            return points;
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** The row at the cursor, read as {@link #ROW_COLUMNS} (plus usage_metrics and metadata as text when {@code withJson}). */
    static CallRow row(ResultSet rs, boolean withJson) throws SQLException {
        return new CallRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getDouble(7), rs.getLong(8), rs.getBigDecimal(9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13),
                withJson ? json(rs.getString(14)) : null, withJson ? json(rs.getString(15)) : null);
    }

    /** A stored jsonb column as a tree; null stays null. */
    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("model_calls holds invalid JSON", e);
        }
    }
}
