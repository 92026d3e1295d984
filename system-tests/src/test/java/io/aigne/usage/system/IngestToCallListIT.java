package io.aigne.usage.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.Topics;
import io.aigne.usage.testkit.ExpectedCalls;
import io.aigne.usage.testkit.LocalInfra;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real write and read path, across processes: HTTP ingest on the packaged aggregator → the
 * Kafka broker → its consumer → PostgreSQL → {@code /calls} on the packaged query service.
 */
class IngestToCallListIT {
    private static final String APP = "did:app:e2e-" + UUID.randomUUID();
    private static final String ALICE = "did:abt:e2e-alice-" + UUID.randomUUID();
    private static final String BOB = "did:abt:e2e-bob-" + UUID.randomUUID();
    private static final long T0 = 1_764_000_000L;

    private static RunningSystem system;
    private static final ExpectedCalls expected = new ExpectedCalls();
    private static final Random random = new Random(7);

    @BeforeAll
    static void start() throws Exception {
        system = RunningSystem.get();
    }

    private static String token(String user, String... roles) {
        return LocalInfra.testTokens().mint(user, List.of(roles));
    }

    private static ObjectNode event(String user, String status, long callTime) {
        ObjectNode e = ModelCallJson.MAPPER.createObjectNode();
        e.put("id", "e2e-" + UUID.randomUUID());
        e.put("userDid", user);
        e.put("appDid", APP);
        e.put("model", random.nextBoolean() ? "gpt-4o" : "claude-3-5-sonnet");
        e.put("providerId", "openai");
        e.put("type", "chatCompletion");
        e.put("status", status);
        e.put("durationMs", Math.round(random.nextDouble() * 40_000) / 10.0);
        e.put("totalUsage", random.nextInt(4000));
        e.put("credits", BigDecimal.valueOf(random.nextInt(1_000_000)).movePointLeft(7));
        e.put("callTime", callTime);
        e.put("errorReason", "failed".equals(status) ? "upstream error" : null);
        e.put("requestId", "req-" + random.nextInt(1_000_000));
        e.put("traceId", random.nextBoolean() ? "trace-" + random.nextInt(1_000) : null);
        e.putObject("usageMetrics").put("inputTokens", random.nextInt(3000)).put("outputTokens", random.nextInt(1000));
        e.putObject("metadata").put("endpoint", "/v2/chat").putArray("tags").add("e2e").add(random.nextInt(10));
        e.put("schemaVersion", 1);
        return e;
    }

    private static JsonPath ingest(List<ObjectNode> events) {
        ArrayNode body = ModelCallJson.MAPPER.createArrayNode();
        events.forEach(body::add);
        JsonPath answer = given().baseUri(system.aggregator.baseUrl()).auth().oauth2(token("did:gateway", "ingest"))
                .contentType("application/json").body(body.toString())
                .post("/api/ingest/model-calls").then().statusCode(202).extract().jsonPath();
        List<Integer> rejected = answer.getList("rejected.index", Integer.class);
        for (int i = 0; i < events.size(); i++) {
            if (!rejected.contains(i)) {
                expected.sent(events.get(i));
            }
        }
        return answer;
    }

    private static JsonPath calls(String user, Map<String, ?> params) {
        return given().baseUri(system.query.baseUrl()).auth().oauth2(token(user)).queryParams(params)
                .get("/api/usage/projects/{app}/calls", APP).then().statusCode(200).extract().jsonPath();
    }

    /**
     * Waits until the asynchronous consumer has stored what the list should show. Until the first
     * call of the project is stored the project is unknown (404): that is "not yet" too.
     */
    private static JsonPath awaitCalls(String user, Map<String, ?> params, long count) {
        return await("a call list of " + count).atMost(Duration.ofSeconds(30)).until(() -> {
            var answer = given().baseUri(system.query.baseUrl()).auth().oauth2(token(user)).queryParams(params)
                    .get("/api/usage/projects/{app}/calls", APP);
            return answer.statusCode() == 404 ? null : answer.then().statusCode(200).extract().jsonPath();
        }, page -> page != null && page.getLong("count") == count);
    }

    @Test
    void ingestedCallsAppearExactlyOnceWithTheirFinalState() throws Exception {
        List<ObjectNode> first = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            first.add(event(ALICE, i % 5 == 0 ? "failed" : "success", T0 + random.nextInt(7200)));
        }
        ObjectNode pending = event(ALICE, "processing", T0 + 100).put("durationMs", 0).put("credits", 0).put("totalUsage", 0);
        first.add(pending);
        ObjectNode invalid = event(ALICE, "success", T0).put("durationMs", -3);
        first.add(invalid);
        first.add(first.get(0).deepCopy()); // duplicate inside one request
        for (int i = 0; i < 8; i++) {
            first.add(event(BOB, "success", T0 + random.nextInt(7200)));
        }

