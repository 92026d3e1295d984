package io.aigne.usage.alerts.evaluate;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** What the evaluation needs of a rule (the API's representation lives in the rules package). */
public record ActiveRule(UUID id, String userDid, String name, String kind, boolean enabled, String appDid, String modelId,
        BigDecimal threshold, int windowHours, int minCalls, String period, List<Integer> notifyAt, int cooldownMinutes,
        String webhookUrl) {

    public boolean isBudget() {
        return "budget".equals(kind);
    }

    public boolean isCredits() {
        return "creditsBelow".equals(kind) || "daysBelow".equals(kind);
    }

    static List<ActiveRule> ofUser(Connection c, String userDid) throws SQLException {
        List<ActiveRule> rules = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT id, user_did, name, kind, enabled, app_did, model_id, threshold, window_hours, min_calls, period, notify_at,
                       cooldown_minutes, webhook_url
                FROM alert_rules WHERE user_did = ? ORDER BY created_at, id""")) {
            ps.setString(1, userDid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rules.add(new ActiveRule(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getBoolean(5), rs.getString(6), rs.getString(7), rs.getBigDecimal(8), rs.getInt(9), rs.getInt(10),
                            rs.getString(11), ints(rs.getArray(12)), rs.getInt(13), rs.getString(14)));
                }
            }
        }
        return rules;
    }

    private static List<Integer> ints(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : (Object[]) array.getArray()) {
            out.add(((Number) o).intValue());
        }
        return out;
    }
}
