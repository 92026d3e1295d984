package io.aigne.usage.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.aggregator.service.IncomingCall;
import io.aigne.usage.aggregator.service.ModelCallStore;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.ValidationResult;
import io.aigne.usage.testkit.LocalInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The move to month partitions (V7) on an installation with data: a V5 database with calls over
 * several months (some still processing) migrates without losing or changing a row, each row in
 * its month's partition and with its identity; the write rules of docs/contracts.md §1 then hold
 * across partitions; month edges go to the right partition; retention's horizon refuses months.
 */
class PartitionedCallsMigrationTest {
    private static final long JAN_2026 = 1_767_225_600L; // 2026-01-01T00:00:00Z

    @Test
    void populatedV5DatabaseMigratesEveryRowAndTheRulesHoldAcrossPartitions() throws Exception {
        String url = database();
        Flyway.configure().dataSource(url, "postgres", "postgres").target("5").load().migrate();
        String user = "did:abt:migrate-" + UUID.randomUUID();
        Random random = new Random(3);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO model_calls (user_did, id, app_did, model, type, status, duration_ms, total_usage, credits,
                            call_time, metadata, partition_no)
                        VALUES (?, ?, ?, 'gpt-4o', 'chatCompletion', ?, ?, ?, ?, ?, ?::jsonb, ?)""")) {
            for (int i = 0; i < 300; i++) {
                String status = i % 10 == 0 ? "processing" : i % 7 == 0 ? "failed" : "success";
                ps.setString(1, user);
                ps.setString(2, "m-" + i);
                ps.setString(3, "app-" + (i % 4));
                ps.setString(4, status);
                ps.setDouble(5, random.nextInt(100_000) / 10.0);
                ps.setLong(6, random.nextInt(5_000));
                ps.setBigDecimal(7, java.math.BigDecimal.valueOf(random.nextInt(1_000_000)).movePointLeft(10));
                ps.setLong(8, JAN_2026 - 40L * 86_400 + random.nextInt(120 * 86_400)); // Nov 2025 .. Mar 2026
                ps.setString(9, "{\"i\": " + i + "}");
                ps.setInt(10, i % 3);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        Map<String, String> before = rows(url, user);

        Flyway.configure().dataSource(url, "postgres", "postgres").load().migrate();

        assertThat(rows(url, user)).isEqualTo(before);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM model_calls WHERE tableoid::regclass::text <> "
                    + "'model_calls_' || to_char(to_timestamp(call_time) AT TIME ZONE 'UTC', 'YYYY_MM')")) {
                rs.next();
                assertThat(rs.getLong(1)).as("rows outside their month's partition").isZero();
            }
            try (ResultSet rs = s.executeQuery("""
                    SELECT count(*) FROM model_calls m FULL JOIN model_call_ids k ON k.user_did = m.user_did AND k.id = m.id
                    WHERE k.id IS NULL OR m.id IS NULL OR k.call_time <> m.call_time OR k.terminal <> (m.status <> 'processing')""")) {
                rs.next();
                assertThat(rs.getLong(1)).as("calls whose identity row is missing or wrong").isZero();
            }
        }

        // the rules across partitions: a processing call of November finishes in March and moves there;
        // a second terminal event and a late processing event change nothing
        String pending = "m-0";
        long march = JAN_2026 + 70L * 86_400;
        ModelCall done = call(user, pending, "success", march, "0.5");
        ModelCall other = call(user, pending, "failed", march + 9, "0");
        ModelCall stale = call(user, "m-1", "processing", JAN_2026 - 30L * 86_400, "0");
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            c.setAutoCommit(false);
            ModelCallStore store = new ModelCallStore();
            List<IncomingCall> changed = store.write(c, List.of(new IncomingCall(done, 0), new IncomingCall(stale, 0)));
            assertThat(changed).extracting(x -> x.call().id()).containsExactly(pending);
            assertThat(store.write(c, List.of(new IncomingCall(other, 0), new IncomingCall(done, 0)))).isEmpty();
            c.commit();
        }
        Map<String, String> after = rows(url, user);
        assertThat(after.get(pending)).startsWith("success|" + march + "|");
        after.remove(pending);
        before.remove(pending);
        assertThat(after).isEqualTo(before);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT tableoid::regclass::text, (SELECT count(*) FROM model_calls WHERE id = 'm-0')"
                        + " FROM model_calls WHERE id = 'm-0'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("model_calls_2026_03");
            assertThat(rs.getLong(2)).isEqualTo(1);
        }
    }

    @Test
    void monthEdgesGoToTheirOwnPartitionAndRetentionRefusesExpiredMonths() throws Exception {
        String url = database();
        Flyway.configure().dataSource(url, "postgres", "postgres").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
            for (long t : List.of(JAN_2026 - 1, JAN_2026)) {
                try (ResultSet rs = s.executeQuery("SELECT model_calls_month_partition(" + t + ")")) {
                    rs.next();
                }
                s.execute("INSERT INTO model_calls (user_did, id, model, type, status, duration_ms, total_usage, credits, call_time)"
                        + " VALUES ('u', 'edge-" + t + "', 'm', 'chatCompletion', 'success', 1, 1, 0, " + t + ")");
            }
            Map<String, String> where = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("SELECT id, tableoid::regclass::text FROM model_calls")) {
                while (rs.next()) {
                    where.put(rs.getString(1), rs.getString(2));
                }
            }
            assertThat(where).containsEntry("edge-" + (JAN_2026 - 1), "model_calls_2025_12").containsEntry("edge-" + JAN_2026,
                    "model_calls_2026_01");
            // asking twice is harmless; a month wholly before the raw-call horizon is never created again
            try (ResultSet rs = s.executeQuery("SELECT model_calls_month_partition(" + JAN_2026 + ")")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("model_calls_2026_01");
            }
            s.execute("INSERT INTO data_retention (kind, kept_from) VALUES ('raw', " + JAN_2026 + ")");
            try (ResultSet rs = s.executeQuery("SELECT model_calls_month_partition(" + (JAN_2026 - 40L * 86_400) + ")")) {
                rs.next();
                assertThat(rs.getString(1)).isNull();
            }
            try (ResultSet rs = s.executeQuery("SELECT to_regclass('model_calls_2025_11')")) {
                rs.next();
                assertThat(rs.getString(1)).isNull();
            }
        }
    }

    private static ModelCall call(String user, String id, String status, long callTime, String credits) {
        String json = ModelCallJson.MAPPER.createObjectNode().put("id", id).put("userDid", user).put("appDid", "app-0")
                .put("model", "gpt-4o").put("type", "chatCompletion").put("status", status).put("durationMs", 10)
                .put("totalUsage", 5).put("credits", new java.math.BigDecimal(credits)).put("callTime", callTime).toString();
        return ((ValidationResult.Valid) ModelCallJson.parse(json)).call();
    }

    private static String database() throws Exception {
        String db = "migrate_" + UUID.randomUUID().toString().replace("-", "");
        String admin = LocalInfra.get().postgres().jdbcUrl();
        try (Connection c = DriverManager.getConnection(admin, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        return admin.substring(0, admin.lastIndexOf('/') + 1) + db;
    }

    /** Every column of every call of the user, as PostgreSQL renders it (created/updated times included). */
    private static Map<String, String> rows(String url, String user) throws Exception {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("""
                        SELECT id, concat_ws('|', status, call_time, duration_ms, total_usage, credits, app_did, model, type,
                            metadata, partition_no, created_at, updated_at)
                        FROM model_calls WHERE user_did = ?""")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return rows;
    }
}
