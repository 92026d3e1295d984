package io.aigne.usage.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.aigne.usage.localstack.EmbeddedPostgresServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The production sign-in end to end over HTTP: code flow, server-side tokens, the gateway passing them on. */
@QuarkusTest
@TestProfile(OidcProfile.class)
class OidcSignInTest {

    @Test
    void codeFlowKeepsTokensServerSideAndTheGatewayPassesTheAccessTokenOn() throws Exception {
        // 1. a signed-out browser asking to sign in is sent to the provider
        Response start = given().redirects().follow(false).get("/auth/login");
        assertThat(start.statusCode()).isEqualTo(302);
        String authorize = start.header("Location");
        assertThat(authorize).contains("/authorize?").contains("client_id=" + FakeIdentityProvider.CLIENT_ID);
        Map<String, String> cookies = new HashMap<>(start.cookies());

        // 2. the provider signs the user in and sends the browser back with a code
        HttpResponse<Void> back = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(authorize)).build(),
                HttpResponse.BodyHandlers.discarding());
        String callback = back.headers().firstValue("Location").orElseThrow();

        // 3. usage-web exchanges the code and starts a session, then lands on the Dashboard
        Response done = given().redirects().follow(false).cookies(cookies).get(URI.create(callback).getRawPath() + "?"
                + URI.create(callback).getRawQuery());
        assertThat(done.statusCode()).as(done.body().asString()).isBetween(300, 399);
        cookies.putAll(done.cookies());
        String session = cookies.get("q_session");
        assertThat(session).as("session cookie").isNotBlank();
        String accessToken = FakeIdentityProvider.LAST_ACCESS_TOKEN.get();
        assertThat(session).doesNotContain(accessToken.substring(0, 20)).hasSizeLessThan(100);
        Response landing = given().redirects().follow(false).cookies(cookies).get("/auth/login");
        assertThat(landing.statusCode()).isEqualTo(303);
        assertThat(landing.header("Location")).endsWith("/usage/dashboard");

        given().cookies(cookies).get("/auth/session").then().statusCode(200)
                .body("userDid", equalTo(FakeIdentityProvider.USER)).body("mode", equalTo("oidc"));
        try (var db = DriverManager.getConnection(WebTestResource.postgres.jdbcUrl(), EmbeddedPostgresServer.USER, "postgres");
                var ps = db.prepareStatement("SELECT access_token FROM web_sessions WHERE user_did IS NULL")) {
            ResultSet rs = ps.executeQuery();
            java.util.List<String> stored = new java.util.ArrayList<>();
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
            // kept in PostgreSQL, and encrypted by quarkus-oidc (JWE) before they get there
            assertThat(stored).as("the tokens are kept in PostgreSQL").singleElement()
                    .satisfies(t -> assertThat(t).isNotEqualTo(accessToken).doesNotContain(accessToken.split("\\.")[1]))
                    .satisfies(t -> assertThat(t.split("\\.")).hasSize(5));
        }

        // 4. the gateway passes exactly the provider's access token on
        WebTestResource.SEEN.clear();
        given().cookies(cookies).get("/api/usage/trends?timeRange=7").then().statusCode(200).body("answeredBy", equalTo("query"));
        assertThat(WebTestResource.SEEN).singleElement().satisfies(s -> assertThat(s.authorization()).isEqualTo("Bearer " + accessToken));

        // 5. a token the service refuses ends the session: the next call needs a new sign-in, no loop
        given().cookies(cookies).get("/api/usage/projects/expired/stats").then().statusCode(401);
        given().cookies(cookies).header("X-Requested-With", "JavaScript").get("/api/usage/trends")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(401), equalTo(499)));

        // 6. the pages' script gets a 401 instead of a redirect when not signed in; demo sign-in is off
        given().header("X-Requested-With", "JavaScript").get("/api/usage/overview").then().statusCode(401);
        given().get("/auth/config").then().statusCode(200).body("mode", equalTo("oidc")).body("demoUsers.size()", equalTo(0));
        given().header("X-Requested-With", "JavaScript").contentType("application/json").body("{\"userDid\":\"did:abt:demo-alice\"}")
                .post("/auth/demo").then().statusCode(404);
    }
}
