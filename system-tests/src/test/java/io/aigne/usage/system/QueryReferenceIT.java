package io.aigne.usage.system;

import static io.restassured.RestAssured.given;
import static io.aigne.usage.system.AnswerJson.nullableDouble;
import static io.aigne.usage.system.AnswerJson.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.testkit.ExpectedCalls;
import io.aigne.usage.testkit.LocalInfra;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every statistics endpoint of the packaged query service compared with a brute-force reference
 * computed from the events sent, over random ranges: hour and day boundaries, DST days in several
 * zones, empty ranges, ranges inside one hour, one-second ranges, late events, and hours past the
 * flush watermark (computed live).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueryReferenceIT {
    private static final long T0 = 1_761_091_200L; // 2025-10-22T00:00Z: Berlin and New York leave DST in the next 12 days
    private static final long SPAN = 12 * 86_400L;
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"));
    private static final String ALICE = "did:abt:ref-alice-" + UUID.randomUUID();
    private static final String BOB = "did:abt:ref-bob-" + UUID.randomUUID();
    private static final List<String> APPS = List.of("did:app:ref-chat-" + UUID.randomUUID(), "did:app:ref-search-" + UUID.randomUUID(),
            "did:app:ref-images-" + UUID.randomUUID());
    private static final String BOB_ONLY = "did:app:ref-bob-only-" + UUID.randomUUID();

    private static RunningSystem system;
    private static final ExpectedCalls expected = new ExpectedCalls();
    private static final Random random = new Random(2025);

    @BeforeAll
    static void load() throws Exception {
        system = RunningSystem.get();
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            events.add(event(ALICE, random.nextInt(8) == 0 ? null : APPS.get(random.nextInt(APPS.size())), T0 + random.nextInt((int) SPAN)));
        }
        for (int i = 0; i < 400; i++) {
            events.add(event(BOB, random.nextBoolean() ? APPS.get(0) : BOB_ONLY, T0 + random.nextInt((int) SPAN)));
        }
        long now = Instant.now().getEpochSecond();
        for (int i = 0; i < 30; i++) { // the running hour: never flushed, always live
            events.add(event(ALICE, APPS.get(i % 2), now - random.nextInt(1_800)));
        }
        List<ObjectNode> finishing = new ArrayList<>();
        for (ObjectNode e : events) {
            if (e.get("status").asText().equals("processing") && random.nextBoolean()) {
                finishing.add(e.deepCopy().put("status", "success").put("durationMs", 1 + random.nextInt(20_000))
                        .put("credits", "0.0123"));
            }
        }
        events.addAll(finishing);
        for (int i = 0; i < 50; i++) {
            events.add(events.get(random.nextInt(events.size())).deepCopy()); // duplicates
        }
        ingest(events);
        awaitConsumed();
    }

    private static ObjectNode event(String user, String app, long callTime) {
        int kind = random.nextInt(20);
        String status = kind == 0 ? "processing" : kind < 3 ? "failed" : "success";
        ObjectNode e = ModelCallJson.MAPPER.createObjectNode();
        e.put("id", "ref-" + UUID.randomUUID());
        e.put("userDid", user);
        e.put("appDid", app);
        e.put("model", List.of("gpt-4o", "claude-3-5-sonnet", "gemini-1.5-flash").get(random.nextInt(3)));
        e.put("type", "chatCompletion");
        e.put("status", status);
        e.put("durationMs", status.equals("processing") ? 0 : Math.round(Math.exp(7 + random.nextGaussian()) * 10) / 10.0);
        e.put("totalUsage", status.equals("success") ? random.nextInt(5_000) : 0);
        e.put("credits", status.equals("success") ? BigDecimal.valueOf(random.nextInt(100_000_000)).movePointLeft(10) : BigDecimal.ZERO);
        e.put("callTime", callTime);
        return e;
    }

    private static void ingest(List<ObjectNode> events) {
        for (int from = 0; from < events.size(); from += 1_000) {
            ArrayNode body = ModelCallJson.MAPPER.createArrayNode();
            List<ObjectNode> batch = events.subList(from, Math.min(events.size(), from + 1_000));
            batch.forEach(body::add);
            given().baseUri(system.aggregator.baseUrl()).auth().oauth2(token("did:gateway", "ingest")).contentType("application/json")
                    .body(body.toString()).post("/api/ingest/model-calls").then().statusCode(202);
            batch.forEach(expected::sent);
        }
    }

    /**
     * Waits until model_calls holds the final state of every call sent. The batch that stores a
     * call also merges it into its flushed hour (one transaction), so the statistics are complete then.
     */
    private static void awaitConsumed() throws Exception {
        List<ObjectNode> all = new ArrayList<>(expected.all(ALICE));
        all.addAll(expected.all(BOB));
        long[] want = {all.stream().filter(e -> !e.get("status").asText().equals("processing")).count(), all.size()};
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres")) {
            await("model_calls holds [terminal, all] = " + Arrays.toString(want)).atMost(Duration.ofSeconds(60))
                    .until(() -> storedCounts(c), stored -> Arrays.equals(stored, want));
        }
    }

    private static long[] storedCounts(Connection c) throws Exception {
        try (var ps = c.prepareStatement("SELECT count(*) FILTER (WHERE status <> 'processing'), count(*) FROM model_calls WHERE user_did IN (?, ?)")) {
            ps.setString(1, ALICE);
            ps.setString(2, BOB);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static String token(String user, String... roles) {
        return LocalInfra.testTokens().mint(user, List.of(roles));
    }

    private static RequestSpecification as(String user, String... roles) {
        return given().baseUri(system.query.baseUrl()).auth().oauth2(token(user, roles));
    }

    private static JsonNode get(String path, Map<String, ?> params) {
        return tree(as(ALICE).queryParams(params).get(path).then().statusCode(200).extract().asString());
    }



    private static BigDecimal decimal(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asText());
    }

    private static <T> List<T> each(JsonNode array, java.util.function.Function<JsonNode, T> value) {
        List<T> values = new ArrayList<>();
        array.forEach(n -> values.add(value.apply(n)));
        return values;
    }

    /** Random ranges and the edge cases worth naming. */
    private static List<long[]> ranges() {
        List<long[]> ranges = new ArrayList<>();
        ranges.add(new long[] {T0, T0 + SPAN - 1});                        // whole days
        ranges.add(new long[] {T0 + 3_600, T0 + 3_600});                   // one second on an hour boundary
        ranges.add(new long[] {T0 + 5 * 3_600 + 100, T0 + 5 * 3_600 + 2_000}); // inside one hour
        ranges.add(new long[] {T0 - 5 * 86_400, T0 - 3 * 86_400});          // nothing in it
        ranges.add(new long[] {T0 + 86_400 - 1, T0 + 2 * 86_400});          // day edges, off by one second
        for (int i = 0; i < 6; i++) {
            long start = T0 - 86_400 + random.nextInt((int) SPAN);
            ranges.add(new long[] {start, start + random.nextInt(6 * 86_400)});
        }
        return ranges;
    }

    private static Map<String, Object> range(long[] r) {
        return new LinkedHashMap<>(Map.of("startTime", r[0], "endTime", r[1]));
    }

    private static void assertTotals(JsonNode json, BruteForce.Sums want, String what) {
        assertThat(json.get("totalCalls").longValue()).as("%s calls", what).isEqualTo(want.calls);
        assertThat(json.get("totalTokens").longValue()).as("%s tokens", what).isEqualTo(want.usage);
        assertThat(decimal(json, "totalCredits")).as("%s credits", what).isEqualByComparingTo(want.apiCredits());
        assertThat(nullableDouble(json, "successRate")).as("%s successRate", what).isEqualTo(want.successRate());
    }

    private void checkEverything(String phase) {
        checkEverything(phase, ranges());
    }

    private void checkEverything(String phase, List<long[]> ranges) {
        List<ObjectNode> alice = expected.all(ALICE);
        for (long[] r : ranges) {
            String what = phase + " [" + r[0] + ", " + r[1] + "]";
            // overview, with the previous period
            JsonNode overview = get("/api/usage/overview", with(range(r), "compare", "previous"));
            assertTotals(overview, BruteForce.sums(alice, r[0], r[1], c -> true), what + " overview");
            long length = r[1] - r[0] + 1;
            assertTotals(overview.get("previous"), BruteForce.sums(alice, r[0] - length, r[0] - 1, c -> true), what + " previous");

            checkProjects(alice, r, what);
            checkTrend("/api/usage/trends", alice, r, c -> true, what);
            for (String app : APPS) {
                checkProject(alice, app, r, what);
            }
        }
    }

    private static Map<String, Object> with(Map<String, Object> params, String key, Object value) {
        params.put(key, value);
        return params;
    }

    private void checkProjects(List<ObjectNode> alice, long[] r, String what) {
        Map<String, BruteForce.Sums> byApp = new HashMap<>();
        for (String app : APPS) {
            BruteForce.Sums s = BruteForce.sums(alice, r[0], r[1], BruteForce.inProject(app));
            if (s.calls > 0) {
                byApp.put(app, s);
            }
        }
        for (String sort : List.of("calls", "credits")) {
            Comparator<Map.Entry<String, BruteForce.Sums>> order = sort.equals("calls")
                    ? Comparator.comparingLong((Map.Entry<String, BruteForce.Sums> e) -> e.getValue().calls).reversed()
                    : Comparator.comparing((Map.Entry<String, BruteForce.Sums> e) -> e.getValue().credits).reversed();
            List<String> wantOrder = byApp.entrySet().stream().sorted(order.thenComparing(Map.Entry::getKey)).map(Map.Entry::getKey).toList();
            JsonNode page = get("/api/usage/projects", with(range(r), "sort", sort));
            assertThat(each(page.get("projects"), p -> p.get("appDid").asText())).as("%s projects by %s", what, sort).isEqualTo(wantOrder);
            assertThat(page.get("count").longValue()).isEqualTo(wantOrder.size());
            for (int i = 0; i < wantOrder.size(); i++) {
                BruteForce.Sums s = byApp.get(wantOrder.get(i));
                JsonNode project = page.get("projects").get(i);
                assertTotals(project, s, what + " " + wantOrder.get(i));
                assertThat(project.get("lastCallTime").longValue()).isEqualTo(s.maxCallTime);
            }
        }
        String needle = APPS.get(1).substring(8, 20);
        JsonNode filtered = get("/api/usage/projects", with(with(range(r), "q", needle), "pageSize", 1));
        assertThat(filtered.get("count").longValue()).isEqualTo(byApp.containsKey(APPS.get(1)) ? 1 : 0);
    }

    private void checkProject(List<ObjectNode> alice, String app, long[] r, String what) {
        String base = "/api/usage/projects/" + app;
        BruteForce.Sums want = BruteForce.sums(alice, r[0], r[1], BruteForce.inProject(app));
        JsonNode stats = get(base + "/stats", with(range(r), "compare", "previous"));
        assertTotals(stats, want, what + " " + app + " stats");
        if (want.success == 0) {
            assertThat(nullableDouble(stats, "avgDuration")).isNull();
        } else {
            assertThat(nullableDouble(stats, "avgDuration")).isCloseTo(want.avgDuration(), within(1e-6));
        }
        assertP95(stats, want, what + " " + app);
        checkTrend(base + "/trends", alice, r, BruteForce.inProject(app), what + " " + app);

        Map<String, BruteForce.Sums> byModel = new HashMap<>();
        for (String model : List.of("gpt-4o", "claude-3-5-sonnet", "gemini-1.5-flash")) {
            BruteForce.Sums s = BruteForce.sums(alice, r[0], r[1], BruteForce.inProject(app).and(c -> c.get("model").asText().equals(model)));
            if (s.calls > 0) {
                byModel.put(model, s);
            }
        }
        JsonNode models = get(base + "/models", range(r)).get("modelDistribution");
        List<String> wantOrder = byModel.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, BruteForce.Sums> e) -> e.getValue().calls).reversed()
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
        assertThat(each(models, m -> m.get("model").asText())).as("%s models", what).isEqualTo(wantOrder);
        double sum = 0;
        for (int i = 0; i < wantOrder.size(); i++) {
            long calls = models.get(i).get("calls").longValue();
            BruteForce.Sums model = byModel.get(wantOrder.get(i));
            assertThat(calls).isEqualTo(model.calls);
            assertP95(models.get(i), model, what + " " + app + " " + wantOrder.get(i));
            double pct = models.get(i).get("percentage").doubleValue();
            assertThat(pct).isCloseTo(calls * 100.0 / want.calls, within(0.01 + 1e-9));
            sum += pct;
        }
        if (!wantOrder.isEmpty()) {
            assertThat(sum).isCloseTo(100.0, within(0.01));
        }
    }

    /**
     * {@code p95Duration} (of /stats, or of one model in /models) against the reference: null without
     * success calls, the exact nearest rank below 200 of them, a rank within 0.95 ± 0.01 above.
     */
    private static void assertP95(JsonNode json, BruteForce.Sums want, String what) {
        assertThat(json.has("p95Duration")).as("%s has p95Duration", what).isTrue();
        Double p95 = nullableDouble(json, "p95Duration");
        if (want.success == 0) {
            assertThat(p95).as("%s p95 without success calls", what).isNull();
        } else if (want.success < 200) {
            assertThat(p95).as("%s exact p95 of %d", what, want.success).isEqualTo(BruteForce.nearestRankP95(want.durations));
        } else {
            assertThat(p95).as("%s p95", what).isNotNull();
            assertThat(BruteForce.rankOf(want.durations, p95)).as("%s p95 rank of %d", what, want.success).isBetween(0.94, 0.96);
        }
    }

    private void checkTrend(String path, List<ObjectNode> calls, long[] r, Predicate<ObjectNode> filter, String what) {
        boolean daily = r[1] - r[0] > 7 * 86_400; // hourly up to 7 days (end - start)
        ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
        JsonNode trend = get(path, with(range(r), "tz", zone.getId()));
        List<Long> starts = BruteForce.bucketStarts(r[0], r[1], daily, zone);
        assertThat(trend.get("granularity").asText()).isEqualTo(daily ? "day" : "hour");
        JsonNode buckets = trend.get("trends");
        assertThat(each(buckets, b -> b.get("timestamp").longValue())).as("%s buckets in %s", what, zone).isEqualTo(starts);
        for (int i = 0; i < starts.size(); i++) {
            long bucketEnd = i + 1 < starts.size() ? starts.get(i + 1) - 1 : r[1];
            BruteForce.Sums s = BruteForce.sums(calls, Math.max(starts.get(i), r[0]), Math.min(bucketEnd, r[1]), filter);
            JsonNode bucket = buckets.get(i);
            assertThat(bucket.get("calls").longValue()).as("%s bucket %d in %s", what, starts.get(i), zone).isEqualTo(s.calls);
            assertThat(decimal(bucket, "totalCredits")).isEqualByComparingTo(s.apiCredits());
            if (s.calls == 0) {
                assertThat(nullableDouble(bucket, "successRate")).isNull();
            } else {
                assertThat(nullableDouble(bucket, "successRate")).isEqualTo(s.successRate());
            }
            if (s.success == 0) {
                assertThat(nullableDouble(bucket, "avgDuration")).isNull();
            } else {
                assertThat(nullableDouble(bucket, "avgDuration")).isCloseTo(s.avgDuration(), within(1e-6));
            }
        }
    }

    // The phases below run in order on the same data, each its own test, so one failing phase does not hide the others.

    @Test
    @Order(1)
    void everyEndpointMatchesTheReferenceFromStoredRows() {
        checkEverything("flushed");
    }

    @Test
    @Order(2)
    void presetsAndTheRunningHourMatchTheReference() {
        // the presets: timeRange=7 is hourly, 30 daily
        assertThat(get("/api/usage/trends", Map.of("timeRange", 7)).get("granularity").asText()).isEqualTo("hour");
        assertThat(get("/api/usage/trends", Map.of("timeRange", 30)).get("granularity").asText()).isEqualTo("day");
        // the running hour and the presets relative to now
        assertTotals(get("/api/usage/overview", Map.of("timeRange", 1)),
                BruteForce.sums(expected.all(ALICE), Instant.now().getEpochSecond() - 86_400, Long.MAX_VALUE, c -> true), "last day");
    }

    @Test
    @Order(3)
    void hoursPastTheWatermarkAreComputedLive() throws Exception {
        try (Connection c = DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres")) {
            // as if the last six days had not been flushed yet: the service must compute them live
            c.createStatement().execute("UPDATE stat_watermarks SET flushed_until = " + (T0 + 6 * 86_400 + 3_600));
            try {
                checkEverything("past the watermark");
            } finally {
                c.createStatement().execute("UPDATE stat_watermarks SET flushed_until = " + (Instant.now().getEpochSecond() / 3_600 * 3_600));
            }
        }
    }

    @Test
    @Order(4)
    void lateEventsAreMergedIntoTheirFlushedHours() throws Exception {
        // the same ranges before and after: the answers over flushed hours are cached by then
        // (docs/decisions/0010-query-answer-cache.md), and the late merges must change them
        List<long[]> ranges = ranges();
        checkEverything("before late events", ranges);
        long[] whole = ranges.get(0);
        JsonNode before = get("/api/usage/overview", range(whole));
        List<ObjectNode> late = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            late.add(event(ALICE, APPS.get(random.nextInt(APPS.size())), T0 + random.nextInt((int) SPAN)));
        }
        ingest(late);
        awaitConsumed();
        checkEverything("after late events", ranges);
        assertThat(get("/api/usage/overview", range(whole)).get("totalCalls").longValue()).as("the whole range after late events")
                .isGreaterThan(before.get("totalCalls").longValue());
    }

    @Test
    void noEndpointOrParameterShowsAnotherUsersData() {
        List<String> projectPaths = List.of("/stats", "/trends", "/models", "/calls");
        for (String p : projectPaths) {
            as(ALICE).get("/api/usage/projects/" + BOB_ONLY + p).then().statusCode(404).contentType("application/problem+json");
            as(ALICE).queryParam("userDid", BOB).get("/api/usage/projects/" + APPS.get(0) + p).then().statusCode(403);
        }
        for (String p : List.of("/api/usage/overview", "/api/usage/projects", "/api/usage/trends")) {
            as(ALICE).queryParam("userDid", BOB).get(p).then().statusCode(403).contentType("application/problem+json");
            given().baseUri(system.query.baseUrl()).get(p).then().statusCode(401);
        }
        // Bob's calls in the project name Alice also uses never reach Alice's numbers (see the reference test);
        // an admin may look at Bob's
        long[] all = {T0, T0 + SPAN - 1};
        JsonNode bob = tree(as("did:abt:ops", "admin").queryParams(with(range(all), "userDid", BOB)).get("/api/usage/overview")
                .then().statusCode(200).extract().asString());
        assertTotals(bob, BruteForce.sums(expected.all(BOB), all[0], all[1], c -> true), "admin view of bob");
    }

    @Test
    void rejectsBadParametersOfTheStatisticsEndpoints() {
        String app = "/api/usage/projects/" + APPS.get(0);
        List<Map<String, Object>> bad = List.of(Map.of("granularity", "week"), Map.of("tz", "Mars/Olympus"),
                Map.of("compare", "last-year"), Map.of("startTime", 0, "endTime", 367L * 86_400), Map.of("timeRange", 400),
                Map.of("startTime", T0, "endTime", T0 + 93L * 86_400, "granularity", "hour"), Map.of("sort", "name"),
                Map.of("page", 0));
        for (String path : List.of("/api/usage/overview", "/api/usage/projects", "/api/usage/trends", app + "/stats", app + "/trends",
                app + "/models")) {
            for (Map<String, Object> params : bad) {
                int status = as(ALICE).queryParams(params).get(path).statusCode();
                boolean applies = !(params.containsKey("granularity") && !path.endsWith("trends"))
                        && !(params.containsKey("tz") && !path.endsWith("trends"))
                        && !(params.containsKey("compare") && !(path.endsWith("overview") || path.endsWith("stats")))
                        && !((params.containsKey("sort") || params.containsKey("page")) && !path.endsWith("/api/usage/projects"));
                if (applies) {
                    assertThat(status).as("%s %s", path, params).isEqualTo(400);
                }
            }
        }
    }
}
