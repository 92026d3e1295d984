package io.aigne.usage.web;

import static io.aigne.usage.web.WebGatewayTest.ownOrigin;
import static io.aigne.usage.web.WebGatewayTest.signIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.aigne.usage.web.WebTestResource.Seen;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The alerts' calls through the gateway (docs/alerts.md): reads, and writes with and without a body. */
@QuarkusTest
@QuarkusTestResource(WebTestResource.class)
class AlertsGatewayTest {
    private static final String ALICE = "did:abt:demo-alice";
    private static final String RULE = "{\"name\":\"errors\",\"kind\":\"errorRate\",\"threshold\":5,\"windowHours\":1,\"minCalls\":20}";

    @BeforeEach
    void forgetRequests() {
        WebTestResource.SEEN.clear();
    }

    @Test
    void readsGoToTheAlertsServiceWithTheirParameters() {
        String cookie = signIn(ALICE);
        given().cookie("usage_session", cookie).get("/api/usage/alerts/notifications?unread=true&pageSize=10&other=1")
                .then().statusCode(200).body("answeredBy", equalTo("alerts"));
        given().cookie("usage_session", cookie).get("/api/usage/alerts/rules/9b1c/deliveries?page=2&pageSize=20")
                .then().statusCode(200).body("answeredBy", equalTo("alerts"));
        given().cookie("usage_session", cookie).get("/api/usage/alerts/episodes?state=open")
                .then().statusCode(200).body("answeredBy", equalTo("alerts"));
        assertThat(WebTestResource.SEEN).extracting(Seen::service, Seen::method, Seen::pathAndQuery).containsExactly(
                org.assertj.core.groups.Tuple.tuple("alerts", "GET", "/api/usage/alerts/notifications?unread=true&pageSize=10"),
                org.assertj.core.groups.Tuple.tuple("alerts", "GET", "/api/usage/alerts/rules/9b1c/deliveries?page=2&pageSize=20"),
                org.assertj.core.groups.Tuple.tuple("alerts", "GET", "/api/usage/alerts/episodes?state=open"));
        assertThat(WebTestResource.SEEN).allSatisfy(s -> assertThat(s.authorization()).startsWith("Bearer "));
    }

    @Test
    void creatingARulePassesItsBodyAndAnswersWithALocationOnThisSite() {
        String cookie = signIn(ALICE);
        Response created = given().cookie("usage_session", cookie).header("X-Requested-With", "JavaScript").header("Origin", ownOrigin())
                .contentType(ContentType.JSON).body(RULE).post("/api/usage/alerts/rules");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.jsonPath().getString("answeredBy")).isEqualTo("alerts");
        // the service's own host never reaches the browser
        assertThat(created.header("Location")).isEqualTo("/api/usage/alerts/rules/r-1");
        given().cookie("usage_session", cookie).header("X-Requested-With", "JavaScript").header("Origin", ownOrigin())
                .contentType(ContentType.JSON).body(RULE).put("/api/usage/alerts/rules/r-1")
                .then().statusCode(200).body("answeredBy", equalTo("alerts"));
        assertThat(WebTestResource.SEEN).extracting(Seen::method, Seen::pathAndQuery, Seen::body).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "/api/usage/alerts/rules", RULE),
                org.assertj.core.groups.Tuple.tuple("PUT", "/api/usage/alerts/rules/r-1", RULE));
    }

    @Test
    void markingReadAndDeletingPassWithoutABody() {
        String cookie = signIn(ALICE);
        given().cookie("usage_session", cookie).header("X-Requested-With", "JavaScript").header("Origin", ownOrigin())
                .post("/api/usage/alerts/notifications/42/read").then().statusCode(204);
        given().cookie("usage_session", cookie).header("X-Requested-With", "JavaScript").header("Origin", ownOrigin())
                .post("/api/usage/alerts/notifications/read-all").then().statusCode(204);
        given().cookie("usage_session", cookie).header("X-Requested-With", "JavaScript").header("Origin", ownOrigin())
                .delete("/api/usage/alerts/rules/r-1").then().statusCode(204);
        assertThat(WebTestResource.SEEN).extracting(Seen::method, Seen::pathAndQuery, Seen::body).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST", "/api/usage/alerts/notifications/42/read", ""),
                org.assertj.core.groups.Tuple.tuple("POST", "/api/usage/alerts/notifications/read-all", ""),
                org.assertj.core.groups.Tuple.tuple("DELETE", "/api/usage/alerts/rules/r-1", ""));
    }

    @Test
    void writesNeedOurPagesAndJsonAndAKnownRoute() {
        String cookie = signIn(ALICE);
        // no X-Requested-With: a cross-site form or script
        given().cookie("usage_session", cookie).contentType(ContentType.JSON).body(RULE).post("/api/usage/alerts/rules").then().statusCode(403);
        given().cookie("usage_session", cookie).delete("/api/usage/alerts/rules/r-1").then().statusCode(403);
        given().cookie("usage_session", cookie).header("X-Requested-With", "JavaScript").header("Origin", "https://evil.example.com")
                .post("/api/usage/alerts/notifications/read-all").then().statusCode(403);
        // a body that is not JSON
        given().cookie("usage_session", cookie).header("X-Requested-With", "JavaScript").header("Origin", ownOrigin())
                .contentType(ContentType.TEXT).body("name=x").post("/api/usage/alerts/rules").then().statusCode(415);
        // methods and paths the alerts service does not serve
        given().cookie("usage_session", cookie).header("X-Requested-With", "JavaScript").header("Origin", ownOrigin())
                .delete("/api/usage/alerts/rules").then().statusCode(404);
        given().cookie("usage_session", cookie).header("X-Requested-With", "JavaScript").header("Origin", ownOrigin())
                .contentType(ContentType.JSON).body("{}").post("/api/usage/overview").then().statusCode(404);
        given().cookie("usage_session", cookie).header("X-Requested-With", "JavaScript").header("Origin", ownOrigin())
                .post("/api/usage/alerts/notifications/../read").then().statusCode(404);
        // without a session nothing reaches the service
        given().header("X-Requested-With", "JavaScript").header("Origin", ownOrigin())
                .post("/api/usage/alerts/notifications/read-all").then().statusCode(401);
        assertThat(WebTestResource.SEEN).isEmpty();
    }
}
