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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The scatter-plot sample: at most limit terminal calls of the range, the same ones every time, and their total. */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallSampleTest {
    private static final String ALICE = "did:abt:alice-sample";
    private static final String BOB = "did:abt:bob-sample";
    private static final String APP = "did:app:sample";
    private static final long FROM = 1_764_300_000L;
    private static final long TO = FROM + 36_000L;

    private final List<SeedCalls.Call> aliceCalls = new ArrayList<>();
    private final List<SeedCalls.Call> bobCalls = new ArrayList<>();

    @BeforeAll
    void seed() {
        Random random = new Random(2000);
        // calls before and after the range too, which the sample must leave out
        aliceCalls.addAll(SeedCalls.generate(random, ALICE, APP, 700, FROM - 3_600, TO + 3_600));
        SeedCalls.insert(aliceCalls);
        bobCalls.addAll(SeedCalls.generate(random, BOB, APP, 100, FROM, TO));
        SeedCalls.insert(bobCalls);
        SeedCalls.insert(SeedCalls.generate(random, BOB, "did:app:bob-sample-only", 5, FROM, TO));
    }

    private static RequestSpecification as(String user, String... roles) {
        return given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of(roles)));
    }

    private List<SeedCalls.Call> population(Set<String> models) {
        return aliceCalls.stream().filter(c -> c.callTime() >= FROM && c.callTime() <= TO)
                .filter(c -> c.status().equals("success") || c.status().equals("failed"))
                .filter(c -> models.isEmpty() || models.contains(c.model())).toList();
    }

    private static String md5(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonPath sample(RequestSpecification spec, Map<String, ?> params) {
        return spec.queryParams(params).get("/api/usage/projects/{app}/calls/sample", APP).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void samplesAtMostLimitTerminalCallsOfTheRangeTheSameEachTime() {
        List<SeedCalls.Call> population = population(Set.of());
        assertThat(population.size()).isGreaterThan(200);
        JsonPath first = sample(as(ALICE), Map.of("startTime", FROM, "endTime", TO, "limit", 100));
        JsonPath second = sample(as(ALICE), Map.of("startTime", FROM, "endTime", TO, "limit", 100));

        assertThat(first.getLong("total")).isEqualTo(population.size());
        // nothing expired here: the coverage says every call of the range is kept
        assertThat(first.getBoolean("coverage.complete")).isTrue();
        assertThat(first.getLong("coverage.exactFrom")).isEqualTo(FROM);
        List<String> ids = first.getList("list.id", String.class);
        assertThat(ids).hasSize(100).doesNotHaveDuplicates();
        assertThat(second.getList("list.id", String.class)).containsExactlyElementsOf(ids);
        // the points are the first 100 of the population in md5(id) order, as documented
        assertThat(ids).containsExactlyElementsOf(population.stream().sorted(Comparator.comparing((SeedCalls.Call c) -> md5(c.id()))
                .thenComparing(SeedCalls.Call::id)).limit(100).map(SeedCalls.Call::id).toList());

        Map<String, SeedCalls.Call> byId = population.stream().collect(Collectors.toMap(SeedCalls.Call::id, Function.identity()));
        List<Map<String, Object>> points = first.getList("list");
        for (int i = 0; i < points.size(); i++) {
            SeedCalls.Call call = byId.get(ids.get(i));
            assertThat(call).as(ids.get(i)).isNotNull();
            assertThat(first.getString("list[" + i + "].model")).isEqualTo(call.model());
            assertThat(first.getString("list[" + i + "].status")).isEqualTo(call.status());
            assertThat(first.getDouble("list[" + i + "].duration")).isEqualTo(call.durationMs());
            assertThat(first.getLong("list[" + i + "].totalUsage")).isEqualTo(call.totalUsage());
            assertThat(new BigDecimal(first.getString("list[" + i + "].credits")))
                    .isEqualByComparingTo(call.credits().setScale(6, RoundingMode.HALF_UP));
            assertThat(points.get(i)).containsOnlyKeys("id", "model", "status", "duration", "totalUsage", "credits");
        }
    }

    @Test
    void filtersByModelsAndAnswersTheWholePopulationWhenItIsSmall() {
        List<SeedCalls.Call> gpt = population(Set.of("gpt-4o", "claude-3-5-sonnet"));
        JsonPath answer = as(ALICE).queryParam("model", "gpt-4o", "claude-3-5-sonnet")
                .queryParams(Map.of("startTime", FROM, "endTime", TO, "limit", 2000))
                .get("/api/usage/projects/{app}/calls/sample", APP).then().statusCode(200).extract().jsonPath();
        assertThat(answer.getLong("total")).isEqualTo(gpt.size());
        assertThat(answer.getList("list.id", String.class)).containsExactlyInAnyOrderElementsOf(gpt.stream().map(SeedCalls.Call::id).toList());
    }

    @Test
    void defaultsTo500Points() {
        JsonPath answer = sample(as(ALICE), Map.of("startTime", FROM - 3_600, "endTime", TO + 3_600));
        long terminal = aliceCalls.stream().filter(c -> !c.status().equals("processing")).count();
        assertThat(answer.getLong("total")).isEqualTo(terminal);
        assertThat(answer.getList("list")).hasSize((int) Math.min(500, terminal));
    }

    @Test
    void refusesBadLimitsAndOtherUsersProjects() {
        for (Object limit : new Object[] {0, 2001, "x", -1, "1.5"}) {
            as(ALICE).queryParam("limit", limit).get("/api/usage/projects/{app}/calls/sample", APP).then().statusCode(400)
                    .contentType("application/problem+json").body("status", equalTo(400));
        }
        as(ALICE).queryParam("model", "m".repeat(257)).get("/api/usage/projects/{app}/calls/sample", APP).then().statusCode(400);
        as(ALICE).get("/api/usage/projects/{app}/calls/sample", "did:app:bob-sample-only").then().statusCode(404)
                .contentType("application/problem+json");
        as(ALICE).queryParam("userDid", BOB).get("/api/usage/projects/{app}/calls/sample", APP).then().statusCode(403);
        JsonPath bobs = sample(as("did:abt:operator", "admin").queryParam("userDid", BOB), Map.of("startTime", FROM, "endTime", TO));
        List<String> bobsTerminal = bobCalls.stream().filter(c -> !c.status().equals("processing")).map(SeedCalls.Call::id).toList();
        assertThat(bobs.getLong("total")).isEqualTo(bobsTerminal.size());
        assertThat(bobs.getList("list.id", String.class)).containsExactlyInAnyOrderElementsOf(bobsTerminal);
    }
}
