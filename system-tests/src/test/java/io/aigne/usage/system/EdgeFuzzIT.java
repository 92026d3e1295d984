package io.aigne.usage.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.RawHttp;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A seeded, bounded fuzz of every edge of the packaged services (issue 11): the query service's
 * seven GET endpoints, the quota service's four, the aggregator's ingest (JSON and NDJSON bodies)
 * and admin statistics, plus random paths, methods, tokens and media types — with evil values.
 * Every answer must pass {@link EdgeOracle}. Re-run one case with {@code -Dfuzz.seed=<seed>}.
 */
class EdgeFuzzIT {
    private static final long SEED = Long.getLong("fuzz.seed", 20_251_111L);
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 2_400);
    private static final Duration BUDGET = Duration.ofMinutes(2);
    private static final String USER = "did:abt:fuzz-user";
    private static final String APP = "did:app:fuzz-project";
    private static final int SEEDED_CALLS = 12;

    private static RunningSystem system;
    private static Map<FuzzRequests.Service, Integer> ports;

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
        ports = new EnumMap<>(Map.of(FuzzRequests.Service.QUERY, port(system.query.baseUrl()),
                FuzzRequests.Service.QUOTA, port(system.quota().baseUrl()),
                FuzzRequests.Service.AGGREGATOR, port(system.aggregator.baseUrl())));
        seedTheProject();
    }

    private static int port(String baseUrl) {
        return URI.create(baseUrl).getPort();
    }

    /** A few valid calls in the fuzz project, so project endpoints get past their 404 and read data. */
    private static void seedTheProject() throws InterruptedException {
        long now = Instant.now().getEpochSecond();
        FuzzValues values = new FuzzValues(new Random(SEED), now);
        FuzzBodies bodies = new FuzzBodies(values, new Random(SEED), USER, now);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < SEEDED_CALLS; i++) {
            Map<String, String> e = bodies.validEvent(APP);
            events.add(e.entrySet().stream().map(f -> "\"" + f.getKey() + "\":" + f.getValue())
                    .collect(Collectors.joining(",", "{", "}")));
        }
        given().baseUri(system.aggregator.baseUrl()).auth().oauth2(token("did:gateway", "ingest"))
                .contentType("application/json").body("[" + String.join(",", events) + "]")
                .post("/api/ingest/model-calls").then().statusCode(202);
        await("the fuzz project's calls arrive").atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(system.query.baseUrl())
                .auth().oauth2(token(USER)).get("/api/usage/projects/{app}/calls", APP).statusCode() == 200);
    }

    private static String token(String user, String... roles) {
        return LocalInfra.testTokens().mint(user, List.of(roles));
    }

    @Test
    void noInputAnswersWithAServerErrorOrGivesInternalsAway() {
        Random random = new Random(SEED);
        long now = Instant.now().getEpochSecond();
        FuzzValues values = new FuzzValues(random, now);
        FuzzRequests requests = new FuzzRequests(values, new FuzzBodies(values, random, USER, now),
                new FuzzRequests.Tokens(token(USER), USER, token("did:abt:fuzz-admin", "admin"), token("did:gateway", "ingest")), APP);

        List<String> violations = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long started = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            FuzzRequests.Request r = requests.next();
            RawHttp.Answer answer = RawHttp.send(ports.get(r.service()), r.method(), r.target(), r.token(), r.headers(), r.body());
            statuses.merge(answer.status(), 1, Integer::sum);
            String violation = EdgeOracle.violation(r, answer);
            if (violation != null) {
                violations.add("#" + i + " " + violation + ": " + r + "\n    -> " + answer.status() + " " + answer.headers()
                        + " " + abbreviate(answer.body()));
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("EdgeFuzzIT seed %d: %d requests in %d s, statuses %s%n", SEED, REQUESTS, took.toSeconds(), statuses);

        assertThat(violations).as("seed %d (re-run with -Dfuzz.seed=%d); statuses %s; first violations:%n%s", SEED, SEED,
                statuses, violations.stream().limit(25).collect(Collectors.joining("\n"))).isEmpty();
        assertThat(took).as("seed %d: %d requests", SEED, REQUESTS).isLessThan(BUDGET);
        assertThat(statuses.keySet()).as("seed %d: the fuzz reached past the edge checks", SEED).contains(200, 400, 404);
    }

    private static String abbreviate(String body) {
        String oneLine = body.replace("\n", "\\n");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }

    /** Past quarkus.http.limits.max-body-size (40M on the aggregator) Vert.x refuses the body before our code runs. */
    @Test
    void aBodyOverTheServersLimitIsAProblem() {
        RawHttp.Answer answer = RawHttp.announce(ports.get(FuzzRequests.Service.AGGREGATOR), "POST", "/api/ingest/model-calls",
                token("did:gateway", "ingest"), Map.of("Content-Type", "application/json"), 41L * 1024 * 1024);
        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(answer.header("content-type")).startsWith("application/problem+json");
        assertThat(answer.body()).contains("\"status\":413");
    }
}
