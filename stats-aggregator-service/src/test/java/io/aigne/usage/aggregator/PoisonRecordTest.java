package io.aigne.usage.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.aggregator.messaging.ConsumerLoopHealthCheck;
import io.aigne.usage.events.Topics;
import io.aigne.usage.testkit.ExpectedCalls;
import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.TestDatabase;
import io.aigne.usage.testkit.StatAssertions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Poison pills produced straight to the topic, between good events of several users (so several
 * partitions): events that break a validation rule, and events the database itself refuses
 * (a test trigger raises a data exception, class 22, or an integrity violation, class 23, for
 * marked rows — standing in for whatever validation might miss). Every good call must be stored
 * and counted exactly, every bad one dead-lettered with its reason, and the consumer must go on.
 * An outage (the trigger raising a non-data error) stalls the partition instead, turns readiness
 * DOWN and shows in the stalled metric, and the same events are applied once it ends, also those
 * polled while the failing batch was in flight.
 */
@QuarkusTest
class PoisonRecordTest {
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;

    @Inject
    AggregatorConfig config;

    @Inject
    MutableClock clock;

    @Inject
    @Readiness
    ConsumerLoopHealthCheck readiness;

    @Inject
    MeterRegistry registry;

    private final Random random = new Random(11);
    private final ExpectedCalls expected = new ExpectedCalls();

    @BeforeEach
    void installRefusingTrigger() throws Exception {
        TestDatabase.run("CREATE TABLE IF NOT EXISTS poison_test_outage (on_ boolean NOT NULL)",
                "DELETE FROM poison_test_outage",
                """
                CREATE OR REPLACE FUNCTION poison_test_refuse() RETURNS trigger AS $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM poison_test_outage WHERE on_) THEN
                        RAISE EXCEPTION 'test outage' USING ERRCODE = '57P03';
                    END IF;
                    IF NEW.request_id = 'refuse-22' THEN
                        RAISE EXCEPTION 'test: invalid byte sequence' USING ERRCODE = '22021';
                    END IF;
                    IF NEW.request_id = 'refuse-23' THEN
                        RAISE EXCEPTION 'test: check violation' USING ERRCODE = '23514';
                    END IF;
                    RETURN NEW;
                END $$ LANGUAGE plpgsql""",
                "DROP TRIGGER IF EXISTS poison_test_refuse ON model_calls",
                "CREATE TRIGGER poison_test_refuse BEFORE INSERT OR UPDATE ON model_calls FOR EACH ROW EXECUTE FUNCTION poison_test_refuse()");
    }

    @AfterEach
    void dropTrigger() throws Exception {
        TestDatabase.run("DROP TRIGGER IF EXISTS poison_test_refuse ON model_calls", "DELETE FROM poison_test_outage");
    }

