package io.aigne.usage.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.Topics;
import io.aigne.usage.localstack.FreePorts;
import io.aigne.usage.localstack.IngestClient;
import io.aigne.usage.localstack.ServiceProcess;
import io.aigne.usage.localstack.WebhookReceiver;
import io.aigne.usage.testkit.AggregatorFleet;
import io.aigne.usage.testkit.LocalInfra;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Alerts end to end on the real broker: calls through ingest → aggregator (running snapshots,
 * decision 0009) → usage-alerts-service → a notification, measured against the 2-minute bound;
 * then {@code kill -9} of the alerts service mid-episode with its stored offsets wiped (every stat
 * event replayed), and the episode still opened once and resolved once — each change one signed
 * webhook at a receiver on this machine.
 */
class AlertLatencyIT {
    private static final Duration BOUND = Duration.ofMinutes(2);
    /** A webhook the killed instance had claimed is sent again once its lease (DeliveryWorker.LEASE, 60 s) ends. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String user = "did:abt:alerts-" + UUID.randomUUID();
    private final String app = "did:app:alerts-" + UUID.randomUUID();
    private int seq;

    private ObjectNode call(boolean failed) {
        return call(failed, failed ? BigDecimal.ZERO : new BigDecimal("0.01"));
    }

    private ObjectNode call(boolean failed, BigDecimal credits) {
        ObjectNode e = ModelCallJson.MAPPER.createObjectNode();
        e.put("id", "alert-it-" + UUID.randomUUID());
        e.put("userDid", user);
        e.put("appDid", app);
        e.put("model", "gpt-4o");
        e.put("providerId", "openai");
        e.put("type", "chatCompletion");
        e.put("status", failed ? "failed" : "success");
        e.put("durationMs", 200 + (seq++ % 50));
        e.put("totalUsage", failed ? 0 : 100);
        e.put("credits", credits);
        e.put("callTime", Instant.now().getEpochSecond());
        e.put("schemaVersion", 1);
        return e;
    }

    private List<ObjectNode> calls(int success, int failed) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < success + failed; i++) {
            out.add(call(i < failed));
        }
        return out;
    }

    private JsonNode api(ServiceProcess alerts, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(alerts.baseUrl() + path))
                .header("Authorization", "Bearer " + LocalInfra.testTokens().mint(user, List.of()))
                .header("Content-Type", "application/json");
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isBetween(200, 299);
        return r.body().isEmpty() ? null : ModelCallJson.MAPPER.readTree(r.body());
    }

    private List<String> events(ServiceProcess alerts) throws Exception {
        List<String> out = new ArrayList<>();
        JsonNode page = api(alerts, "GET", "/api/usage/alerts/notifications?pageSize=100", null);
        page.get("items").forEach(n -> out.add(0, n.get("event").asText())); // newest first in the answer
        return out;
    }

    private List<String> awaitEvents(ServiceProcess alerts, int count, Duration within) {
        return Awaitility.await(count + " notifications for " + user).atMost(within).pollInterval(Duration.ofMillis(250))
                .until(() -> events(alerts), e -> e.size() >= count);
    }

    /** Waits until the alerts service stored offsets at the end of both stat topics (a replay is complete). */
    private static void awaitReplayed(AggregatorFleet fleet) throws Exception {
        Map<String, Long> ends = new HashMap<>();
        try (var admin = LocalInfra.get().kafka().admin()) {
            for (String topic : List.of(Topics.MODEL_CALL_STATS, Topics.MODEL_CALL_STATS_LIVE)) {
                var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions();
                Map<TopicPartition, OffsetSpec> request = new HashMap<>();
                partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> {
                    if (info.offset() > 0) {
                        ends.put(tp.topic() + "-" + tp.partition(), info.offset());
                    }
                });
            }
        }
        Awaitility.await("the alerts service replays to " + ends).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Map<String, Long> stored = new HashMap<>();
                    try (Connection c = fleet.connect(); Statement st = c.createStatement();
                            var rs = st.executeQuery("SELECT topic, partition, next_offset FROM alert_offsets")) {
                        while (rs.next()) {
                            stored.put(rs.getString(1) + "-" + rs.getInt(2), rs.getLong(3));
                        }
                    }
                    return ends.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
                });
    }

    private static ServiceProcess restartAfterKill(ServiceProcess alerts, AggregatorFleet fleet, Map<String, String> env, Path repo,
            Path logs, boolean wipeOffsets) throws Exception {
        alerts.kill();
        if (wipeOffsets) {
            try (Connection c = fleet.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM alert_offsets"); // every stat event on the topics comes again
            }
        }
        return ServiceProcess.start(repo, "usage-alerts-service", FreePorts.find(), env, logs, "256m").awaitReady(Duration.ofSeconds(90));
    }

    private static Path repo() {
        return Path.of(System.getProperty("usage.repo.root", "..")).toAbsolutePath().normalize();
    }

    private static Path logs() throws java.io.IOException {
        return Files.createDirectories(Path.of("target/service-logs").toAbsolutePath());
    }

    @Test
    void anAlertFiresWithinTwoMinutesAndSurvivesKillMinus9WithEveryEventReplayed() throws Exception {
        try (AggregatorFleet fleet = new AggregatorFleet()) {
            ServiceProcess aggregator = fleet.start(); // running snapshots every 20 s: the default
            Map<String, String> env = new HashMap<>(fleet.env());
            env.put("USAGE_ALERTS_GROUP", "alerts-" + UUID.randomUUID());
            env.put("USAGE_ALERTS_TICK", "5s");
            env.put("USAGE_ALERTS_WEBHOOK_ALLOW", "127.0.0.1/32"); // the receiver below
            Path repo = repo();
            Path logs = logs();
            ServiceProcess alerts = ServiceProcess.start(repo, "usage-alerts-service", FreePorts.find(), env, logs, "256m")
                    .awaitReady(Duration.ofSeconds(90));
            int hookPort = FreePorts.find();
            WebhookReceiver receiver = null;
            try {
                JsonNode rule = api(alerts, "POST", "/api/usage/alerts/rules", """
                        {"name": "errors", "kind": "errorRate", "appDid": "%s", "threshold": 10, "windowHours": 1, "minCalls": 20,
                         "cooldownMinutes": 0, "webhookUrl": "http://127.0.0.1:%d/hook"}""".formatted(app, hookPort));
                receiver = WebhookReceiver.start(hookPort, rule.get("webhookSecret").asText());
                IngestClient ingest = new IngestClient(aggregator.baseUrl(), LocalInfra.testTokens().mint("did:gateway", List.of("ingest")));

                Instant sent = Instant.now();
                assertThat(ingest.send(calls(30, 10))).isEqualTo(40); // 25 % failed
                assertThat(awaitEvents(alerts, 1, BOUND)).containsExactly("opened");
                Duration latency = Duration.between(sent, Instant.now());
                System.out.printf("%nAlert latency (ingest accepted -> notification listed): %.1f s; bound %d s%n%n",
                        latency.toMillis() / 1000.0, BOUND.toSeconds());

                // kill -9 mid-episode, every stat event replayed: the episode is still the one
                alerts = restartAfterKill(alerts, fleet, env, repo, logs, true);
                awaitReplayed(fleet);
                assertThat(events(alerts)).containsExactly("opened");
                WebhookReceiver hooks = receiver;
                List<WebhookReceiver.Received> opened = Awaitility.await("the opening's webhook").atMost(AFTER_KILL)
                        .until(hooks::deliveries, d -> !d.isEmpty());
                assertThat(opened.get(0).signature()).isEqualTo("valid");
                assertThat(ModelCallJson.MAPPER.readTree(opened.get(0).body()).get("event").asText()).isEqualTo("opened");

                assertThat(ingest.send(calls(400, 0))).isEqualTo(400); // 10 of 440 failed: 2.3 %
                assertThat(awaitEvents(alerts, 2, BOUND)).containsExactly("opened", "resolved");

                alerts = restartAfterKill(alerts, fleet, env, repo, logs, true);
                awaitReplayed(fleet);
                Thread.sleep(6_000); // a tick after the replay decides nothing new either
                assertThat(events(alerts)).containsExactly("opened", "resolved");
                // one webhook per notification, each signed; retries would repeat an id, a replay would add one
                List<WebhookReceiver.Received> all = Awaitility.await("the resolve's webhook").atMost(AFTER_KILL)
                        .until(hooks::deliveries, d -> d.stream().map(WebhookReceiver.Received::deliveryId).distinct().count() >= 2);
                assertThat(all.stream().map(WebhookReceiver.Received::deliveryId).distinct()).hasSize(2);
                assertThat(all).allMatch(d -> d.signature().equals("valid"));
            } finally {
                alerts.close();
                if (receiver != null) {
                    receiver.close();
                }
            }
        }
    }

    /**
     * A credits rule from the real quota gateway in ledger mode: the calls are debited by the
     * ledger (a consumer group of its own), the alerts service reads the quota as an admin and the
     * rule opens when the remaining credits fall below the floor (10 granted − 10 × 0.6 = 4 < 5).
     */
    @Test
    void aCreditsRuleFiresFromTheLedgerThroughTheQuotaGateway() throws Exception {
        try (AggregatorFleet fleet = new AggregatorFleet()) {
            ServiceProcess aggregator = fleet.start();
            Map<String, String> quotaEnv = new HashMap<>(fleet.env());
            quotaEnv.put("MP_MESSAGING_INCOMING_LEDGER_MODEL_CALLS_GROUP_ID", "ledger-" + UUID.randomUUID());
            ServiceProcess quota = ServiceProcess.start(repo(), "quota-gateway-service", FreePorts.find(), quotaEnv, logs(), "256m");
            ServiceProcess alerts = null;
            try {
                quota.awaitReady(Duration.ofSeconds(90));
                Map<String, String> env = new HashMap<>(fleet.env());
                env.put("USAGE_ALERTS_GROUP", "alerts-" + UUID.randomUUID());
                env.put("USAGE_QUOTA_URL", quota.baseUrl());
                env.put("USAGE_ALERTS_QUOTA_TOKEN", LocalInfra.testTokens().mint("did:alerts-poller", List.of("admin"), Duration.ofDays(1)));
                env.put("USAGE_ALERTS_QUOTA_EVERY", "2s");
                alerts = ServiceProcess.start(repo(), "usage-alerts-service", FreePorts.find(), env, logs(), "256m")
                        .awaitReady(Duration.ofSeconds(90));
                HttpResponse<String> grant = HTTP.send(HttpRequest.newBuilder(URI.create(quota.baseUrl() + "/api/admin/credits/grants"))
                        .header("Authorization", "Bearer " + LocalInfra.testTokens().mint("did:ops", List.of("admin")))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"userDid\":\"" + user
                                + "\",\"amount\":10,\"category\":\"paid\",\"name\":\"test\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(grant.statusCode()).as(grant.body()).isBetween(200, 299);
                api(alerts, "POST", "/api/usage/alerts/rules", "{\"name\": \"low\", \"kind\": \"creditsBelow\", \"threshold\": 5}");
                Thread.sleep(5_000); // a poll sees the full balance first: not below, nothing opens
                assertThat(events(alerts)).isEmpty();

                List<ObjectNode> spend = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    spend.add(call(false, new BigDecimal("0.6")));
                }
                new IngestClient(aggregator.baseUrl(), LocalInfra.testTokens().mint("did:gateway", List.of("ingest"))).send(spend);
                assertThat(awaitEvents(alerts, 1, BOUND)).containsExactly("opened");
                JsonNode n = api(alerts, "GET", "/api/usage/alerts/notifications", null).get("items").get(0);
                assertThat(n.get("value").decimalValue()).isEqualByComparingTo("4");
                assertThat(n.get("message").asText()).contains("Credits remaining 4").contains("below 5");
            } finally {
                if (alerts != null) {
                    alerts.close();
                }
                quota.close();
            }
        }
    }
}
