package io.aigne.usage.quota.client;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.quota.client.signing.ComponentCallSigner;
import io.aigne.usage.testkit.LocalInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The payment-kit provider against a stand-in that authenticates every request with @blocklet/sdk's
 * own verifySig (PaymentKitStandIn): our signed component calls are accepted, and the numbers are
 * those of fixtures typed by @blocklet/payment-types.
 */
@QuarkusTest
@TestProfile(PaymentKitStandIn.Profile.class)
@SuppressWarnings("unchecked") // the stand-in's request log is JSON read as maps
class PaymentKitSignedTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeEach
    void warmUpAndForgetRequests() {
        // the first calls of a JVM (client, TLS-free HTTP pool, ED25519 provider) can outlast /quota's 300 ms deadline,
        // which would answer 503 for a user without a known value: warm up with another user first
        as("did:abt:standin-warm-up").get("/api/usage/quota");
        PaymentKitStandIn.clearRequests();
    }

    private static io.restassured.specification.RequestSpecification as(String user) {
        return given().auth().oauth2(LocalInfra.testTokens().mint(user, List.of()));
    }

    @Test
    void theSdkAcceptsOurSignedCallsAndTheBalanceIsTheFixtures() {
        JsonPath q = as(PaymentKitStandIn.ALICE).get("/api/usage/quota").then().statusCode(200).extract().jsonPath();
        // summary remaining 400.25 − pending 0.25; 300 spent in 30 days → 10 a day
        assertThat(new BigDecimal(q.getString("total"))).isEqualByComparingTo("1000.5");
        assertThat(new BigDecimal(q.getString("remaining"))).isEqualByComparingTo("400");
        assertThat(q.getDouble("estimatedDaysRemaining")).isEqualTo(40.0);
        assertThat(q.getString("currency")).isEqualTo("AIC");
        assertThat(q.getBoolean("stale")).isFalse();
        List<Map<String, Object>> seen = PaymentKitStandIn.requests();
        assertThat(seen).extracting(r -> r.get("path")).contains("/api/credit-grants/summary", "/api/meter-events/pending-amount",
                "/api/credit-transactions/summary");
        assertThat(seen).allSatisfy(r -> {
            assertThat(r.get("status")).as("verified by the SDK: %s", r).isEqualTo(200);
            assertThat((Map<String, Object>) r.get("headers")).containsEntry("x-component-sig-version", "1")
                    .containsEntry("x-component-did", PaymentKitStandIn.COMPONENT_DID);
            assertThat((Map<String, Object>) r.get("query")).containsEntry("livemode", "true").containsEntry("customer_id", PaymentKitStandIn.ALICE);
        });
    }

    @Test
    void historyAndAutoRechargeGoThroughTheSignatureCheckToo() {
        JsonPath page = as(PaymentKitStandIn.ALICE).get("/api/usage/quota-details?page=1&pageSize=20").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.getList("list.type", String.class)).containsExactly("consumption", "grant", "expiration");
        assertThat(page.getList("list.amount", BigDecimal.class)).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("-2.5"), new BigDecimal("100"), new BigDecimal("-4"));

        as(PaymentKitStandIn.ALICE).contentType("application/json")
                .body(Map.of("enabled", true, "threshold", 50, "quantity", 200, "dailyLimit", Map.of("maxAttempts", 3, "maxAmount", 600)))
                .put("/api/usage/quota/auto-recharge").then().statusCode(200);
        Map<String, Object> submit = PaymentKitStandIn.requests().stream().filter(r -> "POST".equals(r.get("method"))).findFirst().orElseThrow();
        assertThat(submit.get("status")).isEqualTo(200);
        assertThat(submit.get("path")).isEqualTo("/api/auto-recharge-configs/submit");
        assertThat((Map<String, Object>) submit.get("query")).containsEntry("livemode", "true");
        assertThat((Map<String, Object>) submit.get("body")).containsEntry("customer_id", PaymentKitStandIn.ALICE)
                .containsEntry("currency_id", "pc_standin_credit").containsEntry("threshold", "50");
    }

    @Test
    void aUserPaymentKitDoesNotKnowHasAZeroBalanceNotAnError() {
        JsonPath q = as("did:abt:standin-nobody").get("/api/usage/quota").then().statusCode(200).extract().jsonPath();
        assertThat(new BigDecimal(q.getString("total"))).isZero();
        assertThat(new BigDecimal(q.getString("remaining"))).isZero();
        assertThat(q.getDouble("estimatedDaysRemaining")).isZero(); // remaining ≤ 0 → 0 (docs/contracts.md)
        as("did:abt:standin-nobody").get("/api/usage/quota-details").then().statusCode(200);
        // auto-recharge needs a credit currency the user does not have yet: a clear 409
        as("did:abt:standin-nobody").contentType("application/json")
                .body(Map.of("enabled", true, "threshold", 50, "quantity", 200, "dailyLimit", Map.of("maxAttempts", 3, "maxAmount", 600)))
                .put("/api/usage/quota/auto-recharge").then().statusCode(409);
    }

    @Test
    void theSdkRefusesASignatureOffByOneByteAnExpiredOneAndAnotherKey() throws Exception {
        String path = "/api/credit-grants/summary";
        String query = "customer_id=" + PaymentKitStandIn.ALICE.replace(":", "%3A") + "&livemode=true";
        Map<String, String> good = new ComponentCallSigner(PaymentKitStandIn.APP_SK, null, Clock.systemUTC()).headers("GET", path, query, null);
        assertThat(send(path, query, good)).isEqualTo(200);

        String sig = good.get("x-component-sig");
        // the last byte of the signature, one bit changed
        String flipped = sig.substring(0, sig.length() - 1) + Integer.toHexString(Character.digit(sig.charAt(sig.length() - 1), 16) ^ 1);
        assertThat(send(path, query, Map.of("x-component-sig", flipped, "x-component-sig-iat", good.get("x-component-sig-iat"),
                "x-component-sig-exp", good.get("x-component-sig-exp"), "x-component-sig-version", "1"))).isEqualTo(401);
        // the signature is over the query too: the same headers for another customer are refused
        assertThat(send(path, query.replace("standin-alice", "standin-bob"), good)).isEqualTo(401);

        Clock anHourAgo = Clock.offset(Clock.systemUTC(), java.time.Duration.ofHours(-1));
        assertThat(send(path, query, new ComponentCallSigner(PaymentKitStandIn.APP_SK, null, anHourAgo).headers("GET", path, query, null)))
                .as("expired after 5 minutes").isEqualTo(401);
        String otherKey = "0x" + "11".repeat(32);
        assertThat(send(path, query, new ComponentCallSigner(otherKey, null, Clock.systemUTC()).headers("GET", path, query, null)))
                .as("another app's key").isEqualTo(401);
    }

    private static int send(String path, String query, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(PaymentKitStandIn.baseUrl() + path + "?" + query)).GET();
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
