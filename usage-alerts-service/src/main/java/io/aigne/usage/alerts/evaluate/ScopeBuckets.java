package io.aigne.usage.alerts.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aigne.usage.alerts.rules.Rule;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.TimeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The known bucket states of one rule's scope (user, project or model level) in a time span. */
final class ScopeBuckets {
    private ScopeBuckets() {
    }

    record Bucket(TimeType timeType, long timestamp, CallStats stats) {
    }

    /** Buckets of {@code type} starting in [from, to). */
    static List<Bucket> read(Connection c, Rule rule, TimeType type, long from, long to) throws SQLException {
        List<Bucket> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT ts, stats::text, sketch FROM alert_buckets
                WHERE user_did = ? AND app_did = ? AND model_id = ? AND time_type = ? AND ts >= ? AND ts < ?""")) {
            ps.setString(1, rule.userDid());
            ps.setString(2, rule.appDid() == null ? "" : rule.appDid());
            ps.setString(3, rule.modelId() == null ? "" : rule.modelId());
            ps.setString(4, type.name());
            ps.setLong(5, from);
            ps.setLong(6, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Bucket(type, rs.getLong(1),
                            CallStats.fromStored(ModelCallJson.MAPPER.readTree(rs.getString(2)), rs.getBytes(3), CallStats.DEFAULT_K)));
                }
            } catch (JsonProcessingException e) {
                throw new SQLException("unreadable stats JSON in alert_buckets", e);
            }
        }
        return out;
    }
}