        JsonPath answer = ingest(first);
        assertThat(answer.getInt("accepted")).isEqualTo(first.size() - 1);
        assertThat(answer.getList("rejected.index", Integer.class)).containsExactly(26);
        assertThat(answer.getString("rejected[0].reason")).isEqualTo("durationMs: must be a number from 0 to 604800000");

        List<ObjectNode> second = new ArrayList<>();
        second.add(pending.deepCopy().put("status", "success").put("durationMs", 321.5).put("credits", 0.5).put("totalUsage", 99));
        second.add(first.get(1).deepCopy()); // duplicate in a later request
        second.add(first.get(2).deepCopy().put("status", "failed").put("credits", 0)); // tries to change a terminal call
        ingest(second);
        produceInvalidStraightToKafka();

        List<ObjectNode> want = expected.list(ALICE, APP, T0, T0 + 7200);
        assertThat(want).hasSize(26);
        JsonPath page = awaitCalls(ALICE, Map.of("startTime", T0, "endTime", T0 + 7200, "pageSize", 100), want.size());

        assertThat(page.getLong("count")).isEqualTo(want.size());
        assertThat(page.getList("list.id", String.class)).containsExactlyElementsOf(want.stream().map(e -> e.get("id").asText()).toList());
        for (int i = 0; i < want.size(); i++) {
            ObjectNode e = want.get(i);
            String at = "list[" + i + "].";
            assertThat(page.getString(at + "status")).isEqualTo(e.get("status").asText());
            assertThat(page.getString(at + "model")).isEqualTo(e.get("model").asText());
            assertThat(page.getDouble(at + "duration")).isEqualTo(e.get("durationMs").asDouble());
            assertThat(page.getLong(at + "totalUsage")).isEqualTo(e.get("totalUsage").asLong());
            assertThat(new BigDecimal(page.getString(at + "credits")))
                    .isEqualByComparingTo(e.get("credits").decimalValue().setScale(6, RoundingMode.HALF_UP));
            // the expandable row's details, exactly as the event carried them
            assertThat(page.getString(at + "requestId")).isEqualTo(e.get("requestId").asText());
            assertThat(page.getString(at + "traceId")).isEqualTo(e.get("traceId").isNull() ? null : e.get("traceId").asText());
            assertThat((JsonNode) ModelCallJson.MAPPER.valueToTree(page.get(at + "usageMetrics"))).isEqualTo(e.get("usageMetrics"));
            assertThat((JsonNode) ModelCallJson.MAPPER.valueToTree(page.get(at + "metadata"))).isEqualTo(e.get("metadata"));
        }
        ObjectNode finished = want.stream().filter(e -> e.get("id").equals(pending.get("id"))).findFirst().orElseThrow();
        assertThat(finished.get("status").asText()).isEqualTo("success");

        // paging, filter and a second user who shares the project name
        JsonPath failedOnly = calls(ALICE, Map.of("startTime", T0, "endTime", T0 + 7200, "status", "failed"));
        assertThat(failedOnly.getLong("count")).isEqualTo(want.stream().filter(e -> "failed".equals(e.get("status").asText())).count());
        assertThat(calls(BOB, Map.of("startTime", T0, "endTime", T0 + 7200)).getLong("count")).isEqualTo(8);
    }

    @Test
    void refusesForgedUsersBadParametersAndOtherUsersProjects() throws Exception {
        ingest(List.of(event(BOB, "success", T0 + 1)));
        awaitCalls(BOB, Map.of("startTime", T0, "endTime", T0 + 7200), expected.list(BOB, APP, T0, T0 + 7200).size());

        given().baseUri(system.query.baseUrl()).auth().oauth2(token(ALICE)).queryParam("userDid", BOB)
                .get("/api/usage/projects/{app}/calls", APP).then().statusCode(403).contentType("application/problem+json");
        given().baseUri(system.query.baseUrl()).auth().oauth2(token(ALICE)).queryParam("pageSize", 1000)
                .get("/api/usage/projects/{app}/calls", APP).then().statusCode(400).body("status", equalTo(400));
        given().baseUri(system.query.baseUrl()).auth().oauth2(token("did:abt:stranger"))
                .get("/api/usage/projects/{app}/calls", APP).then().statusCode(404).contentType("application/problem+json");
        given().baseUri(system.query.baseUrl()).get("/api/usage/projects/{app}/calls", APP).then().statusCode(401);
    }

    private static void produceInvalidStraightToKafka() {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafka().bootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(Topics.MODEL_CALLS, ALICE, "{\"id\": \"no-user\"}"));
            p.flush();
        }
    }
}
