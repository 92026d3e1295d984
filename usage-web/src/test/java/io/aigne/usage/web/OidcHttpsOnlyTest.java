package io.aigne.usage.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Production sign-in over HTTPS only: quarkus-oidc's session cookie reaches the browser as a Secure {@code __Host-q_session}. */
@QuarkusTest
@TestProfile(OidcHttpsOnlyTest.HttpsOnlyOidc.class)
class OidcHttpsOnlyTest {

    public static class HttpsOnlyOidc extends OidcProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("usage.web.https-only", "true");
        }
    }

    @Test
    void theSessionCookieIsHostPrefixedAndSecureAndOnlyThatNameCounts() throws Exception {
        Response start = given().redirects().follow(false).get("/auth/login");
        assertThat(start.statusCode()).isEqualTo(302);
        Map<String, String> cookies = new HashMap<>(start.cookies());
        HttpResponse<Void> back = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(start.header("Location"))).build(),
                HttpResponse.BodyHandlers.discarding());
        URI callback = URI.create(back.headers().firstValue("Location").orElseThrow());
        Response done = given().redirects().follow(false).cookies(cookies).get(callback.getRawPath() + "?" + callback.getRawQuery());
        assertThat(done.statusCode()).as(done.body().asString()).isBetween(300, 399);

        assertThat(done.headers().getValues("Set-Cookie")).noneMatch(c -> c.startsWith("q_session="))
                .anySatisfy(c -> assertThat(c).startsWith("__Host-q_session=").contains("Secure").containsIgnoringCase("HttpOnly").contains("Path=/")
                        .doesNotContain("Domain="));
        String session = done.cookie("__Host-q_session");
        given().cookie("__Host-q_session", session).get("/auth/session").then().statusCode(200)
                .body("userDid", equalTo(FakeIdentityProvider.USER));
        // a plain q_session (which a sibling host could plant) is not a session
        given().header("X-Requested-With", "JavaScript").cookie("q_session", session).get("/api/usage/overview").then().statusCode(401);
    }
}
