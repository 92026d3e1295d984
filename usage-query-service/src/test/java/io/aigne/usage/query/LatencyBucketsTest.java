package io.aigne.usage.query;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The query p95 alert and dashboard panel need histogram buckets on the HTTP timer (LatencyBuckets). */
@QuarkusTest
class LatencyBucketsTest {

    @Test
    void theHttpTimerHasTheFixedBucketsPrometheusComputesThePercentileFrom() {
        given().get("/api/usage/overview"); // any answer (401 here) is timed
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("http_server_requests_seconds_bucket{");
        for (String le : new String[] {"0.025", "0.25", "2.5", "10.0", "+Inf"}) {
            assertThat(metrics).as("bucket le=%s", le).containsPattern("http_server_requests_seconds_bucket\\{[^}]*le=\"" + java.util.regex.Pattern.quote(le) + "\"");
        }
    }
}
