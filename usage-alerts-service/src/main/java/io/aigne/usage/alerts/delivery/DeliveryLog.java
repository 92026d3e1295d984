package io.aigne.usage.alerts.delivery;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The webhook delivery log of one rule ({@code GET /api/usage/alerts/rules/{id}/deliveries}):
 * its deliveries newest first, each with every attempt newest first. The caller checks that the
 * rule is the caller's. Times are unix seconds.
 */
@ApplicationScoped
public class DeliveryLog {
    /** One POST: HTTP status (null without an answer), why it failed (null on 2xx), how long it took. */
    public record Attempt(int attempt, long at,
            @Schema(nullable = true, description = "HTTP status; null without an answer") Integer status,
            @Schema(nullable = true, description = "Why it failed; null on 2xx") String error, int durationMs) {
    }

    /**
     * A delivery of one notification: {@code state} pending, delivered or failed; {@code nextAttemptAt}
     * only while pending.
     */
    public record Delivery(UUID id, long notificationId, long episodeId, String event, String url, String state,
            @Schema(nullable = true, description = "Unix seconds; null unless pending") Long nextAttemptAt, long createdAt,
            List<Attempt> attempts) {
    }

    public record Page(long total, int page, int pageSize, List<Delivery> items) {
    }

    @Inject
    AgroalDataSource dataSource;

    /** Page {@code page} (≥ 1) of {@code pageSize} of the rule's deliveries, newest first. */
    public Page deliveries(UUID ruleId, int page, int pageSize) {
        try (Connection c = dataSource.getConnection()) {
            long total;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM alert_deliveries WHERE rule_id = ?")) {
                ps.setObject(1, ruleId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            Map<UUID, DeliveryRow> rows = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT d.id, d.notification_id, n.episode_id, n.event, d.url, d.state, d.next_attempt_at, d.created_at
                    FROM alert_deliveries d JOIN alert_notifications n ON n.id = d.notification_id
                    WHERE d.rule_id = ?
                    ORDER BY d.created_at DESC, d.notification_id DESC, d.id
                    LIMIT ? OFFSET ?""")) {
                ps.setObject(1, ruleId);
                ps.setInt(2, pageSize);
                ps.setLong(3, (long) (page - 1) * pageSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        rows.put(id, new DeliveryRow(id, rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getLong(7), rs.getLong(8), new ArrayList<>()));
                    }
                }
            }
            if (!rows.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT delivery_id, attempt, at, status, error, duration_ms FROM alert_delivery_attempts
                        WHERE delivery_id = ANY (?) ORDER BY delivery_id, attempt DESC""")) {
                    ps.setArray(1, c.createArrayOf("uuid", rows.keySet().toArray()));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.get(rs.getObject(1, UUID.class)).attempts().add(new Attempt(rs.getInt(2), rs.getLong(3),
                                    (Integer) rs.getObject(4), rs.getString(5), rs.getInt(6)));
                        }
                    }
                }
            }
            List<Delivery> items = rows.values().stream().map(DeliveryRow::delivery).toList();
            return new Page(total, page, pageSize, items);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the deliveries of rule " + ruleId, e);
        }
    }

    private record DeliveryRow(UUID id, long notificationId, long episodeId, String event, String url, String state,
            long nextAttemptAt, long createdAt, List<Attempt> attempts) {
        Delivery delivery() {
            return new Delivery(id, notificationId, episodeId, event, url, state, state.equals("pending") ? nextAttemptAt : null,
                    createdAt, List.copyOf(attempts));
        }
    }
}
