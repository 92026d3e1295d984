package io.aigne.usage.quota.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.testkit.LocalInfra;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The payment-kit client against a stub serving payment-kit's shapes, including outages. */
@QuarkusTest
@TestProfile(PaymentKitStub.Profile.class)
class PaymentKitProviderTest {
    /** The breakers' delay in this profile ({@link PaymentKitStub}: {@code CircuitBreaker/delay}). */
    private static final long BREAKER_DELAY_MS = 3_000;
    private final String user = "did:abt:pk-" + UUID.randomUUID();

    static {
        io.restassured.RestAssured.config = io.restassured.RestAssured.config().jsonConfig(io.restassured.config.JsonConfig
                .jsonConfig().numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL));
    }

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    KafkaClientService kafkaClients;

    @Inject
    Scheduler scheduler;

    @BeforeEach
    void resetStub() {
        PaymentKitStub.server.resetAll();
        breakers.resetAll(); // a breaker opened by an earlier test starts closed again (by name: @CircuitBreakerName)
        healthyBackend(WARM_UP);
        // warms the client up; another user, so nothing is cached for ours
        given().auth().oauth2(LocalInfra.testTokens().mint(WARM_UP, List.of())).get("/api/usage/quota");
        PaymentKitStub.server.resetAll();
    }

    private Response quota() {
        return given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of())).get("/api/usage/quota");
    }

    private static final String WARM_UP = "did:abt:pk-warm-up";

    private void healthyBackend() {
        healthyBackend(user);
    }

    private void healthyBackend(String customer) {
        PaymentKitStub.server.stubFor(get(urlPathEqualTo("/api/credit-grants/summary")).withQueryParam("customer_id", equalTo(customer))
                .willReturn(okJson("""
                        {"pc_credit": {"paymentCurrency": {"id": "pc_credit", "symbol": "AIC"}, "totalAmount": "1000.5",
                         "remainingAmount": "400.25", "grantCount": 2}}""")));
        PaymentKitStub.server.stubFor(get(urlPathEqualTo("/api/meter-events/pending-amount"))
                .willReturn(okJson("{\"pc_credit\": \"0.25\"}")));
        PaymentKitStub.server.stubFor(get(urlPathEqualTo("/api/credit-transactions/summary"))
                .willReturn(okJson("{\"total_quantity\": 90, \"total_credit_amount\": \"300\", \"transaction_count\": 12}")));
    }

    @Test
    void balanceIsSummaryRemainingMinusPendingWithTheEstimate() {
        healthyBackend();
        JsonPath q = quota().then().statusCode(200).extract().jsonPath();

        assertThat(new BigDecimal(q.getString("total"))).isEqualByComparingTo("1000.5");
        assertThat(new BigDecimal(q.getString("remaining"))).isEqualByComparingTo("400");
        assertThat(new BigDecimal(q.getString("used"))).isEqualByComparingTo("600.5");
        assertThat(q.getDouble("estimatedDaysRemaining")).isEqualTo(40.0); // 400 / (300 / 30)
        assertThat(q.getString("currency")).isEqualTo("AIC");
        assertThat(q.getBoolean("stale")).isFalse();
        PaymentKitStub.server.verify(getRequestedFor(urlPathEqualTo("/api/credit-grants/summary"))
                .withHeader("x-component-sig", matching("0x[0-9a-f]{128}")).withHeader("x-component-sig-version", equalTo("1"))
                .withoutHeader("Authorization").withQueryParam("livemode", equalTo("true")));
    }

    @Test
    void transactionsAreSignedByTypeAndPaged() {
        PaymentKitStub.server.stubFor(get(urlPathEqualTo("/api/credit-transactions")).withQueryParam("page", equalTo("2"))
                .willReturn(okJson("""
                        {"list": [{"id": "ct_1", "type": "consumption", "amount": "2.5", "created_at": "2025-11-30T10:00:00.000Z",
                                   "description": "usage", "metadata": {"meter": "calls"}},
                                  {"id": "ct_2", "type": "grant", "amount": "100", "created_at": 1764400000},
                                  {"id": "ct_3", "type": "expiration", "amount": "4", "created_at": 1764300000}],
                         "count": 23, "paging": {"page": 2, "pageSize": 3}}""")));
        JsonPath page = given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of())).queryParam("page", 2).queryParam("pageSize", 3)
                .get("/api/usage/quota-details").then().statusCode(200).extract().jsonPath();

        assertThat(page.getList("list.amount", BigDecimal.class)).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("-2.5"), new BigDecimal("100"), new BigDecimal("-4"));
        assertThat(page.getList("list.createdAt", Long.class)).containsExactly(1764496800L, 1764400000L, 1764300000L);
        assertThat(page.getLong("count")).isEqualTo(23);
        assertThat(page.getString("list[0].metadata.meter")).isEqualTo("calls");
    }

    @Test
    void anOutageServesTheLastKnownQuotaAsStaleWithinASecondAndDetailsAs503() {
        healthyBackend();
        long asOf = quota().then().statusCode(200).extract().jsonPath().getLong("asOf");
        PaymentKitStub.server.stubFor(get(urlPathEqualTo("/api/credit-grants/summary")).willReturn(aResponse().withStatus(502)));
        PaymentKitStub.server.stubFor(get(urlPathEqualTo("/api/credit-transactions")).willReturn(aResponse().withStatus(500)));

        long t = System.nanoTime();
        Response answer = quota();
        // payment-kit is down: the answer does not wait for it (deadline 300 ms; the bound leaves room for a busy CI machine)
        assertThat((System.nanoTime() - t) / 1e6).isLessThan(2_000);
        JsonPath stale = answer.then().statusCode(200).extract().jsonPath();
        assertThat(stale.getBoolean("stale")).isTrue();
        assertThat(stale.getLong("asOf")).isEqualTo(asOf);
        assertThat(new BigDecimal(stale.getString("remaining"))).isEqualByComparingTo("400");

        given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of())).get("/api/usage/quota-details").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "10");
    }

    @Test
    void aSlowBackendNeverMakesTheQuotaHang() {
        healthyBackend();
        long h = System.nanoTime();
        // a known value first: on a busy machine the very first answer may miss the 300 ms deadline (503, nothing
        // known yet) while the backend's answer still arrives and is kept, so ask until it is there
        org.awaitility.Awaitility.await("a last known quota").atMost(java.time.Duration.ofSeconds(10))
                .pollInterval(java.time.Duration.ofMillis(200)).until(() -> quota().statusCode() == 200);
        System.out.printf("healthy backend: answered in %.0f ms%n", (System.nanoTime() - h) / 1e6);
        PaymentKitStub.server.stubFor(get(urlPathEqualTo("/api/credit-grants/summary"))
                .willReturn(okJson("{}").withFixedDelay(3_000)));

        long t = System.nanoTime();
        Response answer = quota();
        double ms = (System.nanoTime() - t) / 1e6; // the exchange only: the first JSON parse in a JVM warms up Groovy for ~0.6 s
        boolean stale = answer.then().statusCode(200).extract().jsonPath().getBoolean("stale");
        System.out.printf("slow backend: answered in %.0f ms, stale=%s%n", ms, stale);
        assertThat(stale).isTrue();
        // the backend takes 3 s; /quota must not wait for it (deadline 300 ms, room for a busy CI machine)
        assertThat(ms).isLessThan(2_000);
    }

    @Test
    void malformedAnswersAreNotRetriedAndGiveA503WithoutAKnownValue() {
        PaymentKitStub.server.stubFor(get(urlPathEqualTo("/api/credit-grants/summary")).willReturn(okJson("[1, 2")));
        quota().then().statusCode(503).contentType("application/problem+json");
        PaymentKitStub.server.stubFor(get(urlPathEqualTo("/api/credit-transactions")).willReturn(okJson("{\"count\": 3}")));
        given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of())).get("/api/usage/quota-details").then().statusCode(503);
        // asked once each: a retry cannot make an answer readable
        assertThat(PaymentKitStub.server.findAll(getRequestedFor(urlPathEqualTo("/api/credit-grants/summary")))).hasSize(1);
        assertThat(PaymentKitStub.server.findAll(getRequestedFor(urlPathEqualTo("/api/credit-transactions")))).hasSize(1);
    }

    @Test
    void aNonNumericAmountIsMalformedNotZero() {
        PaymentKitStub.server.stubFor(get(urlPathEqualTo("/api/credit-grants/summary")).willReturn(okJson("""
                {"pc_credit": {"paymentCurrency": {"symbol": "AIC"}, "totalAmount": "lots", "remainingAmount": "1"}}""")));
        quota().then().statusCode(503).contentType("application/problem+json");
        assertThat(PaymentKitStub.server.findAll(getRequestedFor(urlPathEqualTo("/api/credit-grants/summary")))).hasSize(1);
    }

    @Test
    void createdAtInMillisecondsIsReadAsSecondsAndAdjustmentsKeepTheirSign() {
        PaymentKitStub.server.stubFor(get(urlPathEqualTo("/api/credit-transactions")).willReturn(okJson("""
                {"list": [{"id": "ct_9", "type": "adjustment", "amount": "-1.5", "created_at": 1764400000123, "running_balance": "7"}],
                 "count": 1}""")));
        JsonPath page = given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of())).get("/api/usage/quota-details")
                .then().statusCode(200).extract().jsonPath();
        assertThat(page.getList("list.createdAt", Long.class)).containsExactly(1764400000L);
        assertThat(new BigDecimal(page.getString("list[0].amount"))).isEqualByComparingTo("-1.5");
        assertThat(page.getString("list[0].id")).isEqualTo("ct_9");
    }

    @Test
    void aTransactionShapedLikePaymentKitsModelIsAConsumptionOfItsCreditAmount() {
        // @blocklet/payment-types' credit transaction: credit_amount and an ISO date, no type and no amount
        PaymentKitStub.server.stubFor(get(urlPathEqualTo("/api/credit-transactions")).willReturn(okJson("""
                {"list": [{"id": "ct_m", "quantity": "25", "credit_amount": "2.5", "remaining_balance": "97.5",
                  "customer_id": "cus_1", "credit_grant_id": "cg_1", "created_at": "2025-11-30T10:00:00.000Z"}], "count": 1}""")));
        JsonPath page = given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of())).get("/api/usage/quota-details")
                .then().statusCode(200).extract().jsonPath();
        assertThat(page.getString("list[0].type")).isEqualTo("consumption");
        assertThat(new BigDecimal(page.getString("list[0].amount"))).isEqualByComparingTo("-2.5");
        assertThat(page.getList("list.createdAt", Long.class)).containsExactly(1764496800L);
    }

    @Test
    void theBreakerOpensOnRepeatedFailuresAndClosesWhenTheBackendRecovers() throws InterruptedException {
        PaymentKitStub.server.stubFor(get(urlPathEqualTo("/api/credit-grants/summary")).willReturn(aResponse().withStatus(503)));
        for (int i = 0; i < 6; i++) {
            quota().then().statusCode(503);
        }
        int callsWhileFailing = PaymentKitStub.server.findAll(getRequestedFor(urlPathEqualTo("/api/credit-grants/summary"))).size();
        for (int i = 0; i < 5; i++) {
            quota().then().statusCode(503);
        }
        // open: the backend is not called at all
        assertThat(PaymentKitStub.server.findAll(getRequestedFor(urlPathEqualTo("/api/credit-grants/summary")))).hasSize(callsWhileFailing);

        healthyBackend();
        Thread.sleep(BREAKER_DELAY_MS + 200);
        quota().then().statusCode(200).extract().jsonPath().getBoolean("stale");
        assertThat(quota().then().statusCode(200).extract().jsonPath().getBoolean("stale")).isFalse();
    }

    @Test
    void theLedgerDoesNotRunWhilePaymentKitKeepsTheCredits() {
        // its channel was never created: no Kafka consumer, hence no member of group quota-ledger
        assertThat(kafkaClients.getConsumer("ledger-model-calls")).isNull();
        assertThat(scheduler.getScheduledJob("grant-expiry")).isNull();
        String readiness = given().get("/q/health/ready").then().extract().asString();
        assertThat(readiness).doesNotContain("ledger-model-calls").doesNotContain("ledger-consumer");
        // the same registry and report do know the service's other channel, so the lookups above can see one
        assertThat(kafkaClients.getProducer("ledger-dead-letters")).isNotNull();
        assertThat(readiness).contains("ledger-dead-letters");
    }
}
