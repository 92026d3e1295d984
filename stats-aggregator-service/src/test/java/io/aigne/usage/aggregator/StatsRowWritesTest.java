package io.aigne.usage.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.events.CallStatus;
import io.aigne.usage.events.CallType;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatKey;
import io.aigne.usage.stats.StatsTable;
import io.aigne.usage.stats.TimeType;
import io.aigne.usage.testkit.LocalInfra;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statistics rows' write path of issue 14 on a migrated database: the one-statement read of a
 * batch's rows finds exactly the stored rows of every level (NULL app/model included), the
 * one-statement upsert writes what it is given, and the outbox keeps one entry per changed row
 * until drained — a row changed again after a drain read its entry stays announced.
 */
class StatsRowWritesTest {
    private static final long HOUR = 1_767_225_600L; // 2026-01-01T00:00:00Z
    private static String url;

    @BeforeAll
    static void database() throws Exception {
        String db = "rows_" + UUID.randomUUID().toString().replace("-", "");
        String admin = LocalInfra.get().postgres().jdbcUrl();
        try (Connection c = DriverManager.getConnection(admin, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        url = admin.substring(0, admin.lastIndexOf('/') + 1) + db;
        Flyway.configure().dataSource(url, "postgres", "postgres").load().migrate();
    }

    @Test
    void theBatchReadFindsEachLevelsRowAndNothingElse() throws Exception {
        String user = "did:abt:rows-" + UUID.randomUUID();
        ModelCall call = call(user, "app-a", "gpt-4o", HOUR + 10, 120.5);
        List<StatKey> keys = StatKey.of(call); // user, project, model rows of the hour and the day
        Map<StatKey, CallStats> written = new HashMap<>();
        for (StatKey key : keys) {
            CallStats stats = CallStats.empty(400);
            stats.add(call);
            written.put(key, stats);
        }
        try (Connection c = connect()) {
            StatsTable.upsert(c, written);
            // the same keys one hour later, another user's row and a project without the model: none stored
            List<StatKey> asked = new ArrayList<>(keys);
            asked.add(new StatKey(user, "app-a", "gpt-4o", TimeType.hour, HOUR + 3_600));
            asked.add(new StatKey("did:abt:other-" + UUID.randomUUID(), null, null, TimeType.hour, HOUR));
            asked.add(new StatKey(user, "app-b", null, TimeType.hour, HOUR));
            Map<StatKey, CallStats> found = StatsTable.rowsOf(c, asked, 400);
            assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(keys);
            found.values().forEach(s -> assertThat(s.toJson().get("totalCalls").asLong()).isEqualTo(1));
        }
    }

    @Test
    void theOutboxHoldsOneEntryPerRowAndARowChangedAfterTheDrainReadItStaysAnnounced() throws Exception {
        String user = "did:abt:outbox-" + UUID.randomUUID();
        StatKey key = new StatKey(user, null, null, TimeType.hour, HOUR);
        try (Connection c = connect()) {
            write(c, key, 1);
            write(c, key, 2);
            write(c, key, 3);
            assertThat(entries(c, user)).as("three changes before a drain: one entry").hasSize(1);

            // a drain reads the entry, a batch changes the row again and commits, the drain deletes what it read
            long read = entries(c, user).get(0);
            write(c, key, 4);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM stats_outbox WHERE id = ANY (?)")) {
                del.setArray(1, c.createArrayOf("bigint", new Object[] {read}));
                del.executeUpdate();
            }
            List<Long> left = entries(c, user);
            assertThat(left).as("the change after the read is still to be announced").hasSize(1);
            assertThat(left.get(0)).isNotEqualTo(read);

            // drained without a change in between: nothing left
            try (PreparedStatement del = c.prepareStatement("DELETE FROM stats_outbox WHERE id = ANY (?)")) {
                del.setArray(1, c.createArrayOf("bigint", left.toArray()));
                del.executeUpdate();
            }
            assertThat(entries(c, user)).isEmpty();
            try (PreparedStatement ps = c.prepareStatement("SELECT version FROM model_call_stats WHERE user_did = ?")) {
                ps.setString(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("each write replaced the row with the next version").isEqualTo(4);
                }
            }
        }
    }

    private static void write(Connection c, StatKey key, int calls) throws Exception {
        CallStats stats = CallStats.empty(400);
        for (int i = 0; i < calls; i++) {
            stats.add(call(key.userDid(), null, "gpt-4o", key.timestamp() + i, 100 + i));
        }
        StatsTable.upsert(c, Map.of(key, stats));
    }

    private static List<Long> entries(Connection c, String user) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM stats_outbox WHERE user_did = ? ORDER BY id")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static ModelCall call(String user, String app, String model, long time, double durationMs) {
        return new ModelCall("c-" + UUID.randomUUID(), user, app, model, null, CallType.chatCompletion, CallStatus.success, durationMs,
                100, new BigDecimal("0.25"), time, null, null, null, null, null, 1);
    }

    private static Connection connect() throws Exception {
        return DriverManager.getConnection(url, "postgres", "postgres");
    }
}
