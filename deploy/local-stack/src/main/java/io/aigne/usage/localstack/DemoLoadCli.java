package io.aigne.usage.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigne.usage.events.ModelCallJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Loads the demo data set ({@link DemoData}) into a running system through the ingest API, with a
 * client-credentials token of an OIDC provider: the demo Job of deploy/k8s/overlays/local, image
 * {@code aigne/demo-load} (src/main/docker/Dockerfile.jvm, deploy/build-images.sh). Idempotent:
 * the events' ids are deterministic, so a second run stores nothing twice.
 *
 * <p>Environment: {@value #INGEST_URL} (the aggregator, e.g. {@code http://stats-aggregator:8081}),
 * {@value #TOKEN_URL} (the provider's token endpoint), {@value #CLIENT_ID} and {@value #CLIENT_SECRET}
 * (a confidential client whose tokens carry the {@code ingest} role, the services' audience and a
 * user claim). Until the provider and the aggregator answer, it retries for {@link #PATIENCE}.
 */
public final class DemoLoadCli {
    public static final String INGEST_URL = "USAGE_INGEST_URL";
    public static final String TOKEN_URL = "USAGE_OIDC_TOKEN_URL";
    public static final String CLIENT_ID = "USAGE_OIDC_CLIENT_ID";
    public static final String CLIENT_SECRET = "USAGE_OIDC_CLIENT_SECRET";
    /** How long to wait for the provider and the aggregator to come up (a fresh dev cluster starts everything at once). */
    static final Duration PATIENCE = Duration.ofMinutes(15);

    private DemoLoadCli() {
    }

    public static void main(String[] args) throws InterruptedException {
        String ingestUrl = required(INGEST_URL);
        String tokenUrl = required(TOKEN_URL);
        String clientId = required(CLIENT_ID);
        String clientSecret = required(CLIENT_SECRET);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        for (int attempt = 1; ; attempt++) {
            try {
                load(ingestUrl, clientCredentialsToken(tokenUrl, clientId, clientSecret));
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    System.err.println("[demo-load] giving up: " + e.getMessage());
                    System.exit(1);
                }
                System.out.println("[demo-load] attempt " + attempt + " failed (" + e.getMessage() + "); again in 10 s");
                Thread.sleep(10_000);
            }
        }
    }

    /** Every event and project name of the data set, for the clock's current reading. */
    private static void load(String ingestUrl, String token) {
        long now = Instant.now().getEpochSecond();
        IngestClient ingest = new IngestClient(ingestUrl.replaceAll("/+$", ""), token);
        var events = DemoData.events(now);
        System.out.println("[demo-load] sending " + events.size() + " demo events to " + ingestUrl);
        int accepted = ingest.send(events);
        DemoData.PROFILES.forEach(ingest::putProject);
        System.out.println("[demo-load] " + accepted + " events accepted, " + DemoData.PROFILES.size() + " projects named");
    }

    /** OAuth 2.0 client credentials grant (RFC 6749 section 4.4), the client authenticated with HTTP Basic. */
    static String clientCredentialsToken(String tokenUrl, String clientId, String clientSecret) {
        String basic = java.util.Base64.getEncoder().encodeToString((form(clientId) + ":" + form(clientSecret))
                .getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                    HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Basic " + basic)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("token endpoint answered " + r.statusCode() + ": " + r.body());
            }
            JsonNode token = ModelCallJson.MAPPER.readTree(r.body()).path("access_token");
            if (!token.isTextual()) {
                throw new IllegalStateException("token endpoint answered without access_token");
            }
            return token.asText();
        } catch (IOException e) {
            throw new IllegalStateException("token endpoint " + tokenUrl + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Client id and secret are form-encoded before Basic (RFC 6749 section 2.3.1). */
    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            System.err.println("[demo-load] " + name + " is not set");
            System.exit(2);
        }
        return value;
    }
}
