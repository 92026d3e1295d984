package io.aigne.usage.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Answers over ranges that reach into what retention removed (docs/contracts.md "Retention and
 * coverage"). 100 days of calls with their hour and day rows, then retention as the aggregator's
 * job does it — raw calls removed below a month start, hour rows below a day start, data_retention
 * saying so — in two steps: hour rows expiring after raw calls (the demo profile's order), then raw
 * calls expiring past the hour rows. Every statistics endpoint and the call list are compared with a
 * brute-force reference over the calls sent, restricted to what is still kept, second by second
 * (the call list and the scatter's sample: the kept calls only, and from when on they are kept):
 * a call counts when its raw row is kept, when a whole UTC day of the asked range (or of the trend
 * bucket) holds it, or when a whole UTC hour at or after the hour horizon does.
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionCoverageTest {
    private static final long HOUR = 3_600;
    private static final long DAY = 86_400;
    private static final long A = 1_748_736_000L; // 2025-06-01T00:00Z
    private static final long B = A + 100 * DAY;
    private static final long RAW_FIRST = A + 30 * DAY; // 2025-07-01, a month start
    private static final long HOUR_ROWS = A + 45 * DAY; // 2025-07-16, a day start
    private static final long RAW_LATER = A + 61 * DAY; // 2025-08-01
    private static final String ALICE = "did:abt:alice-retention-" + UUID.randomUUID();
    private static final String BOB = "did:abt:bob-retention-" + UUID.randomUUID();
    private static final String CHAT = "did:app:retention-chat-" + UUID.randomUUID();
    private static final String SEARCH = "did:app:retention-search-" + UUID.randomUUID();
    /** Calls only in the first 25 days: after retention its raw calls are all gone, its day rows stay. */
    private static final String OLD = "did:app:retention-old-" + UUID.randomUUID();
    private static final List<String> APPS = List.of(CHAT, SEARCH, OLD);
    private static final List<String> MODELS = List.of("gpt-4o", "claude-3-5-sonnet", "gemini-1.5-flash");
    private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Asia/Kathmandu"), ZoneId.of("Europe/Berlin"),
            ZoneId.of("America/New_York"));
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** Retention as a test states it: raw calls kept from {@code raw}, hour rows from {@code hour} (0: nothing removed). */
    record Kept(long hour, long raw) {
        Long dailyOnlyBefore() {
            return hour > 0 && raw > 0 ? Math.min(hour, raw) : null;
        }
    }

    private final List<SeedCalls.Call> alice = new ArrayList<>();
    private final Random random = new Random(1313);
    private Map<Integer, Long> watermarksBefore;

    @BeforeAll
    void seed() throws SQLException {
        for (int i = 0; i < 3_000; i++) {
            int a = random.nextInt(10);
            alice.add(call(ALICE, a == 0 ? null : a < 6 ? CHAT : SEARCH, A + (long) (random.nextDouble() * (B - A))));
        }
        for (int i = 0; i < 150; i++) {
            alice.add(call(ALICE, OLD, A + (long) (random.nextDouble() * 25 * DAY)));
        }
        List<SeedCalls.Call> all = new ArrayList<>(alice);
        for (int i = 0; i < 300; i++) { // another user in the same project: never in Alice's numbers
            all.add(call(BOB, CHAT, A + (long) (random.nextDouble() * (B - A))));
        }
        SeedCalls.insert(all);
        Map<StatKey, CallStats> rows = new HashMap<>();
        for (SeedCalls.Call c : all) {
            if (!c.status().equals("processing")) {
                ModelCall event = event(c);
                StatKey.of(event).forEach(key -> rows.computeIfAbsent(key, k -> CallStats.empty()).add(event));
            }
        }
        try (Connection c = db()) {
            StatsTable.upsert(c, rows);
            watermarksBefore = WatermarkTable.all(c);
            // everything seeded here is flushed; other classes' later watermarks stay as they are
            c.createStatement().execute("UPDATE stat_watermarks SET flushed_until = greatest(flushed_until, " + B + ")");
            WatermarkTable.save(c, 0, B);
        }
    }

    @AfterAll
    void restore() throws SQLException {
        try (Connection c = db()) {
            c.createStatement().execute("DELETE FROM data_retention");
            c.createStatement().execute("DELETE FROM stat_watermarks");
            for (Map.Entry<Integer, Long> w : watermarksBefore.entrySet()) {
                WatermarkTable.save(c, w.getKey(), w.getValue());
            }
        }
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
    }

    private SeedCalls.Call call(String user, String app, long callTime) {
        int kind = random.nextInt(20);
        String status = kind == 0 ? "processing" : kind < 3 ? "failed" : "success";
        double duration = status.equals("processing") ? 0 : Math.round(Math.exp(7 + random.nextGaussian()) * 10) / 10.0;
        return new SeedCalls.Call(user, app, "r-" + UUID.randomUUID(), callTime, MODELS.get(random.nextInt(MODELS.size())),
                "chatCompletion", status, duration, status.equals("success") ? random.nextInt(5_000) : 0,
                status.equals("success") ? BigDecimal.valueOf(random.nextInt(100_000_000)).movePointLeft(10) : BigDecimal.ZERO,
                status.equals("failed") ? "rate limited" : null);
    }

    private static ModelCall event(SeedCalls.Call c) {
        return new ModelCall(c.id(), c.userDid(), c.appDid(), c.model(), null, CallType.valueOf(c.type()),
                CallStatus.valueOf(c.status()), c.durationMs(), c.totalUsage(), c.credits(), c.callTime(), c.errorReason(),
                null, null, null, null, 1);
    }

    /** What the aggregator's retention job does, for this class's users, and the horizons it records. */
    private static void retain(Kept kept) throws SQLException {
        try (Connection c = db()) {
            for (String sql : List.of("DELETE FROM model_call_stats WHERE time_type = 'hour' AND \"timestamp\" < ? AND user_did IN (?, ?)",
                    "DELETE FROM model_calls WHERE call_time < ? AND user_did IN (?, ?)",
                    "DELETE FROM model_call_ids WHERE call_time < ? AND user_did IN (?, ?)")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, sql.contains("model_call_stats") ? kept.hour() : kept.raw());
                    ps.setString(2, ALICE);
                    ps.setString(3, BOB);
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO data_retention (kind, kept_from) VALUES ('raw', ?), ('hour', ?)
                    ON CONFLICT (kind) DO UPDATE SET kept_from = EXCLUDED.kept_from""")) {
                ps.setLong(1, kept.raw());
                ps.setLong(2, kept.hour());
                ps.executeUpdate();
            }
        }
    }

    // ---- the reference: what is kept, second by second, and plain sums over the calls sent ----

    /**
     * Whether second {@code t} of the range {@code [from, to)} is still counted: its raw calls are
     * kept, or a whole UTC day of the range holds it (day rows are kept forever), or a whole UTC
     * hour of the range at or after the hour horizon does.
     */
    private static boolean counted(long t, long from, long to, Kept kept) {
        long day = Math.floorDiv(t, DAY) * DAY;
        long hour = Math.floorDiv(t, HOUR) * HOUR;
        return t >= kept.raw() || day >= from && day + DAY <= to || t >= kept.hour() && hour >= from && hour + HOUR <= to;
    }

    /**
     * The first second from which every second to {@code endInclusive} is counted ({@code endInclusive
     * + 1} when that one is not). Whether a second counts changes only at whole hours and at the
     * range's edges, so one second of each hour's piece decides for the piece.
     */
    private static long exactFrom(long start, long endInclusive, Kept kept) {
        long pieceEnd = endInclusive + 1;
        long piece = Math.max(start, Math.floorDiv(endInclusive, HOUR) * HOUR);
        while (true) {
            if (!counted(piece, start, endInclusive + 1, kept)) {
                return pieceEnd;
            }
            if (piece == start) {
                return start;
            }
            pieceEnd = piece;
            piece = Math.max(start, piece - HOUR);
        }
    }

    static final class Sums {
        long calls;
        long success;
        long usage;
        BigDecimal credits = BigDecimal.ZERO;
        BigDecimal durationSum = BigDecimal.ZERO;
        final List<Double> durations = new ArrayList<>();
        long maxCallTime;

        Double successRate() {
            return calls == 0 ? null : (double) success / calls;
        }

        Double avgDuration() {
            return success == 0 ? null : durationSum.divide(BigDecimal.valueOf(success), MathContext.DECIMAL64).doubleValue();
        }
    }

    /** Terminal calls in {@code [start, endInclusive]} that pass the filter and are still counted. */
    private Sums sums(long start, long endInclusive, Predicate<SeedCalls.Call> filter, Kept kept) {
        Sums s = new Sums();
        for (SeedCalls.Call c : alice) {
            long t = c.callTime();
            if (t < start || t > endInclusive || c.status().equals("processing") || !filter.test(c)
                    || !counted(t, start, endInclusive + 1, kept)) {
                continue;
            }
            s.calls++;
            s.usage += c.totalUsage();
            s.credits = s.credits.add(c.credits());
            s.maxCallTime = Math.max(s.maxCallTime, t);
            if (c.status().equals("success")) {
                s.success++;
                s.durationSum = s.durationSum.add(BigDecimal.valueOf(c.durationMs()));
                s.durations.add(c.durationMs());
            }
        }
        return s;
    }

    private static Predicate<SeedCalls.Call> in(String app) {
        return c -> app.equals(c.appDid());
    }

    // ---- requests and assertions ----

    private static JsonNode get(String path, Map<String, Object> params) {
        String body = given().auth().oauth2(LocalInfra.testTokens().mint(ALICE, List.of())).queryParams(params).get(path)
                .then().statusCode(200).extract().asString();
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private static Map<String, Object> range(long start, long endInclusive, Object... more) {
        Map<String, Object> params = new LinkedHashMap<>(Map.of("startTime", start, "endTime", endInclusive));
        for (int i = 0; i < more.length; i += 2) {
            params.put((String) more[i], more[i + 1]);
        }
        return params;
    }

    private static Double nullableDouble(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.doubleValue();
    }

    private static void assertCoverage(JsonNode coverage, boolean complete, long exactFrom, Kept kept, String what) {
        assertThat(coverage.get("complete").booleanValue()).as("%s complete", what).isEqualTo(complete);
        assertThat(coverage.get("exactFrom").longValue()).as("%s exactFrom", what).isEqualTo(exactFrom);
        assertThat(coverage.has("dailyOnlyBefore")).as("%s has dailyOnlyBefore", what).isTrue();
        Long daily = coverage.get("dailyOnlyBefore").isNull() ? null : coverage.get("dailyOnlyBefore").longValue();
        assertThat(daily).as("%s dailyOnlyBefore", what).isEqualTo(kept.dailyOnlyBefore());
    }

    private static void assertStatsCoverage(JsonNode answer, long start, long endInclusive, Kept kept, String what) {
        long exact = exactFrom(start, endInclusive, kept);
        assertCoverage(answer.get("coverage"), exact == start, exact, kept, what);
    }

    private static void assertTotals(JsonNode json, Sums want, String what) {
        assertThat(json.get("totalCalls").longValue()).as("%s calls", what).isEqualTo(want.calls);
        assertThat(json.get("totalTokens").longValue()).as("%s tokens", what).isEqualTo(want.usage);
        assertThat(json.get("totalCredits").decimalValue()).as("%s credits", what)
                .isEqualByComparingTo(want.credits.setScale(6, RoundingMode.HALF_UP));
        assertThat(nullableDouble(json, "successRate")).as("%s successRate", what).isEqualTo(want.successRate());
    }

    /** Null without success calls, the exact nearest rank below 200 of them, a rank within 0.95 ± 0.01 above. */
    private static void assertP95(JsonNode json, Sums want, String what) {
        Double p95 = nullableDouble(json, "p95Duration");
        if (want.success == 0) {
            assertThat(p95).as("%s p95", what).isNull();
            return;
        }
        double[] sorted = want.durations.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (want.success < 200) {
            assertThat(p95).as("%s exact p95 of %d", what, want.success).isEqualTo(sorted[(int) Math.ceil(0.95 * sorted.length) - 1]);
        } else {
            assertThat(p95).as("%s p95", what).isNotNull();
            double rank = (double) want.durations.stream().filter(d -> d <= p95).count() / want.durations.size();
            assertThat(rank).as("%s p95 rank of %d", what, want.success).isBetween(0.94, 0.96);
        }
    }

    private void checkRange(long start, long endInclusive, Kept kept, String phase) {
        String what = phase + " [" + start + ", " + endInclusive + "]";
        JsonNode overview = get("/api/usage/overview", range(start, endInclusive, "compare", "previous"));
        assertTotals(overview, sums(start, endInclusive, c -> true, kept), what + " overview");
        assertStatsCoverage(overview, start, endInclusive, kept, what + " overview");
        long length = endInclusive - start + 1;
        assertTotals(overview.get("previous"), sums(start - length, start - 1, c -> true, kept), what + " previous");
        assertStatsCoverage(overview.get("previous"), start - length, start - 1, kept, what + " previous");

        checkProjects(start, endInclusive, kept, what);
        ZoneId zone = ZONES.get(random.nextInt(ZONES.size()));
        checkTrend("/api/usage/trends", start, endInclusive, c -> true, zone, null, kept, what);
        for (String app : APPS) {
            checkProject(app, start, endInclusive, kept, what + " " + app, zone);
        }
    }

    private void checkProjects(long start, long endInclusive, Kept kept, String what) {
        Map<String, Sums> byApp = new HashMap<>();
        for (String app : APPS) {
            Sums s = sums(start, endInclusive, in(app), kept);
            if (s.calls > 0) {
                byApp.put(app, s);
            }
        }
        List<String> order = byApp.keySet().stream()
                .sorted(Comparator.comparingLong((String app) -> byApp.get(app).calls).reversed().thenComparing(app -> app)).toList();
        JsonNode page = get("/api/usage/projects", range(start, endInclusive));
        List<String> got = new ArrayList<>();
        page.get("projects").forEach(p -> got.add(p.get("appDid").asText()));
        assertThat(got).as("%s projects", what).isEqualTo(order);
        for (int i = 0; i < order.size(); i++) {
            assertTotals(page.get("projects").get(i), byApp.get(order.get(i)), what + " list " + order.get(i));
        }
        assertStatsCoverage(page, start, endInclusive, kept, what + " projects");
    }

    private void checkProject(String app, long start, long endInclusive, Kept kept, String what, ZoneId zone) {
        String base = "/api/usage/projects/" + app;
        Sums want = sums(start, endInclusive, in(app), kept);
        JsonNode stats = get(base + "/stats", range(start, endInclusive, "compare", "previous"));
        assertTotals(stats, want, what + " stats");
        assertP95(stats, want, what + " stats");
        if (want.success > 0) {
            assertThat(nullableDouble(stats, "avgDuration")).as("%s avg", what).isCloseTo(want.avgDuration(), within(1e-6));
        }
        assertStatsCoverage(stats, start, endInclusive, kept, what + " stats");
        long length = endInclusive - start + 1;
        assertTotals(stats.get("previous"), sums(start - length, start - 1, in(app), kept), what + " stats previous");
        assertStatsCoverage(stats.get("previous"), start - length, start - 1, kept, what + " stats previous");

        JsonNode models = get(base + "/models", range(start, endInclusive));
        assertStatsCoverage(models, start, endInclusive, kept, what + " models");
        for (JsonNode m : models.get("modelDistribution")) {
            String model = m.get("model").asText();
            Sums s = sums(start, endInclusive, in(app).and(c -> c.model().equals(model)), kept);
            assertThat(m.get("calls").longValue()).as("%s %s calls", what, model).isEqualTo(s.calls);
            assertP95(m, s, what + " " + model);
        }
        long models0 = MODELS.stream().filter(model -> sums(start, endInclusive, in(app).and(c -> c.model().equals(model)), kept).calls > 0)
                .count();
        assertThat(models.get("modelDistribution").size()).as("%s models", what).isEqualTo((int) models0);

        checkTrend(base + "/trends", start, endInclusive, in(app), zone, null, kept, what);
        checkCalls(app, start, endInclusive, kept, what);
    }

    /**
     * The trend's buckets: each bucket clipped to the range is a range of its own; a bucket with a
     * second not counted is left out, the others hold all their calls.
     */
    private void checkTrend(String path, long start, long endInclusive, Predicate<SeedCalls.Call> filter, ZoneId zone,
            String granularity, Kept kept, String what) {
        boolean hourly = granularity == null ? endInclusive - start <= 7 * DAY : granularity.equals("hour");
        Map<String, Object> params = range(start, endInclusive, "tz", zone.getId());
        if (granularity != null) {
            params.put("granularity", granularity);
        }
        JsonNode trend = get(path, params);
        List<Long> starts = bucketStarts(start, endInclusive, hourly, zone);
        List<Long> wantTimestamps = new ArrayList<>();
        List<Sums> wantSums = new ArrayList<>();
        boolean complete = true;
        long exact = start;
        for (int i = 0; i < starts.size(); i++) {
            long from = Math.max(starts.get(i), start);
            long to = i + 1 < starts.size() ? starts.get(i + 1) - 1 : endInclusive;
            if (exactFrom(from, to, kept) != from) {
                complete = false;
                exact = to + 1;
            } else {
                wantTimestamps.add(starts.get(i));
                wantSums.add(sums(from, to, filter, kept));
            }
        }
        String label = what + " " + path + " in " + zone + (hourly ? " hourly" : " daily");
        List<Long> got = new ArrayList<>();
        trend.get("trends").forEach(p -> got.add(p.get("timestamp").longValue()));
        assertThat(got).as("%s buckets", label).isEqualTo(wantTimestamps);
        for (int i = 0; i < wantSums.size(); i++) {
            JsonNode point = trend.get("trends").get(i);
            Sums s = wantSums.get(i);
            assertThat(point.get("calls").longValue()).as("%s bucket %d", label, wantTimestamps.get(i)).isEqualTo(s.calls);
            assertThat(point.get("totalCredits").decimalValue()).isEqualByComparingTo(s.credits.setScale(6, RoundingMode.HALF_UP));
            assertThat(nullableDouble(point, "successRate")).isEqualTo(s.successRate());
        }
        assertCoverage(trend.get("coverage"), complete, exact, kept, label);
    }

    /** Bucket starts from the bucket holding start to the one holding end, walking the zone's calendar. */
    private static List<Long> bucketStarts(long start, long endInclusive, boolean hourly, ZoneId zone) {
        List<Long> starts = new ArrayList<>();
        if (hourly) {
            ZonedDateTime hour = Instant.ofEpochSecond(start).atZone(zone).truncatedTo(ChronoUnit.HOURS);
            for (; hour.toEpochSecond() <= endInclusive; hour = hour.plusHours(1)) {
                starts.add(hour.toEpochSecond());
            }
        } else {
            LocalDate day = Instant.ofEpochSecond(start).atZone(zone).toLocalDate();
            LocalDate last = Instant.ofEpochSecond(endInclusive).atZone(zone).toLocalDate();
            for (; !day.isAfter(last); day = day.plusDays(1)) {
                starts.add(day.atStartOfDay(zone).toEpochSecond());
            }
        }
        return starts;
    }

    /** The call list holds the kept calls (all statuses), newest first; older ones expired. */
    private void checkCalls(String app, long start, long endInclusive, Kept kept, String what) {
        List<SeedCalls.Call> want = alice.stream()
                .filter(c -> app.equals(c.appDid()) && c.callTime() >= start && c.callTime() <= endInclusive && c.callTime() >= kept.raw())
                .sorted(Comparator.comparingLong(SeedCalls.Call::callTime).thenComparing(SeedCalls.Call::id).reversed()).toList();
        JsonNode page = get("/api/usage/projects/" + app + "/calls", range(start, endInclusive, "pageSize", 100));
        assertThat(page.get("count").longValue()).as("%s call count", what).isEqualTo(want.size());
        List<String> ids = new ArrayList<>();
        page.get("list").forEach(c -> ids.add(c.get("id").asText()));
        assertThat(ids).as("%s call page", what).isEqualTo(want.stream().limit(100).map(SeedCalls.Call::id).toList());
        long exact = Math.max(start, kept.raw());
        assertCoverage(page.get("coverage"), exact == start, exact, kept, what + " calls");
        checkSample(app, start, endInclusive, kept, what);
    }

    /** The scatter's sample draws from the kept terminal calls and says from when on, like the call list. */
    private void checkSample(String app, long start, long endInclusive, Kept kept, String what) {
        Set<String> want = alice.stream()
                .filter(c -> app.equals(c.appDid()) && c.callTime() >= start && c.callTime() <= endInclusive && c.callTime() >= kept.raw()
                        && !c.status().equals("processing"))
                .map(SeedCalls.Call::id).collect(Collectors.toSet());
        JsonNode sample = get("/api/usage/projects/" + app + "/calls/sample", range(start, endInclusive, "limit", 2000));
        assertThat(sample.get("total").longValue()).as("%s sample total", what).isEqualTo(want.size());
        Set<String> ids = new HashSet<>();
        sample.get("list").forEach(c -> ids.add(c.get("id").asText()));
        assertThat(ids).as("%s sample", what).isEqualTo(want);
        long exact = Math.max(start, kept.raw());
        assertCoverage(sample.get("coverage"), exact == start, exact, kept, what + " sample");
    }

    private void checkEverything(Kept kept, String phase) {
        List<long[]> ranges = new ArrayList<>();
        ranges.add(new long[] {B - 90 * DAY + 5 * HOUR + 17, B - 1});              // the 90-day preset, mid-day start
        ranges.add(new long[] {A + 3 * DAY + 7 * HOUR + 5, A + 20 * DAY + 2 * HOUR}); // all before both horizons
        ranges.add(new long[] {A + 5 * DAY + 600, A + 5 * DAY + 3_000});           // inside one old hour
        ranges.add(new long[] {A + 40 * DAY + 1_234, A + 44 * DAY + 77});          // between the first horizons
        ranges.add(new long[] {A + 70 * DAY + 99, B - 1});                          // after every horizon
        ranges.add(new long[] {RAW_FIRST - 1, RAW_FIRST});                          // one second each side
        ranges.add(new long[] {HOUR_ROWS - 1, HOUR_ROWS + HOUR});
        ranges.add(new long[] {RAW_LATER - 2 * HOUR - 1, RAW_LATER + 2 * HOUR + 1});
        for (int i = 0; i < 5; i++) {
            long start = A - DAY + (long) (random.nextDouble() * (B - A));
            ranges.add(new long[] {start, Math.min(start + (long) (random.nextDouble() * 60 * DAY), B + DAY)});
        }
        for (long[] r : ranges) {
            checkRange(r[0], r[1], kept, phase);
        }
        // hourly trends across the horizons: whole UTC hours, and Kathmandu's hours that no hour row fits
        for (ZoneId zone : List.of(ZoneId.of("UTC"), ZoneId.of("Asia/Kathmandu"))) {
            checkTrend("/api/usage/trends", RAW_FIRST - 3 * DAY + 1_000, RAW_LATER + 2 * DAY, c -> true, zone, "hour", kept,
                    phase + " hourly");
            checkTrend("/api/usage/projects/" + CHAT + "/trends", A + 10 * DAY, B - 1, in(CHAT), zone, "day", kept, phase + " daily");
        }
    }

    @Test
    @Order(1)
    void withNothingRemovedEveryAnswerIsCompleteAndExact() {
        Kept none = new Kept(0, 0);
        checkRange(B - 90 * DAY + 5 * HOUR + 17, B - 1, none, "before retention");
        checkRange(A + 3 * DAY + 7 * HOUR + 5, A + 20 * DAY + 2 * HOUR, none, "before retention");
    }

    @Test
    @Order(2)
    void hourRowsExpiredAfterRawCallsAreReadLiveAndOnlyOlderDaysRemainDaily() throws SQLException {
        Kept kept = new Kept(HOUR_ROWS, RAW_FIRST);
        retain(kept);
        checkEverything(kept, "hour rows from 07-16, calls from 07-01");
    }

    @Test
    @Order(3)
    void rawCallsExpiredPastTheHourRowsLeaveWholeHours() throws SQLException {
        Kept kept = new Kept(HOUR_ROWS, RAW_LATER);
        retain(kept);
        checkEverything(kept, "hour rows from 07-16, calls from 08-01");
    }

    @Test
    @Order(4)
    void aProjectWhoseCallsAllExpiredStillAnswersItsDailyTotals() {
        Kept kept = new Kept(HOUR_ROWS, RAW_LATER);
        long start = A;
        long end = A + 30 * DAY - 1;
        JsonNode stats = get("/api/usage/projects/" + OLD + "/stats", range(start, end));
        assertTotals(stats, sums(start, end, in(OLD), kept), "expired project");
        assertThat(stats.get("totalCalls").longValue()).isPositive();
        JsonNode calls = get("/api/usage/projects/" + OLD + "/calls", range(start, end));
        assertThat(calls.get("count").longValue()).isZero();
        assertCoverage(calls.get("coverage"), false, RAW_LATER, kept, "expired project's calls");
        JsonNode sample = get("/api/usage/projects/" + OLD + "/calls/sample", range(start, end));
        assertThat(sample.get("total").longValue()).isZero();
        assertThat(sample.get("list")).isEmpty();
        assertCoverage(sample.get("coverage"), false, RAW_LATER, kept, "expired project's sample");
    }
}
