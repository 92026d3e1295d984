package io.aigne.usage.web;

import static io.aigne.usage.web.WebGatewayTest.signIn;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.aigne.usage.web.WebTestResource.Seen;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CSV downloads go through the gateway as they are written: the first row reaches the browser
 * while the service still holds back the rest, the service may take longer than the upstream
 * timeout once its headers are sent, and the file name and row count come along.
 */
@QuarkusTest
@QuarkusTestResource(WebTestResource.class)
class GatewayDownloadTest {
    private static final String ALICE = "did:abt:demo-alice";

    @BeforeEach
    void forgetRequests() {
        WebTestResource.SEEN.clear();
    }

    @AfterEach
    void openTheGate() {
        WebTestResource.downloadGate.countDown();
    }

    @Test
    void passesADownloadOnWhileItIsWrittenWithItsHeaders() throws Exception {
        String cookie = signIn(ALICE);
        CountDownLatch gate = new CountDownLatch(1);
        WebTestResource.downloadGate = gate;
        HttpRequest request = HttpRequest.newBuilder(URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port
                        + "/api/usage/projects/did:app:x/calls/export?timeRange=7&model=a&model=b&search=x&page=2&debug=1"))
                .header("Cookie", "usage_session=" + cookie).header("Accept", "text/csv").build();
        HttpResponse<InputStream> answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
        assertThat(answer.headers().firstValue("Content-Disposition")).hasValue("attachment; filename=\"calls-did_app_x-20261130.csv\"");
        assertThat(answer.headers().firstValue("X-Total-Count")).hasValue("3");
        assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (InputStream in = answer.body()) {
            byte[] buffer = new byte[1024];
            // the head arrives while the service waits for the gate: nothing was buffered whole
            while (!received.toString(StandardCharsets.UTF_8).equals(WebTestResource.DOWNLOAD_HEAD)) {
                int n = in.read(buffer);
                assertThat(n).as("the stream ended before the first row").isPositive();
                received.write(buffer, 0, n);
            }
            assertThat(gate.getCount()).isEqualTo(1);
            long opened = System.nanoTime();
            gate.countDown();
            in.transferTo(received);
            // the rest came after more than the 2 s upstream timeout: that bounds the headers only
            assertThat((System.nanoTime() - opened) / 1_000_000).isGreaterThan(2_000);
        }
        assertThat(received.toString(StandardCharsets.UTF_8)).isEqualTo(WebTestResource.DOWNLOAD_HEAD + WebTestResource.DOWNLOAD_TAIL);
        // the repeated model reaches the service as the browser sent it; page and unknown names do not
        assertThat(WebTestResource.SEEN).extracting(Seen::pathAndQuery)
                .containsExactly("/api/usage/projects/did:app:x/calls/export?timeRange=7&model=a&model=b&search=x");
    }

    @Test
    void theProjectExportAndTheSampleAreRoutedWithTheirParameters() {
        String cookie = signIn(ALICE);
        given().urlEncodingEnabled(false).cookie("usage_session", cookie)
                .get("/api/usage/projects/did:app:x/calls/sample?startTime=1&endTime=2&model=a&model=b&limit=50&page=3")
                .then().statusCode(200).body("answeredBy", equalTo("query"));
        given().urlEncodingEnabled(false).cookie("usage_session", cookie)
                .get("/api/usage/projects/did:app:x/calls?model=a&model=b&type=chatCompletion&minDuration=1500.5&charged=true"
                        + "&search=req-%25&status=failed&sort=duration&page=2&pageSize=50&limit=9")
                .then().statusCode(200);
        given().urlEncodingEnabled(false).cookie("usage_session", cookie).get("/api/usage/projects/export?timeRange=30&q=chat&sort=credits&page=2")
                .then().statusCode(200).contentType("text/csv").header("X-Total-Count", "3")
                .body(equalTo(WebTestResource.DOWNLOAD_HEAD + WebTestResource.DOWNLOAD_TAIL));
        assertThat(WebTestResource.SEEN).extracting(Seen::pathAndQuery).containsExactly(
                "/api/usage/projects/did:app:x/calls/sample?startTime=1&endTime=2&model=a&model=b&limit=50",
                "/api/usage/projects/did:app:x/calls?model=a&model=b&type=chatCompletion&minDuration=1500.5&charged=true"
                        + "&search=req-%25&status=failed&sort=duration&page=2&pageSize=50",
                "/api/usage/projects/export?timeRange=30&q=chat&sort=credits");
    }

    @Test
    void aDownloadsErrorsPassThroughAndSlowHeadersAreA504() {
        String cookie = signIn(ALICE);
        given().cookie("usage_session", cookie).get("/api/usage/projects/missing/calls/export")
                .then().statusCode(404).contentType("application/problem+json").body("detail", equalTo("no calls in this project"));
        given().cookie("usage_session", cookie).get("/api/usage/projects/slow/calls/export")
                .then().statusCode(504).contentType("application/problem+json");
        given().cookie("usage_session", cookie).get("/api/usage/projects/export?userDid=did:abt:demo-bob")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
