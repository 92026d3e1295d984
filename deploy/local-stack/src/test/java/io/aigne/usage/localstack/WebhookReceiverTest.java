package io.aigne.usage.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {
    private final HttpClient http = HttpClient.newHttpClient();

    static String sign(String secret, long ts, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v1=" + HexFormat.of().formatHex(mac.doFinal((ts + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    HttpResponse<String> post(WebhookReceiver r, String id, long ts, String signature, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + "/hook"))
                .header("Content-Type", "application/json").header("X-Aigne-Delivery", id)
                .header("X-Aigne-Timestamp", Long.toString(ts)).header("X-Aigne-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String get(WebhookReceiver r, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void recordsAndChecksSignatures() throws Exception {
        String body = "{\"ruleName\":\"chatbot <errors>\",\"event\":\"opened\",\"message\":\"Error rate 7.5 % ≥ 5 %\"}";
        long now = Instant.now().getEpochSecond();
        try (WebhookReceiver r = WebhookReceiver.start(0, "whsec_demo")) {
            assertThat(post(r, "d-1", now, sign("whsec_demo", now, body), body).statusCode()).isEqualTo(200);
            post(r, "d-1", now + 1, sign("whsec_demo", now + 1, body), body);                 // a retry
            post(r, "d-2", now, sign("whsec_other", now, body), body);                         // wrong secret
            post(r, "d-3", now - 600, sign("whsec_demo", now - 600, body), body);             // too old
            JsonNode list = new ObjectMapper().readTree(get(r, "/deliveries"));
            assertThat(list).hasSize(4);
            assertThat(list.get(0).get("deliveryId").asText()).isEqualTo("d-3");
            assertThat(list.get(0).get("signature").asText()).isEqualTo("stale");
            assertThat(list.get(1).get("signature").asText()).isEqualTo("invalid");
            assertThat(list.get(2).get("signature").asText()).isEqualTo("valid");
            assertThat(list.get(2).get("seen").asInt()).isEqualTo(2);
            assertThat(list.get(3).get("signature").asText()).isEqualTo("valid");
            assertThat(list.get(3).get("body").asText()).isEqualTo(body);
            assertThat(list.get(3).get("headers").get("x-aigne-delivery").asText()).isEqualTo("d-1");
            String page = get(r, "/");
            assertThat(page).contains("4 POSTs received", "chatbot &lt;errors&gt; · opened · Error rate 7.5 % ≥ 5 %", "(attempt 2 here)")
                    .doesNotContain("<errors>");
            assertThat(page.indexOf("d-3")).isLessThan(page.indexOf("d-2"));
        }
    }

    @Test
    void withoutTheSecretSignaturesAreUnknown() throws Exception {
        long now = Instant.now().getEpochSecond();
        try (WebhookReceiver r = WebhookReceiver.start(0, null)) {
            post(r, "d-1", now, "v1=00", "{}");
            assertThat(r.deliveries()).singleElement().satisfies(d -> assertThat(d.signature()).isEqualTo("unknown"));
            assertThat(get(r, "/")).contains("Signatures are not checked");
        }
    }
}
