package io.aigne.usage.aggregator;

import io.aigne.usage.testkit.LocalInfra;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Reads model_calls straight from PostgreSQL, independent of the service's code. */
final class ModelCallRows {
    record Row(String id, String status, double durationMs, long totalUsage, BigDecimal credits, String errorReason) {
    }

    private ModelCallRows() {
    }

    static List<Row> of(String userDid) {
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement(
                        "SELECT id, status, duration_ms, total_usage, credits, error_reason FROM model_calls WHERE user_did = ? ORDER BY id")) {
            ps.setString(1, userDid);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getLong(4), rs.getBigDecimal(5),
                            rs.getString(6)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the user's rows satisfy the condition (the consumer is asynchronous). */
    static List<Row> await(String userDid, Predicate<List<Row>> condition) {
        AtomicReference<List<Row>> last = new AtomicReference<>(List.of());
        try {
            return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        last.set(of(userDid));
                        return last.get();
                    }, condition);
        } catch (ConditionTimeoutException e) {
            return last.get(); // the caller's assertion then shows what was stored
        }
    }
}
