package io.aigne.usage.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aigne.usage.events.CallStatus;
import io.aigne.usage.events.CallType;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.query.service.SpendForecast;
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
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GET /api/usage/forecast against the database (docs/alerts.md "Spend forecast"). Seventy days of
 * calls up to now, with their hour and day rows as the aggregator writes them: project CHAT spends
 * 6 credits every day (a flat history: the forecast is 6 a day for the rest of the month, no
 * interval), SEARCH 4 a day only in the last 10 complete days (a thin history: σ raised to the
 * level), calls without a project 1 a day (the user's numbers only); today's calls count in spent.
 * The expectations come from the calls sent, never from the service: spent = Σ credits of the
 * terminal calls of [month start, asOf]; CHAT and SEARCH by hand; the user's from its daily sums
 * through {@link SpendForecast} (whose arithmetic SpendForecastTest checks by hand). The answer is the
 * same whether the history comes from the day rows (watermark at today's start) or, for days the
 * watermark has not passed, from hour rows and live calls.
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForecastTest {
    private static final long DAY = 86_400;
    private static final String ALICE = "did:abt:alice-forecast-" + UUID.randomUUID();
    private static final String BOB = "did:abt:bob-forecast-" + UUID.randomUUID();
    private static final String DAVE = "did:abt:dave-forecast-" + UUID.randomUUID();
    private static final String CHAT = "did:app:forecast-chat-" + UUID.randomUUID();
    private static final String SEARCH = "did:app:forecast-search-" + UUID.randomUUID();

    private final List<SeedCalls.Call> alice = new ArrayList<>();
    private long seededAt;
    private Map<Integer, Long> watermarksBefore;

    @BeforeAll
    void seed() throws Exception {
        long now = Instant.now().getEpochSecond();
        if (Math.floorMod(now, DAY) < 120) { // today's calls need a moment of today before now
            Thread.sleep((121 - Math.floorMod(now, DAY)) * 1000);
            now = Instant.now().getEpochSecond();
        }
        long today = Math.floorDiv(now, DAY) * DAY;
        for (long day = today - 70 * DAY; day < today; day += DAY) {
            // CHAT: 6 a day in two calls, one success and one failed (failed calls may be charged too)
            alice.add(call(ALICE, CHAT, day + 3_600, "success", "2.5"));
            alice.add(call(ALICE, CHAT, day + 50_000, "failed", "3.5"));
            if (day >= today - 10 * DAY) {
                alice.add(call(ALICE, SEARCH, day + 80_000, "success", "4"));
            }
            alice.add(call(ALICE, null, day + 86_399, "success", "1"));
        }
        // today: some of every project, an uncharged call, a call still running (never counted)
        alice.add(call(ALICE, CHAT, today, "success", "0.1234567"));
        alice.add(call(ALICE, SEARCH, now - 60, "success", "0.75"));
        alice.add(call(ALICE, null, now - 30, "failed", "0"));
        alice.add(call(ALICE, CHAT, now - 10, "processing", "100"));
        List<SeedCalls.Call> all = new ArrayList<>(alice);
        for (long day = today - 30 * DAY; day < today; day += DAY) { // another user of the same project
            all.add(call(BOB, CHAT, day + 7_200, "success", "50"));
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
        }
        seededAt = now;
    }

    @AfterAll
    void restore() throws SQLException {
        try (Connection c = db()) {
            c.createStatement().execute("DELETE FROM stat_watermarks");
            for (Map.Entry<Integer, Long> w : watermarksBefore.entrySet()) {
                WatermarkTable.save(c, w.getKey(), w.getValue());
            }
        }
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
    }

    /** Every partition's watermark at {@code flushedUntil} (the reader takes their minimum). */
    private static void watermark(long flushedUntil) throws SQLException {
        try (Connection c = db()) {
            c.createStatement().execute("DELETE FROM stat_watermarks");
            WatermarkTable.save(c, 0, flushedUntil);
        }
    }

    private static SeedCalls.Call call(String user, String app, long callTime, String status, String credits) {
        return new SeedCalls.Call(user, app, "f-" + UUID.randomUUID(), callTime, "gpt-4o", "chatCompletion", status,
                status.equals("processing") ? 0 : 1200, 100, new BigDecimal(credits), status.equals("failed") ? "rate limited" : null);
    }

    private static ModelCall event(SeedCalls.Call c) {
        return new ModelCall(c.id(), c.userDid(), c.appDid(), c.model(), null, CallType.valueOf(c.type()),
                CallStatus.valueOf(c.status()), c.durationMs(), c.totalUsage(), c.credits(), c.callTime(), c.errorReason(),
                null, null, null, null, 1);
    }

    private static JsonPath forecast(String user, List<String> roles, String userDid) {
        var request = given().auth().oauth2(LocalInfra.testTokens().mint(user, roles));
        if (userDid != null) {
            request = request.queryParam("userDid", userDid);
        }
        return request.get("/api/usage/forecast").then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    // ---- the reference, from the calls sent ----

    private BigDecimal spent(long asOf, Predicate<SeedCalls.Call> which) {
        long monthStart = LocalDate.ofInstant(Instant.ofEpochSecond(asOf), ZoneOffset.UTC).withDayOfMonth(1).toEpochDay() * DAY;
        return alice.stream().filter(which).filter(c -> !c.status().equals("processing"))
                .filter(c -> c.callTime() >= monthStart && c.callTime() <= asOf).map(SeedCalls.Call::credits)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private double[] history(long asOf, Predicate<SeedCalls.Call> which) {
        long from = Math.floorDiv(asOf, DAY) * DAY - 56 * DAY;
        double[] days = new double[56];
        alice.stream().filter(which).filter(c -> !c.status().equals("processing"))
                .filter(c -> c.callTime() >= from && c.callTime() < from + 56 * DAY)
                .forEach(c -> days[(int) ((c.callTime() - from) / DAY)] += c.credits().doubleValue());
        return days;
    }

    /** Remaining days of asOf's month: the rest of the running day and the days after it. */
    private static double remainingDays(long asOf) {
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochSecond(asOf), ZoneOffset.UTC);
        double done = (Math.floorMod(asOf, DAY) + 1) / (double) DAY;
        return 1 - done + today.lengthOfMonth() - today.getDayOfMonth();
    }

    private static void assertCredits(JsonPath answer, String path, double expected) {
        assertThat(answer.getDouble(path)).as(path).isCloseTo(expected, within(2e-6));
    }

    @Test
    void forecastsTheUserAndEachProjectFromTheDaysBefore() throws SQLException {
        long today = Math.floorDiv(seededAt, DAY) * DAY;
        watermark(today);
        JsonPath fromDayRows = forecast(ALICE, List.of(), null);
        long asOf = fromDayRows.getLong("asOf");
        assertThat(asOf).isBetween(seededAt, Instant.now().getEpochSecond());
        LocalDate date = LocalDate.ofInstant(Instant.ofEpochSecond(asOf), ZoneOffset.UTC);
        assertThat(fromDayRows.getString("month")).isEqualTo(date.toString().substring(0, 7));
        assertThat(fromDayRows.getInt("daysInMonth")).isEqualTo(date.lengthOfMonth());
        assertThat(fromDayRows.getInt("daysElapsed")).isEqualTo(date.getDayOfMonth());
        assertThat(fromDayRows.getBoolean("coverage.complete")).isTrue();
        double r = remainingDays(asOf);

        // the user: spent exactly as the calls add up, the forecast from its daily sums
        BigDecimal spent = spent(asOf, c -> true);
        assertThat(fromDayRows.getObject("spent", BigDecimal.class)).isEqualByComparingTo(spent.setScale(6, RoundingMode.HALF_UP));
        SpendForecast.Result user = SpendForecast.of(history(asOf, c -> true), SpendForecast.Calendar.of(asOf));
        assertCredits(fromDayRows, "expected", spent.doubleValue() + user.remaining());
        assertCredits(fromDayRows, "low", Math.max(spent.doubleValue(), spent.doubleValue() + user.remaining() - user.halfWidth()));
        assertCredits(fromDayRows, "high", spent.doubleValue() + user.remaining() + user.halfWidth());
        assertThat(fromDayRows.getInt("basis.days")).isEqualTo(28);
        // the last 28 days: 7 a day, 11 on the last 10 (no weekday pattern in the days' weekly means)
        assertThat(fromDayRows.getDouble("basis.level")).isCloseTo(user.level(), within(2e-6)).isBetween(7.0, 11.0);

        // CHAT: 6 every day, the same each weekday: 6 a day for the rest, no interval
        List<Map<String, Object>> projects = fromDayRows.getList("projects");
        assertThat(projects).extracting(p -> p.get("appDid")).containsExactly(CHAT, SEARCH);
        BigDecimal chatSpent = spent(asOf, c -> CHAT.equals(c.appDid()));
        assertThat(fromDayRows.getObject("projects[0].spent", BigDecimal.class))
                .isEqualByComparingTo(chatSpent.setScale(6, RoundingMode.HALF_UP));
        assertCredits(fromDayRows, "projects[0].expected", chatSpent.doubleValue() + 6 * r);
        assertCredits(fromDayRows, "projects[0].low", chatSpent.doubleValue() + 6 * r);
        assertCredits(fromDayRows, "projects[0].high", chatSpent.doubleValue() + 6 * r);

        // SEARCH: 10 days of 4 — level 4, no weekday factors, σ raised to the level, m = 10
        BigDecimal searchSpent = spent(asOf, c -> SEARCH.equals(c.appDid()));
        double half = 1.645 * 4 * Math.sqrt(r * (1 + r / 10));
        assertThat(fromDayRows.getObject("projects[1].spent", BigDecimal.class))
                .isEqualByComparingTo(searchSpent.setScale(6, RoundingMode.HALF_UP));
        assertCredits(fromDayRows, "projects[1].expected", searchSpent.doubleValue() + 4 * r);
        assertCredits(fromDayRows, "projects[1].low", Math.max(searchSpent.doubleValue(), searchSpent.doubleValue() + 4 * r - half));
        assertCredits(fromDayRows, "projects[1].high", searchSpent.doubleValue() + 4 * r + half);

        // the last three days not flushed: hour rows and live calls give the same history
        watermark(today - 3 * DAY + 5 * 3_600);
        JsonPath live = forecast(ALICE, List.of(), null);
        assertThat(live.getObject("spent", BigDecimal.class)).isEqualByComparingTo(fromDayRows.getObject("spent", BigDecimal.class));
        if (Math.floorDiv(live.getLong("asOf"), DAY) * DAY == today) {
            double r2 = remainingDays(live.getLong("asOf"));
            assertCredits(live, "projects[0].expected", chatSpent.doubleValue() + 6 * r2);
            assertThat(live.getDouble("basis.level")).isCloseTo(user.level(), within(2e-6));
            assertThat(live.getInt("basis.days")).isEqualTo(28);
        }
    }

    @Test
    void withoutHistoryTheForecastIsWhatWasSpent() {
        JsonPath dave = forecast(DAVE, List.of(), null);
        assertThat(dave.getDouble("spent")).isZero();
        assertThat(dave.getDouble("expected")).isZero();
        assertThat(dave.getDouble("low")).isZero();
        assertThat(dave.getDouble("high")).isZero();
        assertThat(dave.getInt("basis.days")).isZero();
        assertThat(dave.getList("projects")).isEmpty();
    }

    @Test
    void anAdminAsksForAnotherUserAndNobodyElseMay() {
        JsonPath asAdmin = forecast("did:abt:admin-forecast", List.of("admin"), ALICE);
        assertThat(asAdmin.getList("projects")).hasSize(2);
        given().auth().oauth2(LocalInfra.testTokens().mint(BOB, List.of())).queryParam("userDid", ALICE)
                .get("/api/usage/forecast").then().statusCode(403).contentType("application/problem+json");
        given().get("/api/usage/forecast").then().statusCode(401).contentType("application/problem+json");
        // Bob's calls in CHAT are his: 50 a day
        assertThat(forecast(BOB, List.of(), null).getDouble("basis.level")).isCloseTo(50, within(1e-6));
    }
}
