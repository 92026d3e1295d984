package io.aigne.usage.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.events.CallStatus;
import io.aigne.usage.events.CallType;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatKey;
import io.aigne.usage.stats.StatsTable;
import io.aigne.usage.stats.TimeType;
import io.aigne.usage.stats.WatermarkTable;
import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The answer cache (docs/decisions/0010-query-answer-cache.md) never answers from stale parts:
 * with the cache warm, each kind of write to the user's stat rows — a late call merged into its
 * flushed hour and day, a pruned hour row, the row restored — changes the next answers exactly as
 * it changes the data. Expected values are counted from the calls this test wrote (those whose
 * rows it kept), never from the service. The ranges mix day rows, hour rows and settled live spans
 * (the partial first hour, the +05:30 pieces of Asia/Kolkata's days).
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnswerCacheTest {
    private static final String USER = "did:abt:cache-" + UUID.randomUUID();
    private static final String APP = "did:app:cache-" + UUID.randomUUID();
    private static final long DAY = 86_400;
    // a UTC midnight before every other test class's ranges: watermarks only move forward, so this one must not pass theirs
    private static final long T0 = 1_699_920_000L;
    private static final long FLUSHED_UNTIL = T0 + 3 * DAY;
    private static final long START = T0 + 1_800; // half an hour in: a settled live span, then hour rows, then day rows
    private static final long END = FLUSHED_UNTIL - 1;

    private final List<ModelCall> calls = new ArrayList<>();
    private final Random random = new Random(14);

    @BeforeAll
    void seed() throws SQLException {
        for (int i = 0; i < 400; i++) {
            calls.add(call(T0 + (long) (random.nextDouble() * 3 * DAY)));
        }
        store(calls);
        try (Connection c = connect()) {
            WatermarkTable.save(c, 0, FLUSHED_UNTIL); // the other test classes read only ranges of their own users
        }
    }

    private ModelCall call(long callTime) {
        return new ModelCall("cache-" + UUID.randomUUID(), USER, APP, "gpt-4o", null, CallType.chatCompletion,
                random.nextInt(10) == 0 ? CallStatus.failed : CallStatus.success, 100 + random.nextInt(5_000), random.nextInt(1_000),
                BigDecimal.valueOf(random.nextInt(1_000_000)).movePointLeft(8), callTime, null, null, null, null, null, 1);
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(LocalInfra.get().postgres().jdbcUrl(), "postgres", "postgres");
    }

    /** What the aggregator does for calls of flushed hours: the calls and their rows (rebuilt from all calls of those rows). */
    private void store(List<ModelCall> added) throws SQLException {
        SeedCalls.insert(added.stream().map(c -> new SeedCalls.Call(c.userDid(), c.appDid(), c.id(), c.callTime(), c.model(),
                c.type().name(), c.status().name(), c.durationMs(), c.totalUsage(), c.credits(), null)).toList());
        List<StatKey> touched = added.stream().flatMap(c -> StatKey.of(c).stream()).distinct().toList();
        Map<StatKey, CallStats> rows = new HashMap<>();
        for (ModelCall call : calls) {
            StatKey.of(call).stream().filter(touched::contains).forEach(k -> rows.computeIfAbsent(k, x -> CallStats.empty()).add(call));
        }
        try (Connection c = connect()) {
            StatsTable.upsert(c, rows);
        }
    }

    private static JsonPath get(String path, Object... params) {
        var request = given().auth().oauth2(LocalInfra.testTokens().mint(USER, List.of())).queryParam("startTime", START)
                .queryParam("endTime", END);
        for (int i = 0; i < params.length; i += 2) {
            request = request.queryParam((String) params[i], params[i + 1]);
        }
        return request.get(path).then().statusCode(200).extract().jsonPath();
    }

    /** Calls counted in [START, END], leaving out those of {@code missingHour} (an hour whose rows are gone), if any. */
    private long expectedCalls(long missingHour) {
        return calls.stream().filter(c -> c.callTime() >= START && c.callTime() <= END)
                .filter(c -> c.callTime() < missingHour || c.callTime() >= missingHour + 3_600).count();
    }

    /** Calls per Asia/Kolkata day (starting 18:30 UTC), the same way. */
    private List<Long> expectedKolkataDays(long missingHour) {
        List<Long> days = new ArrayList<>();
        for (long day = T0 - 5 * 3_600 - 1_800; day <= END; day += DAY) {
            long from = Math.max(day, START);
            long to = Math.min(day + DAY - 1, END);
            days.add(calls.stream().filter(c -> c.callTime() >= from && c.callTime() <= to)
                    .filter(c -> c.callTime() < missingHour || c.callTime() >= missingHour + 3_600).count());
        }
        return days;
    }

    private void assertAnswers(long missingHour, String what) {
        for (int twice = 0; twice < 2; twice++) { // the second time from the cache
            assertThat(get("/api/usage/overview").getLong("totalCalls")).as(what + " overview").isEqualTo(expectedCalls(missingHour));
            assertThat(get("/api/usage/projects/" + APP + "/stats").getLong("totalCalls")).as(what + " project stats")
                    .isEqualTo(expectedCalls(missingHour));
            assertThat(get("/api/usage/trends", "granularity", "day", "tz", "Asia/Kolkata").getList("trends.calls", Long.class))
                    .as(what + " Kolkata days").isEqualTo(expectedKolkataDays(missingHour));
        }
    }

    @Test
    void everyWriteToTheUsersRowsChangesTheNextAnswer() throws SQLException {
        assertAnswers(-1, "seeded");

        // late calls merged into their flushed hours and days: in an hour row, a day row, the settled partial hour
        List<ModelCall> late = List.of(call(T0 + 3 * 3_600 + 10), call(T0 + DAY + 5 * 3_600), call(T0 + 1_900),
                call(T0 + 2 * DAY + 18 * 3_600 + 2_000));
        calls.addAll(late);
        store(late);
        assertAnswers(-1, "after late calls");

        // retention pruning an hour row (its calls stay, but this range reads that hour from the row)
        long hour = T0 + 3 * 3_600;
        List<StatKey> hourRows = calls.stream().filter(c -> c.callTime() / 3_600 * 3_600 == hour).flatMap(c -> StatKey.of(c).stream())
                .filter(k -> k.timeType() == TimeType.hour).distinct().toList();
        try (Connection c = connect()) {
            assertThat(StatsTable.delete(c, hourRows)).isPositive();
        }
        assertAnswers(hour, "after the hour rows were pruned");

        // and restored (as an archive restore and reconcile write them back)
        Map<StatKey, CallStats> rows = new HashMap<>();
        for (ModelCall call : calls) {
            StatKey.of(call).stream().filter(hourRows::contains).forEach(k -> rows.computeIfAbsent(k, x -> CallStats.empty()).add(call));
        }
        try (Connection c = connect()) {
            StatsTable.upsert(c, rows);
        }
        assertAnswers(-1, "after the hour rows were restored");
    }
}
