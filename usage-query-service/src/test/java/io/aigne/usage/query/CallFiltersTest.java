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
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The call list's filters (model repeated, type, minDuration, charged, search) alone and combined,
 * against rows written directly; the expected lists are the seeded calls filtered and sorted here.
 */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallFiltersTest {
    private static final String ALICE = "did:abt:alice-filters";
    private static final String BOB = "did:abt:bob-filters";
    private static final String APP = "did:app:filters";
    private static final long FROM = 1_764_100_000L;
    private static final long TO = FROM + 7_200L;
    private static final String[] MODELS = {"gpt-4o", "claude-3-5-sonnet", "text-embedding-3-small", "o1-mini"};
    private static final String[] TYPES = {"chatCompletion", "embedding", "imageGeneration"};

    static final Comparator<SeedCalls.Call> NEWEST_FIRST = Comparator.comparingLong(SeedCalls.Call::callTime)
            .thenComparing(SeedCalls.Call::id).reversed();
    static final Comparator<SeedCalls.Call> SLOWEST_FIRST = Comparator.comparingDouble(SeedCalls.Call::durationMs)
            .thenComparingLong(SeedCalls.Call::callTime).thenComparing(SeedCalls.Call::id).reversed();

    private final List<SeedCalls.Call> aliceCalls = new ArrayList<>();

    @BeforeAll
    void seed() {
        aliceCalls.addAll(calls(new Random(7), ALICE, 240));
        SeedCalls.insert(aliceCalls);
        // the same ids, models and types under another user: never listed for Alice
        SeedCalls.insert(calls(new Random(7), BOB, 60));
    }

    /** Calls with every kind of value the filters look at, some of them on the filters' edges. */
    static List<SeedCalls.Call> calls(Random random, String user, int n) {
        List<SeedCalls.Call> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = i % 17 == 0 ? "c_" + i : i % 19 == 0 ? "c%" + i : i % 23 == 0 ? "c\\" + i : i % 13 == 0 ? "CALL-" + i
                    : "call-" + String.format("%03d", i);
            String status = SeedCalls.STATUSES[random.nextInt(SeedCalls.STATUSES.length)];
            // some durations exactly on the minDuration edges the tests use
            double duration = i % 11 == 0 ? 1500.0 : i % 11 == 1 ? 1500.5 : Math.round(random.nextDouble() * 4_000_000) / 1000.0;
            BigDecimal credits = i % 3 == 0 ? BigDecimal.ZERO.setScale(10)
                    : BigDecimal.valueOf(1 + random.nextInt(1_000_000_000)).movePointLeft(10).setScale(10, RoundingMode.UNNECESSARY);
            // a few calls just outside the range, which no filter may bring back
            long callTime = i % 29 == 0 ? (i % 2 == 0 ? FROM - 1 : TO + 1) : FROM + random.nextInt(40) * 180L;
            String requestId = i % 4 == 0 ? null : i % 7 == 0 ? "r_q-" + i : "req-" + Integer.toHexString(1000 + i);
            String traceId = i % 5 == 0 ? null : "tr-" + (i % 6) + "-" + i;
            calls.add(new SeedCalls.Call(user, APP, id, callTime, MODELS[random.nextInt(MODELS.length)], TYPES[(i / 2) % TYPES.length],
                    status, duration, random.nextInt(5000), credits, "failed".equals(status) ? "rate limited" : null, requestId, traceId));
        }
        return calls;
    }

    private static RequestSpecification as(String user, String... roles) {
        return given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of(roles)));
    }

    private static boolean inRange(SeedCalls.Call c) {
        return c.callTime() >= FROM && c.callTime() <= TO;
    }

    private static boolean startsWith(String value, String prefix) {
        return value != null && value.startsWith(prefix);
    }

    private static boolean matchesSearch(SeedCalls.Call c, String prefix) {
        return startsWith(c.id(), prefix) || startsWith(c.requestId(), prefix) || startsWith(c.traceId(), prefix);
    }

    /** Parameters in order, a name given once per value (model=a&model=b). */
    private static Map<String, List<Object>> params(Object... nameValues) {
        Map<String, List<Object>> params = new LinkedHashMap<>();
        params.put("startTime", List.of(FROM));
        params.put("endTime", List.of(TO));
        for (int i = 0; i < nameValues.length; i += 2) {
            params.computeIfAbsent((String) nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
        }
        return params;
    }

    static RequestSpecification with(RequestSpecification spec, Map<String, List<Object>> params) {
        params.forEach((name, values) -> spec.queryParam(name, values.toArray()));
        return spec;
    }

    /** Every page of the list for these parameters: ids in the answer's order, and the count of each page. */
    private List<String> walk(Map<String, List<Object>> params, long expectedCount) {
        List<String> ids = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonPath answer = with(as(ALICE), params).queryParam("page", page).queryParam("pageSize", 30)
                    .get("/api/usage/projects/{app}/calls", APP).then().statusCode(200).extract().jsonPath();
            assertThat(answer.getLong("count")).as("count of %s", params).isEqualTo(expectedCount);
            List<String> pageIds = answer.getList("list.id", String.class);
            ids.addAll(pageIds);
            if (pageIds.size() < 30) {
                return ids;
            }
        }
    }

    private void assertListed(Map<String, List<Object>> params, Predicate<SeedCalls.Call> filter, Comparator<SeedCalls.Call> order) {
        List<String> expected = aliceCalls.stream().filter(CallFiltersTest::inRange).filter(filter).sorted(order)
                .map(SeedCalls.Call::id).toList();
        assertThat(walk(params, expected.size())).as("%s", params).containsExactlyElementsOf(expected);
    }

    @Test
    void repeatedModelsListCallsOfAnyOfThem() {
        assertListed(params("model", "gpt-4o", "model", "o1-mini"), c -> c.model().equals("gpt-4o") || c.model().equals("o1-mini"),
                NEWEST_FIRST);
        assertListed(params("model", "claude-3-5-sonnet"), c -> c.model().equals("claude-3-5-sonnet"), NEWEST_FIRST);
        assertListed(params("model", "gpt-4o", "model", "no-such-model"), c -> c.model().equals("gpt-4o"), NEWEST_FIRST);
        assertListed(params("model", "no-such-model"), c -> false, NEWEST_FIRST);
    }

    @Test
    void anEmptyParameterMeansNoFilter() {
        assertListed(params("model", ""), c -> true, NEWEST_FIRST);
        assertListed(params("model", "", "model", "o1-mini"), c -> c.model().equals("o1-mini"), NEWEST_FIRST);
        assertListed(params("type", "", "minDuration", "", "charged", "", "search", "", "status", ""), c -> true, NEWEST_FIRST);
    }

    @Test
    void typeIsExact() {
        assertListed(params("type", "embedding"), c -> c.type().equals("embedding"), NEWEST_FIRST);
        assertListed(params("type", "Embedding"), c -> false, NEWEST_FIRST);
        assertListed(params("type", "embed"), c -> false, NEWEST_FIRST);
    }

    @Test
    void minDurationKeepsOnlyLongerCalls() {
        assertListed(params("minDuration", "1500"), c -> c.durationMs() > 1500.0, NEWEST_FIRST);
        assertListed(params("minDuration", "1500.25", "sort", "duration"), c -> c.durationMs() > 1500.25, SLOWEST_FIRST);
        assertListed(params("minDuration", "1500.5"), c -> c.durationMs() > 1500.5, NEWEST_FIRST);
        assertListed(params("minDuration", "0"), c -> c.durationMs() > 0, NEWEST_FIRST);
        assertThat(aliceCalls.stream().filter(c -> c.durationMs() == 1500.0 || c.durationMs() == 1500.5)).isNotEmpty();
    }

    @Test
    void chargedSplitsCallsByCredits() {
        assertListed(params("charged", "true"), c -> c.credits().signum() > 0, NEWEST_FIRST);
        assertListed(params("charged", "false"), c -> c.credits().signum() == 0, NEWEST_FIRST);
    }

    @Test
    void searchMatchesTheStartOfIdRequestIdOrTraceIdCaseSensitively() {
        for (String prefix : new String[] {"call-01", "CALL-", "req-3", "tr-2-", "r_q", "c", "C", "call-", "tr-"}) {
            assertListed(params("search", prefix), c -> matchesSearch(c, prefix), NEWEST_FIRST);
        }
        // a prefix in the middle of an id matches nothing
        assertListed(params("search", "all-0"), c -> false, NEWEST_FIRST);
    }

    @Test
    void likeWildcardsInSearchAreTakenLiterally() {
        for (String prefix : new String[] {"c_", "c%", "c\\", "r_q-", "%", "_", "\\", "c_1", "c%3"}) {
            List<SeedCalls.Call> expected = aliceCalls.stream().filter(CallFiltersTest::inRange).filter(c -> matchesSearch(c, prefix)).toList();
            assertListed(params("search", prefix), c -> matchesSearch(c, prefix), NEWEST_FIRST);
            if (prefix.length() > 1) {
                assertThat(expected).as(prefix).isNotEmpty();
            }
        }
    }

    @Test
    void everyFilterCombinesWithAndAlsoWithStatusAndSort() {
        Predicate<SeedCalls.Call> combined = c -> (c.model().equals("gpt-4o") || c.model().equals("claude-3-5-sonnet"))
                && c.type().equals("chatCompletion") && c.durationMs() > 500 && c.credits().signum() > 0
                && matchesSearch(c, "call-");
        assertListed(params("model", "gpt-4o", "model", "claude-3-5-sonnet", "type", "chatCompletion", "minDuration", "500",
                "charged", "true", "search", "call-", "sort", "duration"), combined, SLOWEST_FIRST);
        assertListed(params("model", "gpt-4o", "model", "claude-3-5-sonnet", "type", "chatCompletion", "minDuration", "500",
                "charged", "true", "search", "call-", "status", "success"), combined.and(c -> c.status().equals("success")), NEWEST_FIRST);
        assertListed(params("charged", "false", "status", "failed", "type", "imageGeneration"),
                c -> c.credits().signum() == 0 && c.status().equals("failed") && c.type().equals("imageGeneration"), NEWEST_FIRST);
        assertThat(aliceCalls.stream().filter(CallFiltersTest::inRange).filter(combined)).hasSizeGreaterThan(3);
    }

    @Test
    void anotherUsersCallsNeverMatchAnyFilter() {
        JsonPath bob = with(as(BOB), params("search", "c", "charged", "true")).get("/api/usage/projects/{app}/calls", APP)
                .then().statusCode(200).extract().jsonPath();
        assertThat(bob.getLong("count")).isPositive().isLessThan(aliceCalls.size());
        assertListed(params("search", "c", "charged", "true"), c -> matchesSearch(c, "c") && c.credits().signum() > 0, NEWEST_FIRST);
    }

    @Test
    void badFilterValuesAre400Problems() {
        List<Map<String, List<Object>>> bad = new ArrayList<>();
        bad.add(Map.of("model", new ArrayList<>(Collections.nCopies(21, "gpt-4o"))));
        bad.add(Map.of("model", List.of("gpt-4o", "m".repeat(257))));
        bad.add(Map.of("type", List.of("t".repeat(65))));
        for (String v : new String[] {"-1", "-0.5", "abc", "1e3", "NaN", "Infinity", "1,5", "0x10", "+3", "\u0663"}) {
            bad.add(Map.of("minDuration", List.of(v)));
        }
        for (String v : new String[] {"yes", "TRUE", "1", "0"}) {
            bad.add(Map.of("charged", List.of(v)));
        }
        bad.add(Map.of("search", List.of("s".repeat(257))));
        for (Map<String, List<Object>> params : bad) {
            with(as(ALICE), params).get("/api/usage/projects/{app}/calls", APP).then().statusCode(400)
                    .contentType("application/problem+json").body("status", equalTo(400));
        }
    }

    @Test
    void twentyModelsAreAllowed() {
        Map<String, List<Object>> params = params();
        List<Object> models = new ArrayList<>(List.of(MODELS));
        for (int i = models.size(); i < 20; i++) {
            models.add("other-" + i);
        }
        params.put("model", models);
        assertListed(params, c -> true, NEWEST_FIRST);
    }
}
