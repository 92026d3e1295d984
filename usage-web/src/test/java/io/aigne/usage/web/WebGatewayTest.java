package io.aigne.usage.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigne.usage.localstack.EmbeddedPostgresServer;
import io.aigne.usage.web.WebTestResource.Seen;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.Signature;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(WebTestResource.class)
class WebGatewayTest {
    private static final String ALICE = "did:abt:demo-alice";
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void forgetRequests() {
        WebTestResource.SEEN.clear();
    }

    /** This site's own origin, as a browser on our pages sends it with every write. */
    static String ownOrigin() {
        return io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port;
    }

    static String signIn(String userDid) {
        return given().contentType(ContentType.JSON).header("X-Requested-With", "JavaScript").header("Origin", ownOrigin())
                .body("{\"userDid\":\"" + userDid + "\"}")
                .when().post("/auth/demo")
                .then().statusCode(200).body("userDid", equalTo(userDid))
                .extract().cookie("usage_session");
    }

    @Test
    void demoSignInKeepsTheTokenOnTheServerAndOnlyAHashOfTheCookie() throws Exception {
        Response r = given().contentType(ContentType.JSON).header("X-Requested-With", "JavaScript").header("Sec-Fetch-Site", "same-origin")
                .body("{\"userDid\":\"" + ALICE + "\"}").post("/auth/demo");
        assertThat(r.statusCode()).isEqualTo(200);
        String setCookie = r.header("Set-Cookie");
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax");
        String cookie = r.cookie("usage_session");
        assertThat(r.body().asString()).doesNotContain("eyJ");
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cookie.getBytes(StandardCharsets.US_ASCII)));
        try (var db = DriverManager.getConnection(WebTestResource.postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "postgres");
                var ps = db.prepareStatement("SELECT user_did, access_token FROM web_sessions WHERE id_hash = ?")) {
            ps.setString(1, hash);
            ResultSet rs = ps.executeQuery();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(ALICE);
            assertThat(rs.getString(2)).startsWith("eyJ");
        }
        given().cookie("usage_session", cookie).get("/auth/session").then().statusCode(200).body("userDid", equalTo(ALICE));
    }

    @Test
    void passesTheSessionsTokenToTheServiceThatAnswersThePath() throws Exception {
        String cookie = signIn(ALICE);
        given().cookie("usage_session", cookie).get("/api/usage/overview?timeRange=7&compare=previous")
                .then().statusCode(200).body("answeredBy", equalTo("query"));
        given().cookie("usage_session", cookie).get("/api/usage/projects/did:app:x/calls?status=failed&page=2")
                .then().statusCode(200).body("answeredBy", equalTo("query"));
        given().cookie("usage_session", cookie).get("/api/usage/quota-details?type=grant")
                .then().statusCode(200).body("answeredBy", equalTo("quota"));
        given().cookie("usage_session", cookie).get("/api/usage/quota")
                .then().statusCode(200).body("answeredBy", equalTo("quota"));

        List<Seen> seen = new ArrayList<>(WebTestResource.SEEN);
        assertThat(seen).extracting(Seen::service, Seen::pathAndQuery).containsExactly(
                org.assertj.core.groups.Tuple.tuple("query", "/api/usage/overview?timeRange=7&compare=previous"),
                org.assertj.core.groups.Tuple.tuple("query", "/api/usage/projects/did%3Aapp%3Ax/calls?status=failed&page=2"),
                org.assertj.core.groups.Tuple.tuple("quota", "/api/usage/quota-details?type=grant"),
                org.assertj.core.groups.Tuple.tuple("quota", "/api/usage/quota"));
        for (Seen s : seen) {
            assertThat(s.authorization()).startsWith("Bearer ");
            JsonNode claims = verifiedClaims(s.authorization().substring("Bearer ".length()));
            assertThat(claims.get("sub").asText()).isEqualTo(ALICE);
            assertThat(claims.get("iss").asText()).isEqualTo(io.aigne.usage.localstack.TokenMinter.LOCAL_ISSUER);
            assertThat(claims.get("groups")).isEmpty();
            assertThat(claims.get("aud").asText()).isEqualTo(io.aigne.usage.localstack.TokenMinter.LOCAL_AUDIENCE);
        }
    }

    @Test
    void refusesAUserDidFromTheBrowser() {
        String cookie = signIn(ALICE);
        given().cookie("usage_session", cookie).get("/api/usage/overview?userDid=did:abt:demo-bob")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("session"));
        assertThat(WebTestResource.SEEN).isEmpty();
    }

    @Test
    void withoutASessionNothingReachesTheServices() {
        given().get("/api/usage/overview").then().statusCode(401).contentType("application/problem+json");
        given().cookie("usage_session", "forged").get("/api/usage/overview").then().statusCode(401);
        given().get("/auth/session").then().statusCode(401);
        assertThat(WebTestResource.SEEN).isEmpty();
    }

    @Test
    void routesOnlyTheUsageEndpoints() {
        String cookie = signIn(ALICE);
        given().cookie("usage_session", cookie).get("/api/usage/admin/stats").then().statusCode(404);
        given().cookie("usage_session", cookie).get("/api/usage/projects/a/../../admin/calls").then().statusCode(404);
        given().cookie("usage_session", cookie).header("X-Requested-With", "JavaScript").header("Origin", ownOrigin())
                .contentType(ContentType.JSON).body("{}").put("/api/usage/overview").then().statusCode(404);
        assertThat(WebTestResource.SEEN).isEmpty();
    }

    @Test
    void theOneWritingCallNeedsThePagesHeaderAndPassesItsBody() {
        String cookie = signIn(ALICE);
        String body = "{\"enabled\":true,\"threshold\":5,\"quantity\":100,\"dailyLimit\":{\"maxAttempts\":1,\"maxAmount\":100}}";
        given().cookie("usage_session", cookie).contentType(ContentType.JSON).body(body)
                .put("/api/usage/quota/auto-recharge").then().statusCode(403);
        assertThat(WebTestResource.SEEN).isEmpty();
        given().cookie("usage_session", cookie).header("X-Requested-With", "JavaScript").header("Origin", ownOrigin())
                .contentType(ContentType.JSON).body(body)
                .put("/api/usage/quota/auto-recharge").then().statusCode(200).body("answeredBy", equalTo("quota"));
        assertThat(WebTestResource.SEEN).singleElement().satisfies(s -> {
            assertThat(s.method()).isEqualTo("PUT");
            assertThat(s.body()).isEqualTo(body);
        });
    }

    @Test
    void servicesErrorsPassThroughAndSlownessBecomesA504() {
        String cookie = signIn(ALICE);
        given().cookie("usage_session", cookie).get("/api/usage/projects/missing/stats")
                .then().statusCode(404).contentType("application/problem+json").body("detail", equalTo("no calls in this project"));
        given().cookie("usage_session", cookie).get("/api/usage/projects/slow/stats")
                .then().statusCode(504).contentType("application/problem+json");
    }

    @Test
    void aTokenTheServiceRefusesEndsTheSession() {
        String cookie = signIn(ALICE);
        given().cookie("usage_session", cookie).get("/api/usage/projects/expired/stats").then().statusCode(401);
        given().cookie("usage_session", cookie).get("/auth/session").then().statusCode(401);
    }

    @Test
    void encodedDotSegmentsAndSlashesDoNotEscapeTheRoutes() {
        String cookie = signIn(ALICE);
        for (String path : new String[] {"/api/usage/projects/%2E%2E/%2E%2E/admin/calls", "/api/usage/projects/a%2F..%2Fb/calls",
                "/api/usage/projects/%2e%2e%2fadmin/stats", "/api/usage/..%2Fadmin%2Fcredits%2Fgrants"}) {
            int status = given().urlEncodingEnabled(false).cookie("usage_session", cookie).get(path).statusCode();
            assertThat(status).as(path).isIn(400, 404);
        }
        assertThat(WebTestResource.SEEN).isEmpty();
    }

    @Test
    void onlyDemoUsersCanSignInAndSigningOutEndsTheSession() {
        given().contentType(ContentType.JSON).header("X-Requested-With", "JavaScript").header("Origin", ownOrigin())
                .body("{\"userDid\":\"did:abt:mallory\"}")
                .post("/auth/demo").then().statusCode(400).contentType("application/problem+json");
        given().contentType(ContentType.JSON).header("Origin", ownOrigin()).body("{\"userDid\":\"" + ALICE + "\"}").post("/auth/demo")
                .then().statusCode(403);
        String cookie = signIn(ALICE);
        given().cookie("usage_session", cookie).header("X-Requested-With", "JavaScript").header("Origin", ownOrigin()).post("/auth/logout")
                .then().statusCode(200).body("next", equalTo("/usage/sign-in"));
        given().cookie("usage_session", cookie).get("/api/usage/overview").then().statusCode(401);
    }

    @Test
    void everyPageRouteIsTheSinglePageApp() {
        given().get("/usage/projects/did:app:alice-chatbot").then().statusCode(200).contentType(ContentType.HTML)
                .body(containsString("<div id=\"root\">"));
        given().get("/usage/dashboard").then().statusCode(200).header("Cache-Control", "no-cache");
        // the root is the app too; its router sends the browser on to /usage/dashboard
        given().get("/").then().statusCode(200).body(containsString("<div id=\"root\">"));
        given().get("/auth/config").then().statusCode(200).body("mode", equalTo("demo")).body("demoUsers[0]", equalTo(ALICE));
        given().redirects().follow(false).get("/auth/login").then().statusCode(303).header("Location", containsString("/usage/sign-in"));
    }

    /** The claims of a token whose RS256 signature verifies with the demo key's public half. */
    private static JsonNode verifiedClaims(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(java.security.KeyFactory.getInstance("RSA").generatePublic(
                new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(WebTestResource.key.publicKeyBase64()))));
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(parts[2]))).as("signature").isTrue();
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }
}
