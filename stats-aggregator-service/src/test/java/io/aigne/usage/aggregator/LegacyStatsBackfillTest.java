package io.aigne.usage.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.aggregator.service.StatsReconciler;
import io.aigne.usage.aggregator.service.StatsStore;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.testkit.ExpectedCalls;
import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.ReferenceStats;
import io.aigne.usage.testkit.StatAssertions;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The upgrade path of an installation whose model_call_stats holds only user-level rows: V1
 * schema with data, migrate to the current schema, run the reconcile/backfill, and every level
 * then equals a recomputation from model_calls.
 */
class LegacyStatsBackfillTest {
    private static final long DAY = 1_760_000_000L / 86_400 * 86_400;

    @Test
    void backfillFillsProjectAndModelRowsAndRepairsUserRows() throws Exception {
        String db = "legacy_" + UUID.randomUUID().toString().replace("-", "");
        String admin = LocalInfra.get().postgres().jdbcUrl();
        try (Connection c = DriverManager.getConnection(admin, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        String url = admin.substring(0, admin.lastIndexOf('/') + 1) + db;
        Flyway.configure().dataSource(url, "postgres", "postgres").target("1").load().migrate();

        String user = "did:abt:legacy-" + UUID.randomUUID();
        ExpectedCalls expected = new ExpectedCalls();
        Random random = new Random(9);
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO model_calls (user_did, id, app_did, model, type, status, duration_ms, total_usage, credits, call_time)
                        VALUES (?, ?, ?, ?, 'chatCompletion', ?, ?, ?, ?, ?)""")) {
            for (int i = 0; i < 40; i++) {
                ObjectNode e = ModelCallJson.MAPPER.createObjectNode();
                e.put("id", "legacy-" + i).put("userDid", user).put("appDid", "app-" + (i % 3))
                        .put("model", i % 2 == 0 ? "gpt-4o" : "claude").put("status", i % 7 == 0 ? "failed" : "success")
                        .put("durationMs", random.nextInt(100_000) / 10.0).put("totalUsage", random.nextInt(3000))
                        .put("credits", BigDecimal.valueOf(random.nextInt(100_000)).movePointLeft(6))
                        .put("callTime", DAY + random.nextInt(86_400));
                expected.sent(e);
                ps.setString(1, user);
                ps.setString(2, e.get("id").asText());
                ps.setString(3, e.get("appDid").asText());
                ps.setString(4, e.get("model").asText());
                ps.setString(5, e.get("status").asText());
                ps.setDouble(6, e.get("durationMs").asDouble());
                ps.setLong(7, e.get("totalUsage").asLong());
                ps.setBigDecimal(8, e.get("credits").decimalValue());
                ps.setLong(9, e.get("callTime").asLong());
                ps.executeUpdate();
            }
        }
        long userRows = insertLegacyUserRows(url, user, expected);

        Flyway.configure().dataSource(url, "postgres", "postgres").load().migrate();
        StatsReconciler.DayReport first = reconcile(url, true);
        long projectAndModelRows = ReferenceStats.compute(expected.all(user)).keySet().stream()
                .filter(b -> b.appDid() != null).count();
        assertThat(first.missing()).isEqualTo(projectAndModelRows);
        assertThat(first.mismatched()).as("legacy user rows have no sketch yet").isEqualTo(userRows);
        assertThat(first.extra()).isZero();

        StatAssertions.assertRowsMatchReference(url, user, expected.all(user), DAY + 86_400);
        StatsReconciler.DayReport second = reconcile(url, false);
        assertThat(second.missing() + second.mismatched() + second.extra()).isZero();
    }

    /** What the pre-refactor aggregator stored: user-level totals per hour and day, no sketch. */
    private static long insertLegacyUserRows(String url, String user, ExpectedCalls expected) throws Exception {
        var reference = ReferenceStats.compute(expected.all(user));
        long rows = 0;
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO model_call_stats (user_did, \"timestamp\", time_type, stats) VALUES (?, ?, ?, ?::jsonb)")) {
            for (var e : reference.entrySet()) {
                if (e.getKey().appDid() != null) {
                    continue;
                }
                ObjectNode stats = ModelCallJson.MAPPER.createObjectNode().put("totalCalls", e.getValue().calls)
                        .put("successCalls", e.getValue().success).put("failedCalls", e.getValue().failed)
                        .put("totalUsage", e.getValue().usage).put("totalCredits", e.getValue().credits)
                        .put("totalDurationMs", e.getValue().successDurationSum).put("maxCallTime", e.getValue().maxCallTime);
                ps.setString(1, user);
                ps.setLong(2, e.getKey().timestamp());
                ps.setString(3, e.getKey().timeType());
                ps.setString(4, stats.toString());
                ps.executeUpdate();
                rows++;
            }
        }
        return rows;
    }

    private static StatsReconciler.DayReport reconcile(String url, boolean repair) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres")) {
            c.setAutoCommit(false);
            StatsReconciler.DayReport report = new StatsReconciler(new StatsStore()).day(c, DAY, repair, 200);
            c.commit();
            return report;
        }
    }
}
