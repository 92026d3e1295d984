package io.aigne.usage.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.events.CallStatus;
import io.aigne.usage.events.CallType;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatKey;
import io.aigne.usage.stats.StatsTable;
import io.aigne.usage.stats.WatermarkTable;
import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Calls after the settled time (the running hour: not flushed, no stat rows, no stats version bump)
 * are counted by the very next answer, whatever the answers before cached or skipped: a user with no
 * call there yet (the read point's latest call time lets an answer skip reading that span), then
 * calls arriving in it — after the latest one, before it, a processing call completing. The parts
 * over settled time are warm in the cache throughout. Expected values are counted from the calls
 * this test wrote, never from the service.
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
class RunningHourTest {
    private static final String USER = "did:abt:running-" + UUID.randomUUID();
    private static final String APP = "did:app:running-" + UUID.randomUUID();
    private static final long HOUR = 3_600;
    private static final long AT_LEAST = 1_700_179_200L;
    private static final double SLOW = 1_000_000; // the live calls' latency: once they are 5 % of a range, its P95 is this

    private final List<ModelCall> calls = new ArrayList<>();
    private final Random random = new Random(15);
    private long settled;
    private long start;
    private long end;

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
    }

    private ModelCall call(long callTime, CallStatus status, double durationMs, String model) {
        return new ModelCall("running-" + UUID.randomUUID(), USER, APP, model, null, CallType.chatCompletion, status, durationMs,
                random.nextInt(1_000), BigDecimal.valueOf(random.nextInt(1_000_000)).movePointLeft(8), callTime, null, null, null, null,
                null, 1);
    }

    private static void insert(List<ModelCall> added) {
        SeedCalls.insert(added.stream().map(c -> new SeedCalls.Call(c.userDid(), c.appDid(), c.id(), c.callTime(), c.model(),
                c.type().name(), c.status().name(), c.durationMs(), c.totalUsage(), c.credits(), null)).toList());
    }

    private static JsonPath get(String path, long from, long to, Object... params) {
        var request = given().auth().oauth2(LocalInfra.testTokens().mint(USER, List.of())).queryParam("startTime", from)
                .queryParam("endTime", to);
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam((String) params[i], params[i + 1]);
        }
        return request.get(path).then().statusCode(200).extract().jsonPath();
    }

    private List<ModelCall> terminalIn(long from, long to) {
        return calls.stream().filter(c -> c.status() != CallStatus.processing && c.callTime() >= from && c.callTime() <= to).toList();
    }

    private void assertAnswers(String what) {
        List<ModelCall> counted = terminalIn(start, end);
        Map<String, Long> perModel = new TreeMap<>();
        counted.forEach(c -> perModel.merge(c.model(), 1L, Long::sum));
        List<Long> perHour = new ArrayList<>();
        for (long h = Math.floorDiv(start, HOUR) * HOUR; h <= end; h += HOUR) {
            long from = Math.max(h, start);
            long to = Math.min(h + HOUR - 1, end);
            perHour.add((long) terminalIn(from, to).size());
        }
        List<Double> success = counted.stream().filter(c -> c.status() == CallStatus.success).map(ModelCall::durationMs).sorted().toList();
        boolean slowP95 = success.stream().filter(d -> d == SLOW).count() > 0.06 * success.size();
        for (int twice = 0; twice < 2; twice++) { // the second time with every settled part cached
            assertThat(get("/api/usage/overview", start, end).getLong("totalCalls")).as(what + ": overview").isEqualTo(counted.size());
            assertThat(get("/api/usage/projects", start, end).getLong("projects[0].totalCalls")).as(what + ": projects")
                    .isEqualTo(counted.size());
            assertThat(get("/api/usage/trends", start, end, "granularity", "hour", "tz", "Asia/Kathmandu").getList("trends.calls",
                    Long.class).stream().mapToLong(Long::longValue).sum()).as(what + ": Kathmandu hours").isEqualTo(counted.size());
            assertThat(get("/api/usage/trends", start, end, "granularity", "hour").getList("trends.calls", Long.class))
                    .as(what + ": UTC hours").isEqualTo(perHour);
            JsonPath stats = get("/api/usage/projects/" + APP + "/stats", start, end);
            assertThat(stats.getLong("totalCalls")).as(what + ": project stats").isEqualTo(counted.size());
            assertThat(stats.getDouble("p95Duration")).as(what + ": P95 (the live calls are the slowest 5 %% or not)")
                    .matches(p95 -> slowP95 ? p95 == SLOW : p95 < SLOW);
            Map<String, Long> models = new TreeMap<>();
            JsonPath distribution = get("/api/usage/projects/" + APP + "/models", start, end);
            for (int i = 0; i < distribution.getList("modelDistribution").size(); i++) {
                models.put(distribution.getString("modelDistribution[" + i + "].model"),
                        distribution.getLong("modelDistribution[" + i + "].calls"));
            }
            assertThat(models).as(what + ": models").isEqualTo(perModel);
        }
    }

    @Test
    void callsAfterTheSettledTimeAreCountedByTheNextAnswer() throws SQLException {
        try (Connection c = connect()) {
            // the current watermark (other test classes move it forward), at least AnswerCacheTest's
            c.createStatement().execute("UPDATE stat_watermarks SET flushed_until = greatest(flushed_until, " + AT_LEAST + ")");
            WatermarkTable.save(c, 0, AT_LEAST);
            settled = Math.floorDiv(WatermarkTable.flushedUntil(c), HOUR) * HOUR;
        }
        start = settled - 30 * HOUR + 1_234; // a partial first hour, hour rows, a day row or two
        end = settled + 3 * HOUR - 1;
        // settled calls with their rows, as the aggregator leaves flushed hours
        for (int i = 0; i < 300; i++) {
            calls.add(call(start + random.nextLong(settled - start), random.nextInt(10) == 0 ? CallStatus.failed : CallStatus.success,
                    100 + random.nextInt(5_000), "model-" + random.nextInt(3)));
        }
        insert(calls);
        Map<StatKey, CallStats> rows = new HashMap<>();
        for (ModelCall call : calls) {
            StatKey.of(call).forEach(k -> rows.computeIfAbsent(k, x -> CallStats.empty()).add(call));
        }
        try (Connection c = connect()) {
            StatsTable.upsert(c, rows);
        }
        assertAnswers("no call after the settled time");

        // the running hours get calls (no stat rows, no version bump): the latest call time moves past the settled time
        List<ModelCall> live = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            live.add(call(settled + 600 + i * 60L, CallStatus.success, SLOW, "model-" + (i % 4)));
        }
        calls.addAll(live);
        insert(live);
        assertAnswers("live calls in the first running hour");

        // one after the latest, in a later hour; one before it; a processing call
        ModelCall later = call(settled + 2 * HOUR + 5, CallStatus.success, SLOW, "model-9");
        ModelCall before = call(settled + 1, CallStatus.failed, 10, "model-0");
        ModelCall processing = call(settled + 30, CallStatus.processing, 0, "model-1");
        calls.addAll(List.of(later, before, processing));
        insert(List.of(later, before, processing));
        assertAnswers("a later, an earlier and a processing call");

        // the processing call completes (same call time: the latest call time does not move)
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "UPDATE model_calls SET status = 'success', duration_ms = ? WHERE user_did = ? AND id = ?")) {
            ps.setDouble(1, SLOW);
            ps.setString(2, USER);
            ps.setString(3, processing.id());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        calls.remove(processing);
        calls.add(call(processing.callTime(), CallStatus.success, SLOW, processing.model()));
        assertAnswers("the processing call completed");
    }
}
