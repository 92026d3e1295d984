package io.aigne.usage.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.aigne.usage.events.ModelCallJson;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Posts events to {@code POST /api/ingest/model-calls} in batches of at most 1000. */
public final class IngestClient {
    public static final int BATCH = 1000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String token;

    public IngestClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Sends everything; returns the number accepted. Fails on any non-202 answer or rejected event. */
    public int send(List<? extends JsonNode> events) {
        int accepted = 0;
        for (int from = 0; from < events.size(); from += BATCH) {
            ArrayNode batch = ModelCallJson.MAPPER.createArrayNode();
            events.subList(from, Math.min(events.size(), from + BATCH)).forEach(batch::add);
            JsonNode answer = post(batch.toString());
            if (!answer.path("rejected").isEmpty()) {
                throw new IllegalStateException("events rejected: " + answer.path("rejected"));
            }
            accepted += answer.path("accepted").asInt();
        }
        return accepted;
    }

    /** PUT /api/ingest/projects/{appDid}: names a demo project (idempotent). */
    public void putProject(DemoData.DemoProfile p) {
        var body = ModelCallJson.MAPPER.createObjectNode().put("name", p.name()).put("logoUrl", p.logoUrl()).put("appUrl", p.appUrl());
        exchange(HttpRequest.newBuilder(URI.create(baseUrl + "/api/ingest/projects/" + URLEncoder.encode(p.appDid(), StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofString(body.toString())), 200, "project profile");
    }

    private JsonNode post(String body) {
        String answer = exchange(HttpRequest.newBuilder(URI.create(baseUrl + "/api/ingest/model-calls"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)), 202, "ingest");
        try {
            return ModelCallJson.MAPPER.readTree(answer);
        } catch (IOException e) {
            throw new IllegalStateException("ingest answered no JSON: " + answer, e);
        }
    }

    /** Sends one JSON request with the token; the answer's body, or a failure naming {@code what}. */
    private String exchange(HttpRequest.Builder request, int expectedStatus, String what) {
        try {
            HttpResponse<String> r = http.send(request.header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expectedStatus) {
                throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(what + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
