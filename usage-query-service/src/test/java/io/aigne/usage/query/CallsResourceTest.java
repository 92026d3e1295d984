package io.aigne.usage.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallsResourceTest {
    private static final String ALICE = "did:abt:alice-calls";
    private static final String BOB = "did:abt:bob-calls";
    private static final String APP = "did:app:shared-name";
    private static final long FROM = 1_764_000_000L;
    private static final long TO = FROM + 4_000L;

    private final List<SeedCalls.Call> aliceCalls = new ArrayList<>();

    @BeforeAll
    void seed() {
        Random random = new Random(42);
        aliceCalls.addAll(SeedCalls.generate(random, ALICE, APP, 130, FROM, TO));
        SeedCalls.insert(aliceCalls);
        SeedCalls.insert(SeedCalls.generate(random, ALICE, "did:app:other", 10, FROM, TO));
        SeedCalls.insert(SeedCalls.generate(random, BOB, APP, 50, FROM, TO));
        SeedCalls.insert(SeedCalls.generate(random, BOB, "did:app:bob-only", 5, FROM, TO));
    }

    private static RequestSpecification as(String user, String... roles) {
        return given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of(roles)));
    }

    private static final Comparator<SeedCalls.Call> NEWEST_FIRST = Comparator.comparingLong(SeedCalls.Call::callTime)
            .thenComparing(SeedCalls.Call::id).reversed();

    private List<SeedCalls.Call> expected(Predicate<SeedCalls.Call> filter, Comparator<SeedCalls.Call> order) {
        return aliceCalls.stream().filter(filter).sorted(order).toList();
    }

    private static JsonPath get(RequestSpecification spec, Map<String, ?> params) {
        return spec.queryParams(params).get("/api/usage/projects/{app}/calls", APP)
                .then().statusCode(200).extract().jsonPath();
    }

    private static void assertPage(JsonPath page, List<SeedCalls.Call> all, int pageNo, int size) {
        List<SeedCalls.Call> slice = all.subList(Math.min(all.size(), (pageNo - 1) * size), Math.min(all.size(), pageNo * size));
        assertThat(page.getLong("count")).isEqualTo(all.size());
        assertThat(page.getInt("page")).isEqualTo(pageNo);
        assertThat(page.getInt("pageSize")).isEqualTo(size);
        assertThat(page.getList("list.id", String.class)).containsExactlyElementsOf(slice.stream().map(SeedCalls.Call::id).toList());
    }

    @Test
    void listsTheCallersCallsNewestFirstTwentyPerPage() {
        List<SeedCalls.Call> all = expected(c -> true, NEWEST_FIRST);
        JsonPath page = get(as(ALICE), Map.of("startTime", FROM, "endTime", TO));
        assertPage(page, all, 1, 20);

        SeedCalls.Call first = all.get(0);
        assertThat(page.getString("list[0].model")).isEqualTo(first.model());
        assertThat(page.getString("list[0].status")).isEqualTo(first.status());
        assertThat(page.getLong("list[0].callTime")).isEqualTo(first.callTime());
        assertThat(page.getDouble("list[0].duration")).isEqualTo(first.durationMs());
        assertThat(page.getLong("list[0].totalUsage")).isEqualTo(first.totalUsage());
        assertThat(new BigDecimal(page.getString("list[0].credits")))
                .isEqualByComparingTo(first.credits().setScale(6, RoundingMode.HALF_UP));
    }

    @Test
    void pagesThroughEveryCallOnceInAStableOrder() {
        List<SeedCalls.Call> all = expected(c -> true, NEWEST_FIRST);
        for (int p = 1; p <= 3; p++) {
            assertPage(get(as(ALICE), Map.of("startTime", FROM, "endTime", TO, "page", p, "pageSize", 50)), all, p, 50);
        }
    }

    @Test
    void rangeIsInclusiveAtBothEnds() {
        long start = aliceCalls.get(3).callTime();
        long end = aliceCalls.get(7).callTime();
        long lo = Math.min(start, end);
        long hi = Math.max(start, end);
        List<SeedCalls.Call> inRange = expected(c -> c.callTime() >= lo && c.callTime() <= hi, NEWEST_FIRST);
        assertPage(get(as(ALICE), Map.of("startTime", lo, "endTime", hi, "pageSize", 100)), inRange, 1, 100);
    }

    @Test
    void filtersByModelAndStatusAndSortsByDuration() {
        Comparator<SeedCalls.Call> slowestFirst = Comparator.comparingDouble(SeedCalls.Call::durationMs)
                .thenComparingLong(SeedCalls.Call::callTime).thenComparing(SeedCalls.Call::id).reversed();
        List<SeedCalls.Call> failedGpt = expected(c -> c.model().equals("gpt-4o") && c.status().equals("failed"), slowestFirst);
        assertThat(failedGpt).isNotEmpty();

        JsonPath page = get(as(ALICE), Map.of("startTime", FROM, "endTime", TO, "model", "gpt-4o", "status", "failed",
                "sort", "duration", "pageSize", 100));

        assertPage(page, failedGpt, 1, 100);
        assertThat(page.getList("list.errorReason", String.class)).containsOnly("rate limited");
    }

    @Test
    void neverShowsAnotherUsersCallsInTheSameNamedProject() {
        JsonPath page = get(as(ALICE), Map.of("startTime", FROM, "endTime", TO, "pageSize", 100, "page", 2));
        assertThat(page.getLong("count")).isEqualTo(aliceCalls.size());
        List<String> aliceIds = aliceCalls.stream().map(SeedCalls.Call::id).toList();
        assertThat(page.getList("list.id", String.class)).hasSize(30).allMatch(aliceIds::contains);
    }

    @Test
    void answers404ForAProjectWithoutTheCallersCalls() {
        as(ALICE).get("/api/usage/projects/{app}/calls", "did:app:bob-only").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        as(ALICE).get("/api/usage/projects/{app}/calls", "did:app:nobody").then().statusCode(404);
    }

    @Test
    void refusesAForgedUserDidButLetsAnAdminLook() {
        as(ALICE).queryParam("userDid", BOB).get("/api/usage/projects/{app}/calls", APP).then().statusCode(403)
                .contentType("application/problem+json");
        as(ALICE).queryParam("userDid", ALICE).queryParam("startTime", FROM).queryParam("endTime", TO)
                .get("/api/usage/projects/{app}/calls", APP).then().statusCode(200).body("count", equalTo(aliceCalls.size()));
        as("did:abt:operator", "admin").queryParam("userDid", BOB).queryParam("startTime", FROM).queryParam("endTime", TO)
                .get("/api/usage/projects/{app}/calls", APP).then().statusCode(200).body("count", equalTo(50));
    }

    @Test
    void rejectsBadParametersWithProblemDetails() {
        List<Map<String, Object>> bad = List.of(
                Map.of("page", 0), Map.of("page", "x"), Map.of("pageSize", 0), Map.of("pageSize", 101),
                Map.of("status", "done"), Map.of("sort", "cost"), Map.of("startTime", "yesterday"),
                Map.of("startTime", TO, "endTime", FROM), Map.of("startTime", 0, "endTime", 367 * 86_400),
                Map.of("timeRange", 0), Map.of("timeRange", 367), Map.of("timeRange", 7, "startTime", FROM),
                Map.of("model", "m".repeat(257)));
        for (Map<String, Object> params : bad) {
            as(ALICE).queryParams(params).get("/api/usage/projects/{app}/calls", APP).then()
                    .statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        }
    }

    @Test
    void requiresAValidToken() {
        given().get("/api/usage/projects/{app}/calls", APP).then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("not.a.token").get("/api/usage/projects/{app}/calls", APP).then().statusCode(401);
    }
}
