package io.aigne.usage.alerts.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.aigne.usage.support.PageRequest;
import io.aigne.usage.support.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * One user's in-app notifications: the page (newest first) with the unread count, and marking read.
 * What a notification says comes from its stored body (written with the episode); its id, event,
 * time, rule and read state from its columns.
 */
@ApplicationScoped
public class NotificationStore {
    private static final Logger LOG = Logger.getLogger(NotificationStore.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    public NotificationAnswer.Page page(String userDid, boolean unreadOnly, PageRequest paging) {
        String where = " WHERE user_did = ?" + (unreadOnly ? " AND read_at IS NULL" : "");
        try (Connection c = dataSource.getConnection()) {
            long unread = count(c, "SELECT count(*) FROM alert_notifications WHERE user_did = ? AND read_at IS NULL", userDid);
            long total = unreadOnly ? unread : count(c, "SELECT count(*) FROM alert_notifications WHERE user_did = ?", userDid);
            List<NotificationAnswer> items = new ArrayList<>();
            String sql = "SELECT id, rule_id, episode_id, event, at, body::text AS body, read_at FROM alert_notifications" + where
                    + " ORDER BY id DESC LIMIT ? OFFSET ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, userDid);
                ps.setInt(2, paging.pageSize());
                ps.setLong(3, paging.offset());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(read(rs));
                    }
                }
            }
            return new NotificationAnswer.Page(unread, total, paging.page(), paging.pageSize(), items);
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
    }

    /** Marks the user's notification read (again: no change); false when the user has no such notification. */
    public boolean markRead(String userDid, long id) {
        String sql = "UPDATE alert_notifications SET read_at = coalesce(read_at, ?) WHERE id = ? AND user_did = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, clock.instant().getEpochSecond());
            ps.setLong(2, id);
            ps.setString(3, userDid);
            return ps.executeUpdate() > 0;
        } catch (SQLException e) {
            throw unavailable("update", e);
        }
    }

    /** Marks every unread notification of the user read. */
    public void markAllRead(String userDid) {
        String sql = "UPDATE alert_notifications SET read_at = ? WHERE user_did = ? AND read_at IS NULL";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, clock.instant().getEpochSecond());
            ps.setString(2, userDid);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw unavailable("update", e);
        }
    }

    private static long count(Connection c, String sql, String userDid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userDid);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static NotificationAnswer read(ResultSet rs) throws SQLException {
        JsonNode body;
        try {
            body = JSON.readTree(rs.getString("body"));
        } catch (JsonProcessingException e) {
            body = JSON.createObjectNode();
        }
        return new NotificationAnswer(rs.getLong("id"), rs.getObject("rule_id", UUID.class), text(body, "ruleName"), text(body, "kind"),
                rs.getString("event"), rs.getLong("at"), rs.getObject("read_at") != null, rs.getLong("episode_id"),
                decimal(body, "value"), decimal(body, "threshold"), integer(body, "notifyAt"), text(body, "appDid"),
                text(body, "modelId"), text(body, "message"));
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    private static BigDecimal decimal(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && n.isNumber() ? Numbers.plain(n.decimalValue()) : null;
    }

    private static Integer integer(JsonNode body, String field) {
        JsonNode n = body.get(field);
        return n != null && n.canConvertToInt() && n.isIntegralNumber() ? n.intValue() : null;
    }

    private static ProblemException unavailable(String what, SQLException e) {
        LOG.warnf("alert notifications: could not %s: %s", what, e.getMessage());
        return ProblemException.unavailable("The database is not available right now; retrying is safe.", 5);
    }
}
