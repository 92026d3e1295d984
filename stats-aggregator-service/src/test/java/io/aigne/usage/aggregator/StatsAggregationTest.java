package io.aigne.usage.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.Topics;
import io.aigne.usage.localstack.TopicDefinitions;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatEvent;
import io.aigne.usage.stats.TimeType;
import io.aigne.usage.testkit.ExpectedCalls;
import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.ReferenceStats;
import io.aigne.usage.testkit.StatAssertions;
import io.aigne.usage.testkit.StatRows;
import io.aigne.usage.testkit.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Hourly statistics end to end inside the service: events through ingest and the real broker,
 * flushes driven by a test clock, rows compared with a brute-force reference computed from the
 * events sent.
 */
@QuarkusTest
class StatsAggregationTest {
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;

    @Inject
    MutableClock clock;

    private final Random random = new Random(5);
    private final ExpectedCalls expected = new ExpectedCalls();

    /** A UTC day after every flush so far, so its hours are still open. */
    private long freshDay() {
        return Math.floorDiv(clock.epochSecond(), DAY) * DAY + 2 * DAY;
    }

    private ObjectNode call(String user, String app, String model, String status, long callTime) {
        ObjectNode e = TestEvents.call(user, app, status, callTime);
        e.put("model", model);
        e.put("durationMs", Math.round(random.nextDouble() * 30_000) / 10.0);
        e.put("totalUsage", random.nextInt(5_000));
        e.put("credits", "failed".equals(status) ? BigDecimal.ZERO : BigDecimal.valueOf(random.nextInt(1_000_000)).movePointLeft(9));
        return e;
    }

    private List<ObjectNode> finalCallsOf(String user) {
        return expected.all(user);
    }

    /** Waits until model_calls holds the final state of every call of the user. */
    private void awaitStored(String user) {
        Map<String, String> want = new HashMap<>();
        expected.all(user).forEach(e -> want.put(e.get("id").asText(), e.get("status").asText()));
        List<ModelCallRows.Row> rows = ModelCallRows.await(user, r -> {
            Map<String, String> have = new HashMap<>();
            r.forEach(x -> have.put(x.id(), x.status()));
            return have.equals(want);
        });
        assertThat(rows).hasSize(want.size());
    }

    private void assertRowsMatchReference(String user, long flushedUntil) {
        StatAssertions.assertRowsMatchReference(LocalInfra.get().postgres().jdbcUrl(), user, expected.all(user), flushedUntil);
    }

    @Test
    void flushesClosedHoursOnceThenMergesLateCallsIntoHourAndDayRows() throws Exception {
        String alice = TestEvents.uniqueUser();
        String bob = TestEvents.uniqueUser();
        long day = freshDay();
        List<ObjectNode> batch = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            long t = day + random.nextInt(5) * HOUR + random.nextInt((int) HOUR);
            String status = random.nextInt(6) == 0 ? "failed" : "success";
            batch.add(call(alice, i % 3 == 0 ? "app-a" : "app-b", i % 2 == 0 ? "gpt-4o" : "claude", status, t));
        }
        batch.add(call(alice, null, "gpt-4o", "success", day + 30)); // outside any project
        ObjectNode pending = call(alice, "app-a", "gpt-4o", "processing", day + 2 * HOUR + 7);
        batch.add(pending);
        batch.add(batch.get(0).deepCopy()); // duplicate
        batch.add(call(bob, "app-a", "gpt-4o", "success", day + HOUR));
        Ingest.send(batch, expected);
        Ingest.send(List.of(pending.deepCopy().put("status", "success").put("durationMs", 777.7).put("credits", "0.5"),
                batch.get(1).deepCopy().put("status", "failed").put("credits", 0)), expected); // finish; try to change a final call
        awaitStored(alice);
        awaitStored(bob);

        clock.set(day + 5 * HOUR + 600);
        JsonNode first = json(Ingest.flush().prettify());
        assertThat(first.get("flushedUntil").asLong()).isEqualTo(day + 5 * HOUR);
        assertRowsMatchReference(alice, day + 5 * HOUR);
        assertRowsMatchReference(bob, day + 5 * HOUR);
        Map<ReferenceStats.Bucket, StatRows.Row> afterFirst = StatRows.of(alice);
        assertThat(afterFirst.values()).allMatch(r -> r.version() == 1);