    @Test
    void badRecordsAreSetAsideAloneAndEveryGoodCallCountsExactly() throws Exception {
        long day = Math.floorDiv(clock.epochSecond(), DAY) * DAY + 2 * DAY; // hours still open
        Map<String, List<String>> sent = new LinkedHashMap<>();
        Map<String, Set<String>> badIds = new HashMap<>();
        List<String> users = new ArrayList<>();
        for (int u = 0; u < 6; u++) {
            String user = TestEvents.uniqueUser();
            users.add(user);
            List<String> values = new ArrayList<>();
            Set<String> bad = new HashSet<>();
            List<String> poisons = poisons(user, day);
            for (int i = 0; i < 30; i++) {
                ObjectNode good = good(user, day + random.nextInt((int) (3 * HOUR)));
                expected.sent(good);
                values.add(good.toString());
                if (i % 4 == 1 && !poisons.isEmpty()) {
                    String poison = poisons.remove(0);
                    values.add(poison);
                    bad.add(poison);
                }
            }
            values.addAll(poisons);
            bad.addAll(poisons);
            sent.put(user, values);
            badIds.put(user, bad);
        }
        sent.forEach((user, values) -> ModelCallConsumerTest.produce(user, values.toArray(String[]::new)));

        for (String user : users) {
            Set<String> want = expected.all(user).stream().map(e -> e.get("id").asText()).collect(Collectors.toSet());
            List<ModelCallRows.Row> stored = ModelCallRows.await(user, rows -> ids(rows).equals(want));
            assertThat(ids(stored)).isEqualTo(want);
            List<ConsumerRecord<String, String>> dead = ModelCallConsumerTest.readDeadLetters(user, badIds.get(user).size());
            assertThat(dead).extracting(ConsumerRecord::value).containsExactlyInAnyOrderElementsOf(badIds.get(user));
            for (ConsumerRecord<String, String> d : dead) {
                String reason = ModelCallConsumerTest.reason(d);
                if (d.value().contains("refuse-22")) {
                    assertThat(reason).contains("SQLState 22021");
                } else if (d.value().contains("refuse-23")) {
                    assertThat(reason).contains("SQLState 23514");
                } else {
                    assertThat(reason).doesNotContain("SQLState");
                }
                assertThat(new String(d.headers().lastHeader("dlq-source").value())).startsWith("aigne.model-calls.v1-");
            }
        }

        clock.set(day + 3 * HOUR + 600);
        Ingest.flush();
        for (String user : users) {
            StatAssertions.assertRowsMatchReference(LocalInfra.get().postgres().jdbcUrl(), user, expected.all(user), day + 3 * HOUR);
        }
        assertThat(readiness.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }

    @Test
    void anOutageStallsThePartitionVisiblyAndNothingIsLostWhenItEnds() throws Exception {
        String user = TestEvents.uniqueUser();
        TestDatabase.run("INSERT INTO poison_test_outage VALUES (true)");
        ObjectNode call = good(user, 1_764_300_000L);
        ModelCallConsumerTest.produce(user, call.toString());

        // stall-timeout is 3 s in the test profile
        await(Duration.ofSeconds(30), () -> readiness.call().getStatus() == HealthCheckResponse.Status.DOWN);
        assertThat(ModelCallRows.of(user)).isEmpty();
        assertThat(maxGauge("usage.consumer.stalled")).isGreaterThan(3.0);
        assertThat(maxGauge("usage.consumer.lag")).isGreaterThanOrEqualTo(1.0);

        TestDatabase.run("DELETE FROM poison_test_outage");
        assertThat(ModelCallRows.await(user, rows -> rows.size() == 1)).extracting(ModelCallRows.Row::id)
                .containsExactly(call.get("id").asText());
        await(Duration.ofSeconds(30), () -> readiness.call().getStatus() == HealthCheckResponse.Status.UP
                && maxGauge("usage.consumer.stalled") == 0 && maxGauge("usage.consumer.lag") == 0);
    }

    /**
     * The consumer writes a batch while it polls the next (two stages): an outage that begins while
     * events keep arriving fails the batch in flight, and what was polled behind it must be read again.
     * Once it ends every call is stored once and counted once.
     */
    @Test
    void anOutageWhileEventsKeepArrivingLosesAndDoublesNothing() throws Exception {
        long day = Math.floorDiv(clock.epochSecond(), DAY) * DAY + 2 * DAY; // hours still open
        List<String> users = new ArrayList<>();
        for (int u = 0; u < 6; u++) {
            users.add(TestEvents.uniqueUser());
        }
        for (int wave = 0; wave < 8; wave++) {
            if (wave == 3) {
                TestDatabase.run("INSERT INTO poison_test_outage VALUES (true)");
            }
            for (String user : users) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    ObjectNode good = good(user, day + random.nextInt((int) (3 * HOUR)));
                    expected.sent(good);
                    values.add(good.toString());
                }
                ModelCallConsumerTest.produce(user, values.toArray(String[]::new));
            }
            if (wave == 3) {
                await(Duration.ofSeconds(30), () -> maxGauge("usage.consumer.stalled") > 0); // a batch did fail
            }
            if (wave == 5) {
                TestDatabase.run("DELETE FROM poison_test_outage");
            }
        }

