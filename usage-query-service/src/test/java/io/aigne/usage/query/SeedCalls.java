package io.aigne.usage.query;

import io.aigne.usage.testkit.LocalInfra;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Writes model_calls rows directly (the aggregator's job in production) and keeps them for expectations. */
final class SeedCalls {
    record Call(String userDid, String appDid, String id, long callTime, String model, String type, String status,
            double durationMs, long totalUsage, BigDecimal credits, String errorReason, String requestId, String traceId) {

        Call(String userDid, String appDid, String id, long callTime, String model, String type, String status,
                double durationMs, long totalUsage, BigDecimal credits, String errorReason) {
            this(userDid, appDid, id, callTime, model, type, status, durationMs, totalUsage, credits, errorReason, null, null);
        }
    }

    static final String[] MODELS = {"gpt-4o", "claude-3-5-sonnet", "text-embedding-3-small"};
    static final String[] STATUSES = {"success", "success", "success", "failed", "processing"};

    private SeedCalls() {
    }

    static List<Call> generate(Random random, String userDid, String appDid, int n, long from, long to) {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String status = STATUSES[random.nextInt(STATUSES.length)];
            // few distinct seconds, so ordering ties on callTime (broken by id) really happen
            long callTime = from + random.nextInt((int) Math.min(40, to - from + 1)) * ((to - from) / 40);
            calls.add(new Call(userDid, appDid, String.format("c-%05d-%d", random.nextInt(100_000), i), callTime,
                    MODELS[random.nextInt(MODELS.length)], "chatCompletion", status,
                    Math.round(random.nextDouble() * 5_000_000) / 1000.0, random.nextInt(5000),
                    BigDecimal.valueOf(random.nextInt(1_000_000_000)).movePointLeft(10).setScale(10, RoundingMode.UNNECESSARY),
                    "failed".equals(status) ? "rate limited" : null));
        }
        return calls;
    }

    static void insert(List<Call> calls) {
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO model_calls (user_did, app_did, id, call_time, model, type, status, duration_ms,
                            total_usage, credits, error_reason, request_id, trace_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            if (!calls.isEmpty()) {
                MonthPartitions.ensure(c, calls.stream().mapToLong(Call::callTime).min().getAsLong(),
                        calls.stream().mapToLong(Call::callTime).max().getAsLong());
            }
            for (Call call : calls) {
                ps.setString(1, call.userDid());
                ps.setString(2, call.appDid());
                ps.setString(3, call.id());
                ps.setLong(4, call.callTime());
                ps.setString(5, call.model());
                ps.setString(6, call.type());
                ps.setString(7, call.status());
                ps.setDouble(8, call.durationMs());
                ps.setLong(9, call.totalUsage());
                ps.setBigDecimal(10, call.credits());
                ps.setString(11, call.errorReason());
                ps.setString(12, call.requestId());
                ps.setString(13, call.traceId());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A project profile as the aggregator's PUT stores it (name, logo, app URL). */
    static void profile(String appDid, String name, String logoUrl, String appUrl) {
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO project_profiles (app_did, name, logo_url, app_url) VALUES (?, ?, ?, ?)
                        ON CONFLICT (app_did) DO UPDATE SET name = EXCLUDED.name, logo_url = EXCLUDED.logo_url, app_url = EXCLUDED.app_url""")) {
            ps.setString(1, appDid);
            ps.setString(2, name);
            ps.setString(3, logoUrl);
            ps.setString(4, appUrl);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
