package io.aigne.usage.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigne.usage.events.ModelCallJson;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The demo user's alert rules (once, marker file): an error-rate rule on the busiest project that
 * the demo data's 3–8 % failures trip, with a webhook to the local receiver; a monthly budget a
 * little above the last 30 days' spend; and a days-remaining rule on the starter credits.
 */
final class DemoAlerts {
    static final String WEBHOOK_RULE = "Chatbot error rate";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DemoAlerts() {
    }

    /** Creates the rules on first start; answers the webhook rule's signing secret (for the receiver). */
    static String createOnce(Path state, String alertsUrl, String queryUrl, TokenMinter tokens) throws IOException {
        String user = DemoData.USERS.get(0).userDid();
        String token = tokens.mint(user, List.of());
        Path marker = state.resolve("alerts-created");
        if (!Files.exists(marker)) {
            String chatbot = DemoData.USERS.get(0).projects().get(0);
            send("POST", alertsUrl + "/api/usage/alerts/rules", token, """
                    {"name": "%s", "kind": "errorRate", "appDid": "%s", "threshold": 2, "windowHours": 24, "minCalls": 20,
                     "webhookUrl": "http://127.0.0.1:%d/hooks/aigne"}""".formatted(WEBHOOK_RULE, chatbot, WebhookReceiver.PORT));
            BigDecimal spent30 = new BigDecimal(json(send("GET", queryUrl + "/api/usage/overview?timeRange=30", token, null))
                    .path("totalCredits").asText("0"));
            BigDecimal budget = spent30.multiply(new BigDecimal("1.1")).setScale(-1, RoundingMode.CEILING).max(BigDecimal.TEN);
            send("POST", alertsUrl + "/api/usage/alerts/rules", token, """
                    {"name": "Monthly budget", "kind": "budget", "threshold": %s, "period": "month", "notifyAt": [50, 80, 100]}"""
                    .formatted(budget.toPlainString()));
            send("POST", alertsUrl + "/api/usage/alerts/rules", token, """
                    {"name": "Credits running out", "kind": "daysBelow", "threshold": 30}""");
            Files.writeString(marker, Instant.now().toString());
            log("created 3 demo alert rules for " + user);
        }
        for (JsonNode rule : json(send("GET", alertsUrl + "/api/usage/alerts/rules", token, null)).path("items")) {
            if (WEBHOOK_RULE.equals(rule.path("name").asText())) {
                return rule.path("webhookSecret").asText(null);
            }
        }
        return null; // the user deleted the demo rule: the receiver shows signatures as unknown
    }

    /** Waits a little for the demo user's first notification, so the pages show the bell lit; never fails the start. */
    static void awaitFirst(String alertsUrl, TokenMinter tokens) {
        String token = tokens.mint(DemoData.USERS.get(0).userDid(), List.of());
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                JsonNode page = json(send("GET", alertsUrl + "/api/usage/alerts/notifications?pageSize=1", token, null));
                if (page.path("total").asLong() > 0) {
                    log("demo alert: " + page.path("items").path(0).path("message").asText());
                    return;
                }
                Thread.sleep(1_000);
            }
            log("no demo alert within 2 minutes (the alerts service keeps evaluating)");
        } catch (IOException e) {
            log("could not read the demo alerts: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String send(String method, String url, String token, String json) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
        b = json == null ? b.GET() : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IOException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static JsonNode json(String body) throws IOException {
        return ModelCallJson.MAPPER.readTree(body);
    }

    private static void log(String message) {
        System.out.println("[local-stack] " + message);
    }
}