        // a second flush of the same hours writes nothing
        assertThat(json(Ingest.flush().prettify()).get("rows").asInt()).isZero();
        assertThat(versions(StatRows.of(alice))).isEqualTo(versions(afterFirst));

        // a late call into a flushed hour of a still open day: the hour row is updated
        ObjectNode lateInOpenDay = call(alice, "app-a", "gpt-4o", "success", day + HOUR + 59);
        Ingest.send(List.of(lateInOpenDay), expected);
        awaitStored(alice);
        ReferenceStats.Bucket lateHour = new ReferenceStats.Bucket(alice, "app-a", "gpt-4o", "hour", day + HOUR);
        awaitVersion(alice, lateHour, 2);
        assertRowsMatchReference(alice, day + 5 * HOUR);

        // the day closes: the remaining hours and the day rows (with the late call) are written
        clock.set(day + DAY + 600);
        Ingest.flush();
        assertRowsMatchReference(alice, day + DAY);

        // a late call into a flushed day: hour and day rows both move to a higher version
        ObjectNode lateInClosedDay = call(alice, "app-b", "claude", "success", day + 3 * HOUR + 1);
        Ingest.send(List.of(lateInClosedDay), expected);
        awaitStored(alice);
        ReferenceStats.Bucket dayRow = new ReferenceStats.Bucket(alice, "app-b", "claude", "day", day);
        awaitVersion(alice, dayRow, 2);
        assertRowsMatchReference(alice, day + DAY);

        // every row was announced; the newest event per row carries its stored version and stats
        Map<ReferenceStats.Bucket, JsonNode> events = latestStatsEvents(alice, StatRows.of(alice));
        StatRows.of(alice).forEach((bucket, row) -> {
            assertThat(events.get(bucket)).as("event for %s", bucket).isNotNull();
            assertThat(events.get(bucket).get("version").asInt()).isEqualTo(row.version());
            assertThat(events.get(bucket).get("stats").get("totalCalls")).isEqualTo(row.stats().get("totalCalls"));
            // hour events carry the row's sketch (decision 0009): read back, it gives the event's own P95
            assertThat(events.get(bucket).has("latencySketch")).isEqualTo(bucket.timeType().equals("hour"));
            if (bucket.timeType().equals("hour") && !events.get(bucket).get("p95Duration").isNull()) {
                assertThat(StatEvent.parse(events.get(bucket).toString(), 400).stats().p95DurationMs())
                        .isEqualTo(events.get(bucket).get("p95Duration").asDouble());
            }
        });

