package io.aigne.usage.web;

import static io.aigne.usage.web.WebGatewayTest.ownOrigin;
import static io.aigne.usage.web.WebGatewayTest.signIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.aigne.usage.web.WebTestResource.Seen;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway's edges (issue 11, "Identity edges"): no userDid in any spelling reaches a service and
 * only the parameters a route knows are passed on; /q/* is not on the public port; every answer
 * carries the security headers; writes are refused unless they come from our own origin.
 */
@QuarkusTest
@QuarkusTestResource(WebTestResource.class)
class GatewayEdgesTest {
    private static final String ALICE = "did:abt:demo-alice";
    private static final String RECHARGE = "{\"enabled\":false,\"threshold\":1,\"quantity\":5,\"dailyLimit\":{\"maxAttempts\":1,\"maxAmount\":5}}";

    @BeforeEach
    void forgetRequests() {
        WebTestResource.SEEN.clear();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"userDid", "userdid", "USERDID", "UserDid", "uSeRdId", "%75serDid", "user%44id", "userDid%20", "+userDid"})
    void aUserDidInAnySpellingIsRefusedAndNothingIsForwarded(String name) {
        String cookie = signIn(ALICE);
        for (String path : new String[] {"/api/usage/overview", "/api/usage/quota", "/api/usage/projects/did:app:x/calls"}) {
            given().urlEncodingEnabled(false).cookie("usage_session", cookie).get(path + "?timeRange=7&" + name + "=did:abt:demo-bob")
                    .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("session"));
        }
        assertThat(WebTestResource.SEEN).isEmpty();
    }

    @Test
    void onlyTheParametersARouteKnowsArePassedOnAsTheBrowserEncodedThem() {
        String cookie = signIn(ALICE);
        given().urlEncodingEnabled(false).cookie("usage_session", cookie)
                .get("/api/usage/projects/did:app:x/calls?TIMERANGE=1&timeRange=7&model=gpt%2F4o&debug=1&status=failed&page=2&x")
                .then().statusCode(200);
        given().urlEncodingEnabled(false).cookie("usage_session", cookie).get("/api/usage/quota?page=3&timeRange=7").then().statusCode(200);
        given().urlEncodingEnabled(false).cookie("usage_session", cookie).get("/api/usage/trends?tz=Asia%2FKathmandu&compare=previous")
                .then().statusCode(200);
        assertThat(WebTestResource.SEEN).extracting(Seen::pathAndQuery).containsExactly(
                "/api/usage/projects/did:app:x/calls?timeRange=7&model=gpt%2F4o&status=failed&page=2",
                "/api/usage/quota",
                "/api/usage/trends?tz=Asia%2FKathmandu");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/q/health", "/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi", "/q/dev-ui", "/q/info"})
    void managementEndpointsAreNotOnThePublicPort(String path) {
        given().redirects().follow(false).get(path).then().statusCode(404);
    }

    @Test
    void healthAndMetricsAreOnTheManagementPort() {
        int port = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        assertThat(port).isNotEqualTo(io.restassured.RestAssured.port).isPositive();
        given().port(port).get("/q/health/ready").then().statusCode(200);
        given().port(port).get("/q/metrics").then().statusCode(200);
    }

    static Stream<Arguments> answers() {
        return Stream.of(Arguments.of("page", "/usage/dashboard"), Arguments.of("root", "/"), Arguments.of("auth JSON", "/auth/config"),
                Arguments.of("401 problem", "/api/usage/overview"), Arguments.of("404", "/nothing-here"),
                Arguments.of("unknown API path", "/api/usage/admin"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void everyAnswerCarriesTheSecurityHeaders(String what, String path) {
        assertSecurityHeaders(given().get(path));
    }

    @Test
    void theGatewaysAnswersAndTheScriptsCarryThemToo() {
        String cookie = signIn(ALICE);
        assertSecurityHeaders(given().cookie("usage_session", cookie).get("/api/usage/overview"));
        String index = given().get("/usage/dashboard").then().extract().asString();
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index);
        if (script.find()) { // the SPA is built in the normal build; a Java-only build has the placeholder page
            Response js = given().get(script.group(1));
            assertThat(js.statusCode()).isEqualTo(200);
            assertSecurityHeaders(js);
        }
    }

    @Test
    void theBuiltPagesNeedNothingTheContentSecurityPolicyForbids() {
        String index = given().get("/usage/dashboard").then().statusCode(200).extract().asString();
        // script-src 'self': no inline script and no script from elsewhere
        java.util.regex.Matcher scripts = java.util.regex.Pattern.compile("<script([^>]*)>([^<]*)</script>").matcher(index);
        while (scripts.find()) {
            assertThat(scripts.group(2)).as("inline script").isBlank();
            assertThat(scripts.group(1)).contains("src=\"/");
        }
        assertThat(index).doesNotContain("<link rel=\"stylesheet\" href=\"http").doesNotContain(" on" + "load=").doesNotContain("style=\"");
    }

    private static void assertSecurityHeaders(Response r) {
        assertThat(r.header("Content-Security-Policy")).as("CSP").contains("default-src 'self'").contains("script-src 'self'")
                .contains("frame-ancestors 'none'").contains("object-src 'none'").doesNotContain("unsafe-eval");
        assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.header("Referrer-Policy")).isEqualTo("same-origin");
        // plain HTTP in the tests (usage.web.https-only=false): no HSTS; HttpsOnlyTest has it
        assertThat(r.header("Strict-Transport-Security")).isNull();
    }

    /** The three writes, each with a valid session (and body) so only the origin checks decide. */
    static Stream<String> writes() {
        return Stream.of("PUT /api/usage/quota/auto-recharge", "POST /auth/demo", "POST /auth/logout");
    }

    private static Response write(String write, String origin, String fetchSite) {
        RequestSpecification r = given().cookie("usage_session", signIn(ALICE)).header("X-Requested-With", "JavaScript")
                .contentType(ContentType.JSON).body(write.contains("demo") ? "{\"userDid\":\"" + ALICE + "\"}" : RECHARGE);
        if (origin != null) {
            r.header("Origin", origin);
        }
        if (fetchSite != null) {
            r.header("Sec-Fetch-Site", fetchSite);
        }
        String[] methodAndPath = write.split(" ");
        return r.request(methodAndPath[0], methodAndPath[1]);
    }

    static Stream<Arguments> crossOrigin() {
        return writes().flatMap(w -> Stream.of(
                Arguments.of(w, "https://evil.example", null),
                Arguments.of(w, "https://evil.example", "cross-site"),
                Arguments.of(w, "null", null),
                Arguments.of(w, "http://localhost:1", null),
                Arguments.of(w, "https://localhost", null),
                Arguments.of(w, "OWN", "cross-site"),
                Arguments.of(w, "OWN", "same-site"),
                Arguments.of(w, "OWN", "none"),
                Arguments.of(w, null, "cross-site"),
                Arguments.of(w, null, null)));
    }

    @ParameterizedTest(name = "{0} Origin={1} Sec-Fetch-Site={2}")
    @MethodSource("crossOrigin")
    void aWriteFromAnotherOriginIsRefused(String write, String origin, String fetchSite) {
        write(write, "OWN".equals(origin) ? ownOrigin() : origin, fetchSite).then().statusCode(403).contentType("application/problem+json");
        assertThat(WebTestResource.SEEN).isEmpty();
    }

    static Stream<Arguments> sameOrigin() {
        return writes().flatMap(w -> Stream.of(Arguments.of(w, "OWN", null), Arguments.of(w, "OWN", "same-origin"),
                Arguments.of(w, null, "same-origin")));
    }

    @ParameterizedTest(name = "{0} Origin={1} Sec-Fetch-Site={2}")
    @MethodSource("sameOrigin")
    void aWriteFromOurOwnPagesPasses(String write, String origin, String fetchSite) {
        write(write, "OWN".equals(origin) ? ownOrigin() : origin, fetchSite).then().statusCode(200);
    }

    @Test
    void theSessionsTokenCarriesTheServicesAudience() {
        String cookie = signIn(ALICE);
        given().cookie("usage_session", cookie).get("/api/usage/quota").then().statusCode(200).body("answeredBy", equalTo("quota"));
        String token = WebTestResource.SEEN.get(0).authorization().substring("Bearer ".length());
        String claims = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(claims).contains("\"aud\":\"" + io.aigne.usage.localstack.TokenMinter.LOCAL_AUDIENCE + "\"");
    }
}
