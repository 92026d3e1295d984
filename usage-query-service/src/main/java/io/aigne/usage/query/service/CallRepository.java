package io.aigne.usage.query.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads model_calls; every statement is bound to one user_did. */
@ApplicationScoped
public class CallRepository {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    /** True when the user has at least one call in the project, at any time. */
    public boolean projectExists(String userDid, String appDid) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT EXISTS (SELECT 1 FROM model_calls WHERE user_did = ? AND app_did = ?)")) {
            ps.setString(1, userDid);
            ps.setString(2, appDid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    public List<CallRow> page(CallListQuery q) {
        String order = q.byDuration() ? "duration_ms DESC, call_time DESC, id DESC" : "call_time DESC, id DESC";
        // deferred join: skip the offset on the narrow index, then read only the page's rows
        String sql = "SELECT c.id, c.call_time, c.model, c.provider_id, c.type, c.status, c.duration_ms, c.total_usage, c.credits,"
                + " c.error_reason, c.app_did, c.request_id, c.trace_id, c.usage_metrics::text, c.metadata::text"
                + " FROM (SELECT user_did, id FROM model_calls" + where(q) + " ORDER BY " + order
                + " LIMIT ? OFFSET ?) page JOIN model_calls c ON c.user_did = page.user_did AND c.id = page.id ORDER BY "
                + (q.byDuration() ? "c.duration_ms DESC, c.call_time DESC, c.id DESC" : "c.call_time DESC, c.id DESC");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = bind(ps, q);
            ps.setInt(i++, q.limit());
            ps.setLong(i, q.offset());
            List<CallRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new CallRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getDouble(7), rs.getLong(8), rs.getBigDecimal(9), rs.getString(10),
                            rs.getString(11), rs.getString(12), rs.getString(13), json(rs.getString(14)), json(rs.getString(15))));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    public long count(CallListQuery q) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM model_calls" + where(q))) {
            bind(ps, q);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    private static String where(CallListQuery q) {
        return " WHERE user_did = ? AND app_did = ? AND call_time BETWEEN ? AND ?"
                + (q.model() != null ? " AND model = ?" : "")
                + (q.status() != null ? " AND status = ?" : "");
    }

    private static int bind(PreparedStatement ps, CallListQuery q) throws SQLException {
        int i = 1;
        ps.setString(i++, q.userDid());
        ps.setString(i++, q.appDid());
        ps.setLong(i++, q.start());
        ps.setLong(i++, q.end());
        if (q.model() != null) {
            ps.setString(i++, q.model());
        }
        if (q.status() != null) {
            ps.setString(i++, q.status());
        }
        return i;
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
