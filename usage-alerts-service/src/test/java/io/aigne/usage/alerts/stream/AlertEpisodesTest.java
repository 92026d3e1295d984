package io.aigne.usage.alerts.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.alerts.evaluate.EvaluationTick;
import io.aigne.usage.events.CallStatus;
import io.aigne.usage.events.CallType;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.events.Topics;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatEvent;
import io.aigne.usage.stats.StatKey;
import io.aigne.usage.stats.TimeType;
import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Episodes from the real stat topics on the real broker: opened once and resolved once whatever
 * the stream repeats, reorders or revises (a late merge's higher version), with the cooldown,
 * budgets per percentage and period, a disabled rule, an unreadable event, and a replayed batch.
 * Expected outcomes follow from the calls each event is built from, not from the service.
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
class AlertEpisodesTest {
    private static KafkaProducer<String, String> producer;

    @Inject
    StatBatch batch;

    @Inject
    EvaluationTick tick;

    @BeforeAll
    static void producer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    /** The running hour's stats of {@code calls} calls of which {@code failed} failed, each costing 1 credit. */
    private static CallStats stats(String user, int calls, int failed, long hour) {
        CallStats s = CallStats.empty();
        for (int i = 0; i < calls; i++) {
            s.add(new ModelCall(UUID.randomUUID().toString(), user, null, "m", "p", CallType.chatCompletion,
                    i < failed ? CallStatus.failed : CallStatus.success, 100 + i, 10, BigDecimal.ONE, hour + i % 3_000, null, null,
                    null, null, null, 1));
        }
        return s;
    }

    private static String event(String user, int calls, int failed, int version) {
        long hour = TimeType.hour.floor(now());
        return new StatEvent(new StatKey(user, null, null, TimeType.hour, hour), stats(user, calls, failed, hour), version,
                version == 0).toJson();
    }

    private static void send(String user, String json, boolean live) {
        producer.send(new ProducerRecord<>(live ? Topics.MODEL_CALL_STATS_LIVE : Topics.MODEL_CALL_STATS, user, json));
        producer.flush();
    }

    private static Connection db() throws Exception {
        return DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
    }

    private static UUID rule(String user, String kind, String threshold, Integer windowHours, Integer minCalls, String period,
            Integer[] notifyAt, int cooldownMinutes) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alert_rules (id, user_did, name, kind, enabled, threshold, window_hours, min_calls, period, notify_at,
                  cooldown_minutes, webhook_url, webhook_secret, created_at, updated_at)
                VALUES (?, ?, 'r', ?, true, ?, ?, ?, ?, ?, ?, 'https://hooks.example.com/x', 'whsec_test', 0, 0)""")) {
            ps.setObject(1, id);
            ps.setString(2, user);
            ps.setString(3, kind);
            ps.setBigDecimal(4, new BigDecimal(threshold));
            ps.setObject(5, windowHours);
            ps.setObject(6, minCalls);
            ps.setString(7, period);
            ps.setArray(8, notifyAt == null ? null : c.createArrayOf("int", notifyAt));
            ps.setInt(9, cooldownMinutes);
            ps.executeUpdate();
        }
        return id;
    }

    /** The user's notifications as "event:value" in order. */
    private static List<String> notifications(String user) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "SELECT event, body->>'value', body->>'notifyAt' FROM alert_notifications WHERE user_did = ? ORDER BY id")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + ":" + new BigDecimal(rs.getString(2)).stripTrailingZeros().toPlainString()
                            + (rs.getString(3) == null ? "" : "@" + rs.getString(3)));
                }
            }
        }
        return out;
    }

    private static List<String> awaitNotifications(String user, int count) {
        return Awaitility.await(user + " has " + count + " notifications").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> notifications(user), n -> n.size() >= count);
    }

    /**
     * Sends a marker on both topics, keyed by the user (so on the partitions of the user's events)
     * into project rows no rule here reads, and waits until both are applied: so is everything
     * sent for the user before.
     */
    private static void awaitConsumed(String user) throws Exception {
        String live = "did:app:marker-" + UUID.randomUUID();
        String flushed = "did:app:marker-" + UUID.randomUUID();
        long hour = TimeType.hour.floor(now());
        send(user, new StatEvent(new StatKey(user, live, null, TimeType.hour, hour), stats(user, 1, 0, hour), 0, true).toJson(), true);
        send(user, new StatEvent(new StatKey(user, flushed, null, TimeType.hour, hour), stats(user, 1, 0, hour), 1, false).toJson(),
                false);
        Awaitility.await("markers applied").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                    "SELECT count(*) FROM alert_buckets WHERE user_did = ? AND app_did IN (?, ?)")) {
                ps.setString(1, user);
                ps.setString(2, live);
                ps.setString(3, flushed);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1) == 2;
                }
            }
        });
    }

    @Test
    void anEpisodeOpensOnceAndResolvesOnceWhateverTheStreamRepeats() throws Exception {
        String user = "did:abt:" + UUID.randomUUID();
        rule(user, "errorRate", "10", 2, 10, null, null, 10);
        send(user, event(user, 20, 5, 0), true); // 25 % in the running snapshot
        assertThat(awaitNotifications(user, 1)).containsExactly("opened:25");

        send(user, event(user, 20, 5, 0), true); // the same snapshot again
        send(user, event(user, 10, 0, 0), true); // an older snapshot (fewer calls) arriving late
        send(user, event(user, 20, 5, 1), false); // the flushed row: same calls
        send(user, event(user, 40, 5, 2), false); // a late merge: 12.5 %, still above
        awaitConsumed(user);
        assertThat(notifications(user)).containsExactly("opened:25");

        send(user, event(user, 100, 5, 3), false); // a later merge: 5 %, below
        assertThat(awaitNotifications(user, 2)).containsExactly("opened:25", "resolved:5");

        send(user, event(user, 40, 5, 2), false); // the older version redelivered: changes nothing
        send(user, event(user, 200, 100, 0), true); // a running snapshot never overrides the flushed row
        awaitConsumed(user);
        tick.evaluate(user);
        assertThat(notifications(user)).containsExactly("opened:25", "resolved:5");
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM alert_deliveries d JOIN alert_notifications n ON n.id = d.notification_id WHERE n.user_did = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("one webhook delivery per notification").isEqualTo(2);
            }
        }
    }

    @Test
    void theCooldownKeepsARuleQuietAfterItResolved() throws Exception {
        String user = "did:abt:" + UUID.randomUUID();
        rule(user, "errorRate", "10", 2, 10, null, null, 10);
        send(user, event(user, 20, 10, 1), false);
        awaitNotifications(user, 1);
        send(user, event(user, 200, 10, 2), false); // 5 %: resolves
        awaitNotifications(user, 2);
        send(user, event(user, 300, 110, 3), false); // above again, within 10 minutes
        awaitConsumed(user);
        tick.evaluate(user);
        assertThat(notifications(user)).containsExactly("opened:50", "resolved:5");
    }

    @Test
    void aBudgetNotifiesOncePerPercentageOfItsPeriod() throws Exception {
        String user = "did:abt:" + UUID.randomUUID();
        UUID id = rule(user, "budget", "100", null, null, "day", new Integer[] {50, 80, 100}, 10);
        send(user, event(user, 60, 0, 0), true); // 60 credits
        assertThat(awaitNotifications(user, 1)).containsExactly("opened:60@50");
        send(user, event(user, 85, 0, 0), true);
        awaitNotifications(user, 2);
        send(user, event(user, 90, 0, 1), false);
        send(user, event(user, 120, 0, 2), false);
        awaitNotifications(user, 3);
        send(user, event(user, 130, 0, 3), false);
        awaitConsumed(user);
        assertThat(notifications(user)).containsExactly("opened:60@50", "opened:85@80", "opened:120@100");

        // an episode of an earlier period (yesterday's 50 %) ends with its period, once
        long yesterday = TimeType.day.floor(now()) - 86_400;
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO alert_episodes (rule_id, user_did, slot, opened_at, open_value) VALUES (?, ?, ?, ?, 55)")) {
            ps.setObject(1, id);
            ps.setString(2, user);
            ps.setString(3, yesterday + ":50");
            ps.setLong(4, yesterday + 100);
            ps.executeUpdate();
        }
        tick.evaluate(user);
        tick.evaluate(user);
        assertThat(notifications(user)).hasSize(4).last().asString().startsWith("resolved:");
    }

    @Test
    void aDisabledRuleEndsItsEpisodeAndAnUnreadableEventStopsNothing() throws Exception {
        String user = "did:abt:" + UUID.randomUUID();
        UUID id = rule(user, "errorRate", "10", 2, 1, null, null, 0);
        send(user, "{\"userDid\": 42, \"not\": \"a stat event\"", true);
        send(user, event(user, 4, 4, 0), true);
        assertThat(awaitNotifications(user, 1)).containsExactly("opened:100");
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("UPDATE alert_rules SET enabled = false WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
        tick.evaluate(user);
        tick.evaluate(user);
        assertThat(notifications(user)).containsExactly("opened:100", "resolved:0");
    }

    @Test
    void aRuleReplacedWithAnotherKindEndsTheOldKindsEpisode() throws Exception {
        String user = "did:abt:" + UUID.randomUUID();
        UUID id = rule(user, "errorRate", "10", 2, 1, null, null, 0);
        send(user, event(user, 4, 4, 0), true);
        assertThat(awaitNotifications(user, 1)).containsExactly("opened:100");
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "UPDATE alert_rules SET kind = 'budget', threshold = 1000, window_hours = null, min_calls = null, period = 'month', "
                        + "notify_at = '{50}' WHERE id = ?")) {
            ps.setObject(1, id);
            ps.executeUpdate();
        }
        tick.evaluate(user);
        tick.evaluate(user);
        assertThat(notifications(user)).containsExactly("opened:100", "resolved:0"); // 4 failed calls spent nothing
    }

    @Test
    void anEventTheDatabaseRefusesIsSkippedAloneAndTheStreamGoesOn() throws Exception {
        String user = "did:abt:" + UUID.randomUUID();
        rule(user, "errorRate", "10", 2, 1, null, null, 0);
        // PostgreSQL refuses text holding NUL (a data error): only this record may be lost
        String poisoned = event(user, 1, 1, 0).replace(user, user + "\\u0000x");
        send(user, poisoned, true);
        send(user, event(user, 10, 5, 0), true);
        assertThat(awaitNotifications(user, 1)).containsExactly("opened:50");
    }

    /**
     * The database goes away (here: the stored offsets' table, for a few seconds) while an event arrives:
     * its batch fails and the stored offsets cannot be read to go back to. The consumer waits with the
     * partition paused and applies the event once the table is back (it used to stop for good).
     */
    @Test
    void anEventArrivingWhileTheStoredOffsetsCannotBeReadIsAppliedOnceTheyCan() throws Exception {
        String user = "did:abt:" + UUID.randomUUID();
        rule(user, "errorRate", "10", 2, 1, null, null, 0);
        try (Connection c = db()) {
            c.createStatement().execute("ALTER TABLE alert_offsets RENAME TO alert_offsets_away");
        }
        try {
            send(user, event(user, 10, 5, 0), true);
            Thread.sleep(5_000); // the batch fails, then the retry to read the offsets fails too
            assertThat(notifications(user)).isEmpty();
        } finally {
            try (Connection c = db()) {
                c.createStatement().execute("ALTER TABLE alert_offsets_away RENAME TO alert_offsets");
            }
        }
        assertThat(awaitNotifications(user, 1)).containsExactly("opened:50");
        awaitConsumed(user);
        assertThat(notifications(user)).containsExactly("opened:50");
    }

    @Test
    void aReplayedBatchChangesNothing() throws Exception {
        String user = "did:abt:" + UUID.randomUUID();
        rule(user, "errorRate", "10", 2, 1, null, null, 0);
        List<ConsumerRecord<String, String>> records = List.of(
                new ConsumerRecord<>("replay-test.live", 0, 7L, user, event(user, 10, 5, 0)),
                new ConsumerRecord<>("replay-test.stats", 0, 7L, user, event(user, 10, 5, 1)));
        batch.apply(records);
        batch.apply(records); // redelivered after a crash before Kafka heard of the commit
        assertThat(notifications(user)).containsExactly("opened:50");
    }
}