        for (String user : users) {
            Set<String> want = expected.all(user).stream().map(e -> e.get("id").asText()).collect(Collectors.toSet());
            List<ModelCallRows.Row> stored = ModelCallRows.await(user, rows -> ids(rows).equals(want));
            assertThat(ids(stored)).isEqualTo(want);
            assertThat(stored).hasSize(want.size());
        }
        clock.set(day + 3 * HOUR + 600);
        Ingest.flush();
        for (String user : users) {
            StatAssertions.assertRowsMatchReference(LocalInfra.get().postgres().jdbcUrl(), user, expected.all(user), day + 3 * HOUR);
        }
    }

    /**
     * An outage in which even the stored offsets cannot be read (their table is gone for a while): the
     * failed batch's partitions wait, paused, instead of going back to the beginning of the topic — a
     * replay of everything retained, each record skipped again — and continue from their stored
     * offsets once the table is back.
     */
    @Test
    void partitionsWhoseStoredOffsetsCannotBeReadWaitInsteadOfReplayingTheTopic() throws Exception {
        String user = TestEvents.uniqueUser();
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            before.add(good(user, 1_764_300_000L + i).toString());
        }
        ModelCallConsumerTest.produce(user, before.toArray(String[]::new));
        ModelCallRows.await(user, rows -> rows.size() == 60);
        double replayedBefore = counter("usage.model_calls.replayed");

        TestDatabase.run("ALTER TABLE consumer_offsets RENAME TO consumer_offsets_away");
        try {
            ObjectNode during = good(user, 1_764_300_100L);
            ModelCallConsumerTest.produce(user, during.toString());
            await(Duration.ofSeconds(30), () -> maxGauge("usage.consumer.stalled") > 0); // its batch failed
            Thread.sleep(2_000); // the consumer retries placing the partition meanwhile
            assertThat(ModelCallRows.of(user)).hasSize(60);
        } finally {
            TestDatabase.run("ALTER TABLE consumer_offsets_away RENAME TO consumer_offsets");
        }

        ModelCallRows.await(user, rows -> rows.size() == 61);
        await(Duration.ofSeconds(30), () -> maxGauge("usage.consumer.stalled") == 0 && maxGauge("usage.consumer.lag") == 0);
        assertThat(counter("usage.model_calls.replayed") - replayedBefore).as("records read again and skipped").isZero();
    }

    @Test
    void eventsTheRetentionRemovedBeforeTheyWereAppliedAreCountedLostAndThePartitionGoesOn() throws Exception {
        String user = TestEvents.uniqueUser();
        ObjectNode first = good(user, 1_764_400_000L);
        ModelCallConsumerTest.produce(user, first.toString());
        ModelCallRows.await(user, rows -> rows.size() == 1);
        double lostBefore = counter("usage.model_calls.lost_to_retention");

        TestDatabase.run("ALTER TABLE consumer_offsets RENAME TO consumer_offsets_away");
        try {
            String[] removed = new String[3];
            for (int i = 0; i < removed.length; i++) {
                removed[i] = good(user, 1_764_400_010L + i).toString();
            }
            ModelCallConsumerTest.produce(user, removed);
            await(Duration.ofSeconds(30), () -> maxGauge("usage.consumer.stalled") > 0); // its batch failed: the partition waits
            removeRecordsUpToTheEnd(user); // as the topic's retention would, while the aggregator could not apply them
        } finally {
            TestDatabase.run("ALTER TABLE consumer_offsets_away RENAME TO consumer_offsets");
        }

        await(Duration.ofSeconds(30), () -> counter("usage.model_calls.lost_to_retention") - lostBefore >= 3);
        ObjectNode after = good(user, 1_764_400_100L);
        ModelCallConsumerTest.produce(user, after.toString());
        ModelCallRows.await(user, rows -> rows.size() == 2);
        await(Duration.ofSeconds(30), () -> maxGauge("usage.consumer.stalled") == 0 && maxGauge("usage.consumer.lag") == 0);
        assertThat(counter("usage.model_calls.lost_to_retention") - lostBefore).isEqualTo(3);
        assertThat(ids(ModelCallRows.of(user))).containsExactlyInAnyOrder(first.get("id").asText(), after.get("id").asText());
    }

    @Test
    void partitionsAssignedWithAStoredOffsetBeforeTheLogsStartCountWhatRetentionRemoved() throws Exception {
        String user = TestEvents.uniqueUser();
        ModelCallConsumerTest.produce(user, good(user, 1_764_500_000L).toString());
        ModelCallRows.await(user, rows -> rows.size() == 1);
        await(Duration.ofSeconds(30), () -> maxGauge("usage.consumer.lag") == 0);
        double lostBefore = counter("usage.model_calls.lost_to_retention");
        TopicPartition tp = removeRecordsUpToTheEnd(user); // the log now starts at the stored offset: nothing lost yet

        // as after an outage longer than the retention: the stored offset one record before the log's start; then a
        // rebalance (another member joins the group and leaves), so the aggregator takes its partitions over again
        TestDatabase.run("UPDATE consumer_offsets SET next_offset = next_offset - 1 WHERE consumer_group = '" + config.consumer().groupId()
                + "' AND topic = '" + tp.topic() + "' AND partition_no = " + tp.partition());
        joinAndLeaveTheGroup();
        ObjectNode after = good(user, 1_764_500_100L);
        ModelCallConsumerTest.produce(user, after.toString());

        ModelCallRows.await(user, rows -> ids(rows).contains(after.get("id").asText()));
        await(Duration.ofSeconds(30), () -> counter("usage.model_calls.lost_to_retention") - lostBefore >= 1);
        assertThat(counter("usage.model_calls.lost_to_retention") - lostBefore).isEqualTo(1);
        assertThat(ModelCallRows.of(user)).hasSize(2);
    }

    /** A second member of the aggregator's group, until it was given partitions: two rebalances. */
    private void joinAndLeaveTheGroup() {
        try (KafkaConsumer<String, String> member = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, config.consumer().groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            member.subscribe(List.of(Topics.MODEL_CALLS));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                member.poll(Duration.ofMillis(200));
                return !member.assignment().isEmpty();
            });
        }
    }

    /** Deletes the records of the key's partition up to its end (Kafka's DeleteRecords: what retention does to old segments). */
    private static TopicPartition removeRecordsUpToTheEnd(String key) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafka().bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(Topics.MODEL_CALLS)).allTopicNames().get().get(Topics.MODEL_CALLS).partitions().size();
            TopicPartition tp = new TopicPartition(Topics.MODEL_CALLS, ModelCallConsumerTest.partitionOf(key, partitions));
            long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
            admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(end))).all().get();
            return tp;
        }
    }

    @Test
    void theDatabaseAcknowledgesACommitOnlyOnceItIsOnDisk() throws Exception {
        // a batch's calls, stats and offsets commit together; the open hours in memory and the published stats
        // follow that commit, so one the database could still lose after acknowledging it would be replayed on top
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
                Statement s = c.createStatement()) {
            for (String setting : List.of("synchronous_commit", "fsync")) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    assertThat(rs.getString(1)).as(setting).isEqualTo("on");
                }
            }
        }
    }

    /** Every kind of bad record; the first two pass validation and are refused by the database. */
    private List<String> poisons(String user, long day) {
        List<String> p = new ArrayList<>();
        p.add(good(user, day + 60).put("requestId", "refuse-22").toString());
        p.add(good(user, day + 61).put("requestId", "refuse-23").toString());
        p.add(good(user, day + 62).put("status", "failed").put("errorReason", "bad\u0000reason").toString());
        ObjectNode hugeNumber = good(user, day + 63);
        hugeNumber.putObject("metadata").put("n", new BigDecimal("1e999999999"));
        p.add(hugeNumber.toString());
        p.add(good(user, day + 64).put("totalUsage", Long.MAX_VALUE).toString());
        p.add(good(user, day + 65).put("credits", "\u0663").toString());
        p.add(good(user, day + 66).put("callTime", 0).toString());
        // escaped in the JSON text: a raw lone surrogate would already become '?' in the producer's UTF-8
        p.add(good(user, day + 67).put("id", "lone-SURROGATE").toString().replace("SURROGATE", "\\ud800"));
        p.add(good(user, day + 68).put("credits", "1" + "0".repeat(100_000)).toString());
        return p;
    }

    private ObjectNode good(String user, long callTime) {
        String status = random.nextInt(5) == 0 ? "failed" : "success";
        ObjectNode e = TestEvents.call(user, random.nextBoolean() ? "app-a" : "app-b", status, callTime);
        e.put("durationMs", Math.round(random.nextDouble() * 30_000) / 10.0);
        e.put("totalUsage", random.nextInt(5_000));
        e.put("credits", BigDecimal.valueOf(random.nextInt(1_000_000)).movePointLeft(9));
        return e;
    }

    private static Set<String> ids(List<ModelCallRows.Row> rows) {
        return rows.stream().map(ModelCallRows.Row::id).collect(Collectors.toSet());
    }

    private double counter(String name) {
        return registry.find(name).counters().stream().mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private double maxGauge(String name) {
        return registry.find(name).gauges().stream().mapToDouble(Gauge::value).max().orElse(0);
    }

    private static void await(Duration timeout, BooleanSupplier condition) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(condition::getAsBoolean);
    }
}
