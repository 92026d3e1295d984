package io.aigne.usage.quota.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.Topics;
import io.aigne.usage.quota.SkewedClock;
import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The built-in ledger on PostgreSQL, debiting calls from the real broker. */
@QuarkusTest
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
class LedgerTest {
    private final Random random = new Random(8);

    @Inject
    LedgerService ledger;

    @Inject
    SkewedClock clock;

    @Inject
    KafkaClientService kafkaClients;

    @Inject
    Scheduler scheduler;

    /** Per test, not once per class: Quarkus resets RestAssured's config between test classes. */
    @org.junit.jupiter.api.BeforeEach
    void exactNumbers() {
        io.restassured.RestAssured.config = io.restassured.RestAssured.config().jsonConfig(io.restassured.config.JsonConfig
                .jsonConfig().numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    /** The caller's quota, numbers as exact decimals whatever RestAssured's global config is. */
    private static JsonPath quota(String user) {
        return JsonPath.from(as(user).get("/api/usage/quota").then().statusCode(200).extract().asString()).using(
                new io.restassured.path.json.config.JsonPathConfig(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    static RequestSpecification as(String user, String... roles) {
        return given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of(roles)));
    }

    static void grant(String user, String amount, String category, Long expiresAt) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("userDid", user, "amount", new BigDecimal(amount), "category", category,
                "name", "Welcome credits"));
        if (expiresAt != null) {
            body.put("expiresAt", expiresAt);
        }
        as("did:abt:ops", "admin").contentType("application/json").body(body).post("/api/admin/credits/grants").then().statusCode(201);
    }

    static ObjectNode call(String user, String status, String credits) {
        return ModelCallJson.MAPPER.createObjectNode().put("id", "q-" + UUID.randomUUID()).put("userDid", user).put("appDid", "app")
                .put("model", "gpt-4o").put("type", "chatCompletion").put("status", status).put("durationMs", 100)
                .put("totalUsage", 10).put("credits", new BigDecimal(credits)).put("callTime", Instant.now().getEpochSecond());
    }

    static void produce(List<ObjectNode> events) {
        produce(events, false);
    }

    /** @param restored marked as calls coming back from a retention archive */
    static void produce(List<ObjectNode> events, boolean restored) {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                LocalInfra.get().kafka().bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (ObjectNode e : events) {
                ProducerRecord<String, String> r = new ProducerRecord<>(Topics.MODEL_CALLS, e.get("userDid").asText(), e.toString());
                if (restored) {
                    r.headers().add(Topics.ORIGIN_HEADER, Topics.ORIGIN_ARCHIVE_RESTORE.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                p.send(r);
            }
            p.flush();
        }
    }

    @Test
    void callsRestoredFromAnArchiveAreNotDebitedAgain() {
        String user = "did:abt:ledger-restored-" + UUID.randomUUID();
        grant(user, "10", "paid", null);
        produce(List.of(call(user, "success", "2.5"), call(user, "success", "1")), true);
        produce(List.of(call(user, "success", "0.25"))); // same partition, after them: once debited, they were seen
        awaitRemaining(user, new BigDecimal("9.75"));
    }

    static JsonPath awaitRemaining(String user, BigDecimal remaining) {
        JsonPath q = await(user + " has " + remaining + " left").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> quota(user), answer -> new BigDecimal(answer.getString("remaining")).compareTo(remaining) == 0);
        assertThat(new BigDecimal(q.getString("remaining"))).isEqualByComparingTo(remaining);
        return q;
    }

    @Test
    void finishedCallsAreDebitedOnceAndTheEstimateFollowsTheSpend() throws Exception {
        String user = "did:abt:ledger-" + UUID.randomUUID();
        grant(user, "100", "paid", null);
        List<ObjectNode> events = new ArrayList<>();
        BigDecimal spent = BigDecimal.ZERO;
        for (int i = 0; i < 40; i++) {
            String credits = BigDecimal.valueOf(random.nextInt(1_000_000)).movePointLeft(7).toPlainString();
            ObjectNode c = call(user, i % 6 == 0 ? "failed" : "success", i % 6 == 0 ? "0" : credits);
            events.add(c);
            events.add(c.deepCopy()); // delivered twice
            spent = spent.add(c.get("credits").decimalValue());
        }
        ObjectNode pending = call(user, "processing", "0");
        events.add(pending);
        events.add(pending.deepCopy().put("status", "success").put("credits", new BigDecimal("1.5")));
        spent = spent.add(new BigDecimal("1.5"));
        produce(events);

        BigDecimal remaining = new BigDecimal("100").subtract(spent);
        JsonPath q = awaitRemaining(user, remaining.setScale(6, java.math.RoundingMode.HALF_UP));
        assertThat(new BigDecimal(q.getString("total"))).isEqualByComparingTo("100");
        assertThat(new BigDecimal(q.getString("used"))).isEqualByComparingTo(spent.setScale(6, java.math.RoundingMode.HALF_UP));
        double days = remaining.divide(spent.divide(BigDecimal.valueOf(30), MathContext.DECIMAL64), MathContext.DECIMAL64).doubleValue();
        assertThat(q.getDouble("estimatedDaysRemaining")).isCloseTo(days, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(q.getBoolean("stale")).isFalse();

        JsonPath details = as(user).get("/api/usage/quota-details").then().statusCode(200).extract().jsonPath();
        assertThat(details.getList("list.type", String.class)).containsOnly("consumption", "grant");
        BigDecimal sum = details.getList("list.amount", BigDecimal.class).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo(remaining.setScale(6, java.math.RoundingMode.HALF_UP));
        JsonPath grants = as(user).queryParam("type", "grant").get("/api/usage/quota-details").then().statusCode(200).extract().jsonPath();
        assertThat(grants.getInt("count")).isEqualTo(1);
        assertThat(new BigDecimal(grants.getString("list[0].amount"))).isEqualByComparingTo("100");
    }

    @Test
    void estimateIsNullWithoutSpendAndZeroWhenNothingRemains() throws Exception {
        String saver = "did:abt:saver-" + UUID.randomUUID();
        grant(saver, "10", "promotional", null);
        as(saver).get("/api/usage/quota").then().statusCode(200).body("estimatedDaysRemaining", equalTo(null));

        String spender = "did:abt:spender-" + UUID.randomUUID();
        grant(spender, "1", "paid", null);
        produce(List.of(call(spender, "success", "0.75"), call(spender, "success", "0.5")));
        JsonPath q = awaitRemaining(spender, new BigDecimal("-0.25"));
        assertThat(q.getDouble("estimatedDaysRemaining")).isZero();
    }

    @Test
    void expiredGrantsLoseTheirUnspentRest() throws Exception {
        String user = "did:abt:expiry-" + UUID.randomUUID();
        long expiresAt = clock.instant().getEpochSecond() + 60; // room for the debit on a loaded machine
        grant(user, "5", "promotional", expiresAt);
        grant(user, "20", "paid", null);
        produce(List.of(call(user, "success", "3"))); // taken from the promotional grant first
        awaitRemaining(user, new BigDecimal("22"));
        clock.advance(Duration.ofSeconds(61)); // past the grant's expiry, without waiting for it
        ledger.expireDue();

        JsonPath q = awaitRemaining(user, new BigDecimal("20"));
        assertThat(new BigDecimal(q.getString("total"))).isEqualByComparingTo("20");
        JsonPath expired = as(user).queryParam("type", "expiration").get("/api/usage/quota-details").then().statusCode(200)
                .extract().jsonPath();
        assertThat(expired.getInt("count")).isEqualTo(1);
        assertThat(new BigDecimal(expired.getString("list[0].amount"))).isEqualByComparingTo("-2");
    }

    @Test
    void autoRechargeTopsUpBelowTheThresholdWithinTheDailyLimits() throws Exception {
        String user = "did:abt:recharge-" + UUID.randomUUID();
        grant(user, "60", "paid", null);
        as(user).contentType("application/json").body(Map.of("enabled", true, "threshold", 50, "quantity", 100,
                "dailyLimit", Map.of("maxAttempts", 5, "maxAmount", 150))).put("/api/usage/quota/auto-recharge").then().statusCode(200);

        produce(List.of(call(user, "success", "20"))); // 40 < 50: one top-up of 100
        awaitRemaining(user, new BigDecimal("140"));
        produce(List.of(call(user, "success", "100"))); // 40 < 50 again, but 100 + 100 > 150 a day
        awaitRemaining(user, new BigDecimal("40"));

        as(user).queryParam("type", "grant").get("/api/usage/quota-details").then().statusCode(200).body("count", equalTo(2));
        as(user).get("/api/usage/quota/auto-recharge").then().statusCode(200).body("enabled", equalTo(true))
                .body("dailyLimit.maxAttempts", equalTo(5));
    }

    @Test
    void rejectsInvalidSettingsAndParametersAndOtherUsers() {
        String user = "did:abt:strict-" + UUID.randomUUID();
        List<Map<String, Object>> bad = List.of(
                Map.of("enabled", true, "threshold", -1, "quantity", 10, "dailyLimit", Map.of("maxAttempts", 1, "maxAmount", 10)),
                Map.of("enabled", true, "threshold", 1, "quantity", 0, "dailyLimit", Map.of("maxAttempts", 1, "maxAmount", 10)),
                Map.of("enabled", true, "threshold", 1, "quantity", 5, "dailyLimit", Map.of("maxAttempts", -1, "maxAmount", 10)),
                Map.of("enabled", true, "threshold", 1, "quantity", 5));
        for (Map<String, Object> body : bad) {
            as(user).contentType("application/json").body(body).put("/api/usage/quota/auto-recharge").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        as(user).queryParam("type", "refund").get("/api/usage/quota-details").then().statusCode(400);
        as(user).queryParam("pageSize", 101).get("/api/usage/quota-details").then().statusCode(400);
        as(user).queryParam("userDid", "did:abt:someone-else").get("/api/usage/quota").then().statusCode(403);
        as(user).contentType("application/json").body(Map.of("userDid", user, "amount", 5)).post("/api/admin/credits/grants")
                .then().statusCode(403);
        given().get("/api/usage/quota").then().statusCode(401);
    }

    @Test
    void withoutPaymentKitTheLedgerConsumesAndReportsReadiness() {
        // the counterpart of PaymentKitProviderTest#theLedgerDoesNotRunWhilePaymentKitKeepsTheCredits
        assertThat(kafkaClients.getConsumer("ledger-model-calls")).isNotNull();
        assertThat(scheduler.getScheduledJob("grant-expiry")).isNotNull();
        assertThat(given().get("/q/health/ready").then().extract().asString()).contains("ledger-model-calls").contains("ledger-consumer");
    }
}
