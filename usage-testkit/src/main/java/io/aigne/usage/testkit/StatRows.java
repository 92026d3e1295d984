package io.aigne.usage.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** Reads model_call_stats rows straight from PostgreSQL. */
public final class StatRows {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    public record Row(JsonNode stats, byte[] sketch, int version) {
    }

    private StatRows() {
    }

    public static Map<ReferenceStats.Bucket, Row> of(String jdbcUrl, String userDid) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("""
                        SELECT app_did, model_id, time_type, "timestamp", stats, latency_sketch, version
                        FROM model_call_stats WHERE user_did = ?""")) {
            ps.setString(1, userDid);
            Map<ReferenceStats.Bucket, Row> rows = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(new ReferenceStats.Bucket(userDid, rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
                            new Row(JSON.readTree(rs.getString(5)), rs.getBytes(6), rs.getInt(7)));
                }
            }
            return rows;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<ReferenceStats.Bucket, Row> of(String userDid) {
        return of(LocalInfra.get().postgres().jdbcUrl(), userDid);
    }
}
