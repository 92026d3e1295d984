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
import io.restassured.path.json.config.JsonPathConfig;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /projects/{appDid}/models}: each model's p95Duration against the nearest-rank P95 of the
 * success durations seeded here, over ranges that read stored day rows, stored hour rows (their
 * KLL sketches) and live calls, alone and mixed. Another user's calls in the same-named project
 * and the user's calls in another project are much slower, so a leak would show.
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProjectModelsTest {
    private static final String ALICE = "did:abt:alice-models-" + UUID.randomUUID();
    private static final String BOB = "did:abt:bob-models-" + UUID.randomUUID();
    private static final String APP = "did:app:models-" + UUID.randomUUID();
    private static final String OTHER_APP = "did:app:models-other-" + UUID.randomUUID();
    private static final long DAY = 86_400;
    private static final long T0 = 1_764_979_200L; // a UTC midnight
    /** Buckets before this are flushed (stats rows written below); after it everything is live. */
    private static final long FLUSHED_UNTIL = T0 + 2 * DAY;
    private static final long END = T0 + 3 * DAY;

    private final List<SeedCalls.Call> aliceCalls = new ArrayList<>();
    private final Random random = new Random(7);

    @BeforeAll
    void seed() throws SQLException {
        // few success calls: the sketch is exact, the P95 is the nearest rank
        aliceCalls.addAll(calls(ALICE, APP, "gpt-4o", 90, T0, END, 0.7));
        // only failures: no P95
        aliceCalls.addAll(calls(ALICE, APP, "claude-3-5-sonnet", 12, T0, END, 0));
        // success calls only in the live part
        aliceCalls.addAll(calls(ALICE, APP, "gemini-1.5-flash", 6, FLUSHED_UNTIL, END, 1));
        // enough success calls for the sketches to compact: rank within 0.95 ± 0.01
        aliceCalls.addAll(calls(ALICE, APP, "text-embedding-3-small", 1_500, T0, END, 0.9));
        List<SeedCalls.Call> all = new ArrayList<>(aliceCalls);
        all.addAll(slow(calls(ALICE, OTHER_APP, "gpt-4o", 40, T0, END, 1)));
        all.addAll(slow(calls(BOB, APP, "gpt-4o", 40, T0, END, 1)));
        all.addAll(slow(calls(BOB, APP, "claude-3-5-sonnet", 10, T0, END, 1)));
        SeedCalls.insert(all);
        // what the aggregator would have flushed: every level's hour and day rows of the flushed part
        Map<StatKey, CallStats> rows = new HashMap<>();
        for (SeedCalls.Call call : all) {
            if (call.callTime() < FLUSHED_UNTIL && !call.status().equals("processing")) {
                ModelCall event = event(call);
                StatKey.of(event).forEach(key -> rows.computeIfAbsent(key, k -> CallStats.empty()).add(event));
            }
        }
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres")) {
            StatsTable.upsert(c, rows);
            WatermarkTable.save(c, 0, FLUSHED_UNTIL); // the other test classes read only ranges of their own users
        }
    }

    private List<SeedCalls.Call> calls(String user, String app, String model, int n, long from, long to, double successShare) {
        List<SeedCalls.Call> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double r = random.nextDouble();
            String status = r < successShare ? "success" : r < successShare + (1 - successShare) / 2 ? "failed" : "processing";
            double duration = status.equals("processing") ? 0 : Math.round(Math.exp(7 + random.nextGaussian()) * 10) / 10.0;
            calls.add(new SeedCalls.Call(user, app, "m-" + UUID.randomUUID(), from + (long) (random.nextDouble() * (to - from)), model,
                    "chatCompletion", status, duration, random.nextInt(1_000), BigDecimal.ZERO,
                    status.equals("failed") ? "rate limited" : null));
        }
        return calls;
    }

    private static List<SeedCalls.Call> slow(List<SeedCalls.Call> calls) {
        return calls.stream().map(c -> new SeedCalls.Call(c.userDid(), c.appDid(), c.id(), c.callTime(), c.model(), c.type(),
                c.status(), c.durationMs() + 1_000_000, c.totalUsage(), c.credits(), c.errorReason())).toList();
    }

    private static ModelCall event(SeedCalls.Call c) {
        return new ModelCall(c.id(), c.userDid(), c.appDid(), c.model(), null, CallType.valueOf(c.type()),
                CallStatus.valueOf(c.status()), c.durationMs(), c.totalUsage(), c.credits(), c.callTime(), c.errorReason(),
                null, null, null, null, 1);
    }

    private static JsonPath models(long start, long endInclusive) {
        return given().auth().oauth2(LocalInfra.testTokens().mint(ALICE, List.of()))
                .queryParam("startTime", start).queryParam("endTime", endInclusive)
                .get("/api/usage/projects/{app}/models", APP).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE)); // not floats: exact P95s
    }

    /** The exact nearest-rank P95 (the ceil(0.95 n)-th smallest). */
    private static double nearestRankP95(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
    }

    private void assertModels(long start, long endInclusive) {
        String what = "[" + start + ", " + endInclusive + "]";
        Map<String, List<SeedCalls.Call>> byModel = aliceCalls.stream()
                .filter(c -> c.callTime() >= start && c.callTime() <= endInclusive && !c.status().equals("processing"))
                .collect(Collectors.groupingBy(SeedCalls.Call::model));
        List<String> order = byModel.keySet().stream()
                .sorted(Comparator.comparingInt((String m) -> byModel.get(m).size()).reversed().thenComparing(m -> m)).toList();
        JsonPath answer = models(start, endInclusive);
        List<Map<String, Object>> shares = answer.getList("modelDistribution");
        assertThat(shares).extracting(s -> s.get("model")).as("%s models", what).containsExactlyElementsOf(order);
        for (Map<String, Object> share : shares) {
            String model = (String) share.get("model");
            List<Double> durations = byModel.get(model).stream().filter(c -> c.status().equals("success"))
                    .map(SeedCalls.Call::durationMs).toList();
            assertThat(((Number) share.get("calls")).longValue()).isEqualTo(byModel.get(model).size());
            assertThat(share).as("%s %s", what, model).containsKey("p95Duration");
            Number p95 = (Number) share.get("p95Duration");
            if (durations.isEmpty()) {
                assertThat(p95).as("%s %s without success calls", what, model).isNull();
            } else if (durations.size() < 200) {
                assertThat(p95).as("%s %s exact p95 of %d", what, model, durations.size()).isNotNull();
                assertThat(p95.doubleValue()).as("%s %s exact p95 of %d", what, model, durations.size())
                        .isEqualTo(nearestRankP95(durations));
            } else {
                assertThat(p95).as("%s %s p95", what, model).isNotNull();
                double rank = (double) durations.stream().filter(d -> d <= p95.doubleValue()).count() / durations.size();
                assertThat(rank).as("%s %s p95 rank of %d", what, model, durations.size()).isBetween(0.94, 0.96);
            }
        }
    }

    @Test
    void eachModelsP95ComesFromStoredDayRows() {
        assertModels(T0, FLUSHED_UNTIL - 1);
    }

    @Test
    void eachModelsP95MergesHourRowsDayRowsAndLiveCalls() {
        assertModels(T0 + 3_600 + 17, END - 1);
        assertModels(T0 + 5 * 3_600, T0 + DAY + 7 * 3_600 - 1); // hour rows on both sides of a day row
        assertModels(T0, END - 1);
    }

    @Test
    void eachModelsP95IsLiveOutsideTheFlushedPart() {
        assertModels(FLUSHED_UNTIL, END - 1);
        assertModels(FLUSHED_UNTIL + 1_000, FLUSHED_UNTIL + 1_100); // inside one hour: maybe one call, maybe none
    }

    @Test
    void theProjectsP95ReadsTheSameSourcesAsAWhole() {
        JsonPath stats = given().auth().oauth2(LocalInfra.testTokens().mint(ALICE, List.of()))
                .queryParam("startTime", T0 + 3_600 + 17).queryParam("endTime", END - 1)
                .get("/api/usage/projects/{app}/stats", APP).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        List<Double> durations = aliceCalls.stream().filter(c -> c.status().equals("success") && c.callTime() >= T0 + 3_600 + 17)
                .map(SeedCalls.Call::durationMs).toList();
        double rank = (double) durations.stream().filter(d -> d <= stats.getDouble("p95Duration")).count() / durations.size();
        assertThat(rank).isBetween(0.94, 0.96);
    }
}
