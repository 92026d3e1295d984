package io.aigne.usage.alerts.episodes;

import io.aigne.usage.alerts.rules.Rule;
import io.aigne.usage.alerts.evaluate.Observation;
import io.aigne.usage.events.ModelCallJson;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Opens and resolves episodes, each exactly once: the partial unique indexes of alert_episodes
 * refuse a second open episode of a slot (and a second budget episode of a period and
 * percentage), and each change writes its notification and webhook delivery in the same
 * transaction — the caller's, which also holds the user's lock.
 */
public final class EpisodeStore {
    private EpisodeStore() {
    }

    public record OpenEpisode(long id, String slot, long openedAt) {
    }

    public static List<OpenEpisode> open(Connection c, UUID ruleId) throws SQLException {
        List<OpenEpisode> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, slot, opened_at FROM alert_episodes WHERE rule_id = ? AND resolved_at IS NULL ORDER BY id")) {
            ps.setObject(1, ruleId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OpenEpisode(rs.getLong(1), rs.getString(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    /** When the rule's last episode of the slot was resolved, if ever (the cooldown's start). */
    public static OptionalLong lastResolved(Connection c, UUID ruleId, String slot) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT max(resolved_at) FROM alert_episodes WHERE rule_id = ? AND slot = ? AND resolved_at IS NOT NULL")) {
            ps.setObject(1, ruleId);
            ps.setString(2, slot);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long v = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
            }
        }
    }

    /** Opens an episode unless one exists for the slot (budgets: ever in the period); true when it opened. */
    public static boolean openEpisode(Connection c, Rule rule, Observation seen, long now) throws SQLException {
        long id;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alert_episodes (rule_id, user_did, slot, opened_at, open_value) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING RETURNING id""")) {
            ps.setObject(1, rule.id());
            ps.setString(2, rule.userDid());
            ps.setString(3, seen.slot());
            ps.setLong(4, now);
            ps.setBigDecimal(5, seen.value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                id = rs.getLong(1);
            }
        }
        notify(c, rule, id, "opened", seen.value(), seen.message(), seen.notifyAt(), now);
        return true;
    }

    /** Resolves an open episode (once: only while it is open); true when it resolved. */
    public static boolean resolve(Connection c, Rule rule, OpenEpisode episode, BigDecimal value, String message,
            Integer notifyAt, long now, boolean announce) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE alert_episodes SET resolved_at = ?, close_value = ? WHERE id = ? AND resolved_at IS NULL")) {
            ps.setLong(1, now);
            ps.setBigDecimal(2, value);
            ps.setLong(3, episode.id());
            if (ps.executeUpdate() == 0) {
                return false;
            }
        }
        if (announce) {
            notify(c, rule, episode.id(), "resolved", value, message, notifyAt, now);
        }
        return true;
    }

    private static void notify(Connection c, Rule rule, long episodeId, String event, BigDecimal value, String message,
            Integer notifyAt, long now) throws SQLException {
        ObjectNode body = ModelCallJson.MAPPER.createObjectNode();
        body.put("ruleId", rule.id().toString());
        body.put("ruleName", rule.name());
        body.put("kind", rule.kind());
        body.put("event", event);
        body.put("at", now);
        body.put("value", value);
        body.put("threshold", rule.threshold());
        body.put("appDid", rule.appDid());
        body.put("modelId", rule.modelId());
        body.put("message", message);
        if (notifyAt != null) {
            body.put("notifyAt", notifyAt);
        }
        body.put("userDid", rule.userDid());
        body.put("episodeId", episodeId);
        long notificationId;
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alert_notifications (user_did, rule_id, episode_id, event, at, body) VALUES (?, ?, ?, ?, ?, ?::jsonb)
                RETURNING id""")) {
            ps.setString(1, rule.userDid());
            ps.setObject(2, rule.id());
            ps.setLong(3, episodeId);
            ps.setString(4, event);
            ps.setLong(5, now);
            ps.setString(6, body.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                notificationId = rs.getLong(1);
            }
        }
        if (rule.webhookUrl() != null && !rule.webhookUrl().isBlank()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO alert_deliveries (id, notification_id, rule_id, user_did, url, state, attempts, next_attempt_at, created_at)
                    VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)""")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setLong(2, notificationId);
                ps.setObject(3, rule.id());
                ps.setString(4, rule.userDid());
                ps.setString(5, rule.webhookUrl());
                ps.setLong(6, now);
                ps.setLong(7, now);
                ps.executeUpdate();
            }
        }
    }
}
