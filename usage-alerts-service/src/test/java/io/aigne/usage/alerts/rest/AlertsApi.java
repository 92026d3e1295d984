package io.aigne.usage.alerts.rest;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.aigne.usage.testkit.LocalInfra;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the alerts API tests share: callers with tokens, JSON read exactly, rows written by SQL. */
final class AlertsApi {
    static final String RULES = "/api/usage/alerts/rules";
    static final String EPISODES = "/api/usage/alerts/episodes";
    static final String NOTIFICATIONS = "/api/usage/alerts/notifications";
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private AlertsApi() {
    }

    static String newUser(String what) {
        return "did:abt:alerts-" + what + "-" + UUID.randomUUID();
    }

    static RequestSpecification as(String user, String... roles) {
        return given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of(roles)));
    }

    static RequestSpecification json(RequestSpecification spec, Object body) {
        try {
            return spec.contentType("application/json").body(body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode read(Response response) {
        try {
            return JSON.readTree(response.asString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(response.asString(), e);
        }
    }

    /**
     * A JSON value as plain Java for comparison: objects → maps, arrays → lists, numbers → decimals
     * without trailing zeros (5, 5.0 and 5.00 alike).
     */
    static Object plain(Object value) {
        JsonNode n = value instanceof JsonNode node ? node : JSON.valueToTree(value);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), plain(e.getValue())));
            return m;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            n.forEach(e -> l.add(plain(e)));
            return l;
        }
        if (n.isNumber()) {
            BigDecimal d = n.decimalValue().stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0) : d;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        return n.asText();
    }

    /** Inserts an episode of the rule; answers its id. */
    static long insertEpisode(AgroalDataSource db, String user, UUID ruleId, String slot, long openedAt, String openValue,
            Long resolvedAt, String closeValue) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alert_episodes (rule_id, user_did, slot, opened_at, open_value, resolved_at, close_value)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            ps.setObject(1, ruleId);
            ps.setString(2, user);
            ps.setString(3, slot);
            ps.setLong(4, openedAt);
            ps.setBigDecimal(5, new BigDecimal(openValue));
            ps.setObject(6, resolvedAt);
            ps.setBigDecimal(7, closeValue == null ? null : new BigDecimal(closeValue));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Inserts a notification; answers its id. */
    static long insertNotification(AgroalDataSource db, String user, UUID ruleId, long episodeId, String event, long at, String body,
            Long readAt) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alert_notifications (user_did, rule_id, episode_id, event, at, body, read_at)
                VALUES (?, ?, ?, ?, ?, ?::jsonb, ?) RETURNING id""")) {
            ps.setString(1, user);
            ps.setObject(2, ruleId);
            ps.setLong(3, episodeId);
            ps.setString(4, event);
            ps.setLong(5, at);
            ps.setString(6, body);
            ps.setObject(7, readAt);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static long count(AgroalDataSource db, String sql, Object... args) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void execute(AgroalDataSource db, String sql, Object... args) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
