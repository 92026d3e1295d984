package io.aigne.usage.query.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.query.MonthPartitions;
import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The export's transaction: its own statement timeout (SET LOCAL, so pooled connections keep the
 * short one), a read-only REPEATABLE READ snapshot (the count and the rows agree while calls arrive),
 * and the connection back in the pool after close.
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
class CallCursorTest {
    private static final String USER = "did:abt:cursor";
    private static final String APP = "did:app:cursor";
    private static final long T = 1_764_500_000L;

    @Inject
    CallRepository calls;

    @Inject
    AgroalDataSource dataSource;

    private static void insert(String id) {
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO model_calls (user_did, app_did, id, call_time, model, type, status, duration_ms, total_usage, credits)
                        VALUES (?, ?, ?, ?, 'gpt-4o', 'chatCompletion', 'success', 10, 1, 0)""")) {
            MonthPartitions.ensure(c, T, T);
            ps.setString(1, USER);
            ps.setString(2, APP);
            ps.setString(3, id);
            ps.setLong(4, T);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String show(Connection c, String setting) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT current_setting(?)")) {
            ps.setString(1, setting);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void readsOneSnapshotUnderItsOwnTimeoutAndLeavesThePoolAsItWas() throws IOException, SQLException {
        insert("cursor-1");
        insert("cursor-2");
        CallSelection all = new CallSelection(USER, APP, T, T, CallFilter.ofModels(List.of()), false);
        List<String> ids = new ArrayList<>();
        try (CallCursor cursor = calls.openExport(all)) {
            assertThat(cursor.count()).isEqualTo(2);
            // the export's transaction: its own timeout (usage.query.export-statement-timeout, 10 min), read only, one snapshot
            assertThat(cursor.setting("statement_timeout")).isEqualTo("10min");
            assertThat(cursor.setting("transaction_isolation")).isEqualTo("repeatable read");
            assertThat(cursor.setting("transaction_read_only")).isEqualTo("on");
            insert("cursor-3"); // arrives while the export runs
            cursor.forEach(row -> ids.add(row.id()));
        }
        assertThat(ids).containsExactly("cursor-2", "cursor-1");
        assertThat(calls.count(all)).isEqualTo(3);
        // every pooled connection still has the service's short timeout (SET LOCAL ended with the transaction)
        List<Connection> pooled = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Connection c = dataSource.getConnection();
                pooled.add(c);
                assertThat(show(c, "statement_timeout")).isEqualTo("10s");
                assertThat(c.getAutoCommit()).isTrue();
            }
        } finally {
            for (Connection c : pooled) {
                c.close();
            }
        }
    }
}