        JsonNode report = json(Ingest.reconcile(day, day + DAY - 1, false).prettify());
        assertThat(report.get("missing").asInt() + report.get("mismatched").asInt() + report.get("extra").asInt()).isZero();
    }

    @Test
    void aFlushThatFailsHalfwayWritesNothingAndTheRetryWritesEverything() throws Exception {
        // both users in one partition, so one flush transaction holds both
        String poisoned = TestEvents.uniqueUser();
        String user = TestEvents.uniqueUser();
        int partitions = modelCallsPartitions();
        while (ModelCallConsumerTest.partitionOf(user, partitions) != ModelCallConsumerTest.partitionOf(poisoned, partitions)) {
            user = TestEvents.uniqueUser();
        }
        long day = freshDay();
        List<ObjectNode> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(call(user, "app", "gpt-4o", "success", day + random.nextInt(3 * (int) HOUR)));
            batch.add(call(poisoned, "app", "gpt-4o", "success", day + random.nextInt(3 * (int) HOUR)));
        }
        Ingest.send(batch, expected);
        awaitStored(user);
        awaitStored(poisoned);

        TestDatabase.run("CREATE FUNCTION poison() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END; $$ LANGUAGE plpgsql",
                "CREATE TRIGGER poison BEFORE INSERT ON model_call_stats FOR EACH ROW WHEN (NEW.user_did = '" + poisoned
                        + "') EXECUTE FUNCTION poison()");
        clock.set(day + 3 * HOUR + 60);
        try {
            io.restassured.RestAssured.given().auth().oauth2(Ingest.token("did:ops", "admin"))
                    .post("/api/admin/stats/flush").then().statusCode(503);
        } finally {
            TestDatabase.run("DROP TRIGGER poison ON model_call_stats", "DROP FUNCTION poison()");
        }
        assertThat(StatRows.of(user)).isEmpty();
        assertThat(StatRows.of(poisoned)).isEmpty();

        Ingest.flush();
        assertRowsMatchReference(user, day + 3 * HOUR);
        assertRowsMatchReference(poisoned, day + 3 * HOUR);
    }

    @Test
    void reconcileFindsTamperedRowsAndRepairsThem() throws Exception {
        String user = TestEvents.uniqueUser();
        long day = freshDay();
        List<ObjectNode> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batch.add(call(user, "app-" + (i % 2), "gpt-4o", i % 5 == 0 ? "failed" : "success", day + random.nextInt((int) DAY)));
        }
        Ingest.send(batch, expected);
        awaitStored(user);
        clock.set(day + DAY + 60);
        Ingest.flush();
        assertRowsMatchReference(user, day + DAY);

        TestDatabase.run("UPDATE model_call_stats SET stats = jsonb_set(stats, '{totalCalls}', '999') WHERE user_did = '" + user
                + "' AND app_did IS NULL AND time_type = 'day'",
                "DELETE FROM model_call_stats WHERE user_did = '" + user + "' AND app_did = 'app-1' AND model_id IS NULL"
                        + " AND time_type = 'day'",
                "INSERT INTO model_call_stats (user_did, app_did, time_type, \"timestamp\", stats) VALUES ('" + user
                        + "', 'ghost', 'hour', " + (day + HOUR) + ", '{\"totalCalls\": 1}')");

        JsonNode found = json(Ingest.reconcile(day, day + DAY - 1, false).prettify());
        assertThat(found.get("mismatched").asInt()).isEqualTo(1);
        assertThat(found.get("missing").asInt()).isEqualTo(1);
        assertThat(found.get("extra").asInt()).isEqualTo(1);

        Ingest.reconcile(day, day + DAY - 1, true);
        assertRowsMatchReference(user, day + DAY);
        JsonNode after = json(Ingest.reconcile(day, day + DAY - 1, false).prettify());
        assertThat(after.get("missing").asInt() + after.get("mismatched").asInt() + after.get("extra").asInt()).isZero();
    }

    /** The model-calls topic's partition count, as the local broker creates it (deploy/k8s/base/kafka-topics.yaml). */
    private static int modelCallsPartitions() {
        return TopicDefinitions.forSingleBroker().stream().filter(t -> t.name().equals(Topics.MODEL_CALLS)).findFirst()
                .orElseThrow().numPartitions();
    }

    private void awaitVersion(String user, ReferenceStats.Bucket bucket, int version) {
        StatRows.Row row = Awaitility.await(bucket + " reaches version " + version).atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100)).until(() -> StatRows.of(user).get(bucket), r -> r != null && r.version() >= version);
        assertThat(row.version()).isEqualTo(version);
    }

    private static Map<ReferenceStats.Bucket, Integer> versions(Map<ReferenceStats.Bucket, StatRows.Row> rows) {
        Map<ReferenceStats.Bucket, Integer> v = new HashMap<>();
        rows.forEach((b, r) -> v.put(b, r.version()));
        return v;
    }

    private static JsonNode json(String text) throws Exception {
        return io.aigne.usage.events.ModelCallJson.MAPPER.readTree(text);
    }

    /** Reads the stats topic until every stored row's version has been seen for the user. */
    private static Map<ReferenceStats.Bucket, JsonNode> latestStatsEvents(String user, Map<ReferenceStats.Bucket, StatRows.Row> rows)
            throws Exception {
        Map<ReferenceStats.Bucket, JsonNode> latest = new HashMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "stats-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(Topics.MODEL_CALL_STATS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !allSeen(latest, rows)) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    if (!user.equals(r.key())) {
                        continue;
                    }
                    JsonNode e = json(r.value());
                    ReferenceStats.Bucket b = new ReferenceStats.Bucket(user, e.path("appDid").isNull() ? null : e.get("appDid").asText(),
                            e.path("modelId").isNull() ? null : e.get("modelId").asText(), e.get("timeType").asText(),
                            e.get("timestamp").asLong());
                    if (!latest.containsKey(b) || latest.get(b).get("version").asInt() < e.get("version").asInt()) {
                        latest.put(b, e);
                    }
                }
            }
        }
        return latest;
    }

    /**
     * Running snapshots (decision 0009): every open hour bucket of the user's calls is announced on
     * the live topic while still open, the newest snapshot (most calls) equal to the calls sent,
     * with a sketch whose P95 is the rows' P95 within the rank bar — and nothing of closed hours.
     */
    @Test
    void openHoursAreAnnouncedAsRunningSnapshotsWithTheirSketch() throws Exception {
        String user = TestEvents.uniqueUser();
        long day = freshDay();
        List<ObjectNode> batch = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            String status = random.nextInt(5) == 0 ? "failed" : "success";
            batch.add(call(user, i % 2 == 0 ? "app-a" : "app-b", i % 3 == 0 ? "gpt-4o" : "claude", status,
                    day + (i % 2) * HOUR + random.nextInt((int) HOUR)));
        }
        Ingest.send(batch, expected);
        awaitStored(user);
        Map<ReferenceStats.Bucket, ReferenceStats.Totals> want = new HashMap<>();
        ReferenceStats.compute(expected.all(user)).forEach((b, t) -> {
            if (b.timeType().equals("hour")) {
                want.put(b, t);
            }
        });
        Map<ReferenceStats.Bucket, StatEvent> newest = new HashMap<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "live-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(Topics.MODEL_CALL_STATS_LIVE));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && !snapshotsComplete(newest, want)) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    if (!user.equals(r.key())) {
                        continue;
                    }
                    StatEvent e = StatEvent.parse(r.value(), 400);
                    assertThat(e.provisional()).isTrue();
                    assertThat(e.key().timeType()).isEqualTo(TimeType.hour);
                    ReferenceStats.Bucket b = new ReferenceStats.Bucket(user, e.key().appDid(), e.key().modelId(), "hour",
                            e.key().timestamp());
                    if (!newest.containsKey(b) || e.newerThan(0, newest.get(b).stats().totalCalls())) {
                        newest.put(b, e);
                    }
                }
            }
        }
        assertThat(newest.keySet()).isEqualTo(want.keySet());
        want.forEach((b, t) -> {
            CallStats s = newest.get(b).stats();
            assertThat(s.totalCalls()).as("%s calls", b).isEqualTo(t.calls);
            assertThat(s.failedCalls()).as("%s failed", b).isEqualTo(t.failed);
            assertThat(s.totalCredits()).as("%s credits", b).isEqualByComparingTo(t.credits);
            List<Double> d = t.successDurations.stream().sorted().toList();
            if (!d.isEmpty()) {
                double low = d.get(Math.max(0, (int) Math.floor(0.94 * d.size()) - 1));
                double high = d.get(Math.min(d.size() - 1, (int) Math.ceil(0.96 * d.size()) - 1));
                assertThat(s.p95DurationMs()).as("%s P95", b).isBetween(low, high);
            }
        });
    }

    private static boolean snapshotsComplete(Map<ReferenceStats.Bucket, StatEvent> newest,
            Map<ReferenceStats.Bucket, ReferenceStats.Totals> want) {
        return want.entrySet().stream().allMatch(e -> newest.containsKey(e.getKey())
                && newest.get(e.getKey()).stats().totalCalls() == e.getValue().calls);
    }

    private static boolean allSeen(Map<ReferenceStats.Bucket, JsonNode> latest, Map<ReferenceStats.Bucket, StatRows.Row> rows) {
        return rows.entrySet().stream().allMatch(e -> latest.containsKey(e.getKey())
                && latest.get(e.getKey()).get("version").asInt() >= e.getValue().version());
    }
}
