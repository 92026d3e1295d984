package io.aigne.usage.quota;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.aigne.usage.testkit.QuarkusTokenResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(QuarkusTokenResource.class)
class HealthTest {

    @Test
    void reportsLiveAndReady() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
