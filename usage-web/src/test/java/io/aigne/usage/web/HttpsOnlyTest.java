package io.aigne.usage.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.aigne.usage.web.http.SecurityHeaders;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What production adds over HTTPS ({@code usage.web.https-only}, on unless the demo profile turns
 * it off): HSTS on every answer and a {@code __Host-} session cookie that is Secure.
 */
@QuarkusTest
@TestProfile(HttpsOnlyTest.HttpsOnly.class)
class HttpsOnlyTest {

    public static class HttpsOnly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("usage.web.https-only", "true");
        }
    }

    @Test
    void everyAnswerCarriesHsts() {
        for (String path : new String[] {"/usage/dashboard", "/auth/config", "/api/usage/overview"}) {
            assertThat(given().get(path).header("Strict-Transport-Security")).as(path).isEqualTo(SecurityHeaders.STRICT_TRANSPORT_SECURITY);
        }
    }

    @Test
    void theSessionCookieIsHostPrefixedAndSecure() {
        Response r = given().contentType(ContentType.JSON).header("X-Requested-With", "JavaScript").header("Origin", WebGatewayTest.ownOrigin())
                .body("{\"userDid\":\"did:abt:demo-alice\"}").post("/auth/demo");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.header("Set-Cookie")).startsWith("__Host-usage_session=").contains("Secure").contains("HttpOnly").contains("Path=/")
                .doesNotContain("Domain=");
        String cookie = r.cookie("__Host-usage_session");
        given().cookie("__Host-usage_session", cookie).get("/auth/session").then().statusCode(200).body("userDid", equalTo("did:abt:demo-alice"));
        // the plain name is not a session any more
        given().cookie("usage_session", cookie).get("/auth/session").then().statusCode(401);
    }
}
