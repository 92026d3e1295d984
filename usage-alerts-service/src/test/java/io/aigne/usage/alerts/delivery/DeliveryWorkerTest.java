package io.aigne.usage.alerts.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agroal.api.AgroalDataSource;
import io.aigne.usage.testkit.QuarkusInfraResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The delivery worker against a real HTTP receiver on 127.0.0.1 (allowed in this profile) and the
 * real database: rows written as the episode store writes them, the scheduled worker sends, retries
 * after the (shortened) backoff, logs every attempt, and the signature verifies with the Node
 * snippet printed in docs/alerts.md.
 */
@QuarkusTest
@TestProfile(DeliveryWorkerTest.ShortBackoff.class)
@QuarkusTestResource(value = QuarkusInfraResource.class, restrictToAnnotatedClass = false)
class DeliveryWorkerTest {
    public static class ShortBackoff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("usage.alerts.webhook.allow", "127.0.0.1/32",
                    "usage.alerts.webhook.backoff", "1s,1s,1s",
                    "usage.alerts.webhook.every", "1s",
                    "usage.alerts.webhook.timeout", "2s");
        }
    }

    record Received(String path, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static HttpServer receiver;
    static final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    static final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Inject
    DeliveryLog log;

    /** /flaky answers 500 twice, then 200; /down always 500; /slow answers after the timeout. */
    @BeforeAll
    static void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", DeliveryWorkerTest::receive);
        receiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.stop(0);
    }

    static void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, headers, body));
            int n = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            int status = switch (path) {
                case "/flaky" -> n <= 2 ? 500 : 200;
                case "/slow" -> {
                    try {
                        Thread.sleep(3_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    yield 200;
                }
                default -> path.startsWith("/down") ? 500 : 200;
            };
            byte[] answer = (status == 500 ? "not now (" + n + ")" : "ok").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (IOException e) {
            // the worker hung up (timeout)
        }
    }

    static String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    /** A rule, its notification and a pending delivery, as EpisodeStore writes them; the delivery's id. */
    UUID outbox(UUID rule, String user, String url, String secret, long nextAttemptAt) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        UUID delivery = UUID.randomUUID();
        long episode = Math.abs(new java.util.Random().nextLong() % 1_000_000_000L) + 1_000_000_000L;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO alert_rules (id, user_did, name, kind, enabled, app_did, threshold, window_hours, min_calls,
                        cooldown_minutes, webhook_url, webhook_secret, created_at, updated_at)
                    VALUES (?, ?, 'chatbot errors', 'errorRate', true, 'did:app:alice-chatbot', 5, 1, 20, 10, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING""")) {
                ps.setObject(1, rule);
                ps.setString(2, user);
                ps.setString(3, url);
                ps.setString(4, secret);
                ps.setLong(5, now);
                ps.setLong(6, now);
                ps.executeUpdate();
            }
            long notification;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO alert_notifications (user_did, rule_id, episode_id, event, at, body)
                    VALUES (?, ?, ?, 'opened', ?, ?::jsonb) RETURNING id""")) {
                ps.setString(1, user);
                ps.setObject(2, rule);
                ps.setLong(3, episode);
                ps.setLong(4, now);
                ps.setString(5, JSON.writeValueAsString(Map.of("ruleId", rule.toString(), "ruleName", "chatbot errors",
                        "kind", "errorRate", "event", "opened", "at", now, "value", 7.5, "threshold", 5,
                        "appDid", "did:app:alice-chatbot",
                        "message", "Error rate 7.5 % over the last 1 h (120 calls) is above 5 % — 错误率 ≥ 5 %")));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    notification = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO alert_deliveries (id, notification_id, rule_id, user_did, url, state, attempts, next_attempt_at, created_at)
                    VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)""")) {
                ps.setObject(1, delivery);
                ps.setLong(2, notification);
                ps.setObject(3, rule);
                ps.setString(4, user);
                ps.setString(5, url);
                ps.setLong(6, nextAttemptAt);
                ps.setLong(7, now);
                ps.executeUpdate();
            }
        }
        return delivery;
    }

    String state(UUID delivery) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT state FROM alert_deliveries WHERE id = ?")) {
            ps.setObject(1, delivery);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    long count(String sql, UUID id) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    double counter(String outcome) {
        var c = registry.find("usage.alerts.webhook.deliveries").tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }

    static void await(Duration limit, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", limit).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    BooleanSupplier stateIs(UUID delivery, String expected) {
        return () -> {
            try {
                return expected.equals(state(delivery));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void retriesUntilDeliveredAndTheDocsSnippetVerifiesEverySignature() throws Exception {
        double deliveredBefore = counter("delivered");
        double retriedBefore = counter("retried");
        UUID rule = UUID.randomUUID();
        String user = "did:abt:webhook-" + rule;
        String secret = "whsec_" + UUID.randomUUID().toString().replace("-", "");
        long now = System.currentTimeMillis() / 1000;
        UUID delivery = outbox(rule, user, url("/flaky"), secret, now);

        await(Duration.ofSeconds(40), stateIs(delivery, "delivered"));

        // the receiver got three POSTs of the same delivery, the same body, each signed afresh
        List<Received> posts = received.stream().filter(r -> r.path().equals("/flaky")).toList();
        assertThat(posts).hasSize(3);
        String body = posts.get(0).text();
        for (Received post : posts) {
            assertThat(post.header("X-Aigne-Delivery")).isEqualTo(delivery.toString());
            assertThat(post.header("Content-Type")).isEqualTo("application/json");
            assertThat(post.header("Host")).isEqualTo("127.0.0.1:" + receiver.getAddress().getPort());
            assertThat(post.text()).isEqualTo(body);
            assertThat(Long.parseLong(post.header("X-Aigne-Timestamp"))).isBetween(now - 5, System.currentTimeMillis() / 1000);
            assertThat(verifyWithDocsSnippet(secret, post.headers(), post.body())).as("docs snippet on attempt").isTrue();
        }
        assertThat(Long.parseLong(posts.get(2).header("X-Aigne-Timestamp")))
                .isGreaterThan(Long.parseLong(posts.get(0).header("X-Aigne-Timestamp")));
        // and refuses what it should
        Received first = posts.get(0);
        assertThat(verifyWithDocsSnippet("whsec_wrong", first.headers(), first.body())).isFalse();
        assertThat(verifyWithDocsSnippet(secret, first.headers(), first.text().replace("7.5", "7.6").getBytes(StandardCharsets.UTF_8)))
                .isFalse();
        Map<String, String> stale = new TreeMap<>(first.headers());
        long oldTs = Long.parseLong(first.header("X-Aigne-Timestamp")) - 600;
        stale.put("x-aigne-timestamp", Long.toString(oldTs));
        stale.put("x-aigne-signature", WebhookSigner.signature(secret, oldTs, first.text()));
        assertThat(verifyWithDocsSnippet(secret, stale, first.body())).as("ten minutes old").isFalse();

        // the notification as the API shows it, plus userDid and episodeId
        JsonNode json = JSON.readTree(body);
        assertThat(json.get("userDid").asText()).isEqualTo(user);
        assertThat(json.get("episodeId").isIntegralNumber()).isTrue();
        assertThat(json.get("ruleId").asText()).isEqualTo(rule.toString());
        assertThat(json.get("value").decimalValue()).isEqualByComparingTo("7.5");
        assertThat(json.get("message").asText()).endsWith("错误率 ≥ 5 %");

        // the log: one delivery, three attempts newest first
        DeliveryLog.Page page = log.deliveries(rule, 1, 20);
        assertThat(page.total()).isEqualTo(1);
        DeliveryLog.Delivery d = page.items().get(0);
        assertThat(d.id()).isEqualTo(delivery);
        assertThat(d.state()).isEqualTo("delivered");
        assertThat(d.event()).isEqualTo("opened");
        assertThat(d.url()).isEqualTo(url("/flaky"));
        assertThat(d.nextAttemptAt()).isNull();
        assertThat(d.attempts()).extracting(DeliveryLog.Attempt::attempt).containsExactly(3, 2, 1);
        assertThat(d.attempts()).extracting(DeliveryLog.Attempt::status).containsExactly(200, 500, 500);
        assertThat(d.attempts()).extracting(DeliveryLog.Attempt::error).containsExactly(null, "HTTP 500: not now (2)",
                "HTTP 500: not now (1)");
        assertThat(d.attempts()).allSatisfy(a -> assertThat(a.durationMs()).isBetween(0, 2_000));
        // each retry waited its backoff (1 s here)
        assertThat(d.attempts().get(0).at()).isGreaterThan(d.attempts().get(1).at());
        assertThat(d.attempts().get(1).at()).isGreaterThan(d.attempts().get(2).at());

        assertThat(counter("delivered") - deliveredBefore).isGreaterThanOrEqualTo(1);
        assertThat(counter("retried") - retriedBefore).isGreaterThanOrEqualTo(2);
    }

    @Test
    void givesUpAfterTheLastBackoff() throws Exception {
        double failedBefore = counter("failed");
        UUID rule = UUID.randomUUID();
        String user = "did:abt:webhook-" + rule;
        long now = System.currentTimeMillis() / 1000;
        UUID down = outbox(rule, user, url("/down/" + rule), "whsec_d", now);
        UUID slow = outbox(rule, user, url("/slow"), "whsec_d", now);
        // a private address the allow list does not open: refused at every attempt, never contacted
        UUID refused = outbox(rule, user, "http://10.0.0.1:9/hook", "whsec_d", now);

        await(Duration.ofSeconds(60), () -> stateIs(down, "failed").getAsBoolean() && stateIs(slow, "failed").getAsBoolean()
                && stateIs(refused, "failed").getAsBoolean());

        Map<UUID, DeliveryLog.Delivery> byId = new java.util.HashMap<>();
        log.deliveries(rule, 1, 20).items().forEach(d -> byId.put(d.id(), d));
        assertThat(byId).containsOnlyKeys(down, slow, refused);
        // 1 + 3 retries (backoff 1s,1s,1s), then failed
        assertThat(byId.get(down).attempts()).extracting(DeliveryLog.Attempt::status).containsExactly(500, 500, 500, 500);
        assertThat(byId.get(down).state()).isEqualTo("failed");
        assertThat(byId.get(slow).attempts()).hasSize(4).allSatisfy(a -> {
            assertThat(a.status()).isNull();
            assertThat(a.error()).isEqualTo("no answer within 2 s");
            assertThat(a.durationMs()).isBetween(1_900, 4_000);
        });
        assertThat(byId.get(refused).attempts()).hasSize(4).allSatisfy(a -> {
            assertThat(a.status()).isNull();
            assertThat(a.error()).isEqualTo("refused: a private address (10.0.0.1)");
        });
        assertThat(hits.get("/down/" + rule).get()).isEqualTo(4);
        assertThat(counter("failed") - failedBefore).isGreaterThanOrEqualTo(3);

        // paging, newest first
        DeliveryLog.Page first = log.deliveries(rule, 1, 2);
        DeliveryLog.Page second = log.deliveries(rule, 2, 2);
        assertThat(first.total()).isEqualTo(3);
        assertThat(first.items()).hasSize(2);
        assertThat(second.items()).hasSize(1);
        List<UUID> all = new ArrayList<>(first.items().stream().map(DeliveryLog.Delivery::id).toList());
        all.add(second.items().get(0).id());
        assertThat(all).containsExactlyInAnyOrder(down, slow, refused);
    }

    @Test
    void deletingTheRuleTakesItsDeliveriesAlong() throws Exception {
        UUID rule = UUID.randomUUID();
        long later = System.currentTimeMillis() / 1000 + 3_600;
        UUID delivery = outbox(rule, "did:abt:webhook-" + rule, url("/never"), "whsec_x", later);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO alert_delivery_attempts (delivery_id, attempt, at, status, error, duration_ms) VALUES (?, 1, 0, 500, 'x', 1)""")) {
            ps.setObject(1, delivery);
            ps.executeUpdate();
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("DELETE FROM alert_rules WHERE id = ?")) {
            ps.setObject(1, rule);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        assertThat(count("SELECT count(*) FROM alert_deliveries WHERE id = ?", delivery)).isZero();
        assertThat(count("SELECT count(*) FROM alert_delivery_attempts WHERE delivery_id = ?", delivery)).isZero();
        assertThat(log.deliveries(rule, 1, 20).total()).isZero();
    }

    /** Runs the ```js block of docs/alerts.md "Webhooks" in Node on what the receiver got. */
    static boolean verifyWithDocsSnippet(String secret, Map<String, String> headers, byte[] body) throws Exception {
        Path dir = Files.createTempDirectory("webhook-verify");
        try {
            Path headersFile = Files.writeString(dir.resolve("headers.json"), JSON.writeValueAsString(headers));
            Path bodyFile = Files.write(dir.resolve("body"), body);
            String script = docsSnippet() + """

                    const fs = require('node:fs');
                    const req = { headers: JSON.parse(fs.readFileSync(process.argv[1], 'utf8')) };
                    const rawBody = fs.readFileSync(process.argv[2], 'utf8');
                    process.stdout.write(String(verify(process.env.WEBHOOK_SECRET, req, rawBody)));
                    """;
            ProcessBuilder pb = new ProcessBuilder("node", "-e", script, headersFile.toString(), bodyFile.toString())
                    .redirectErrorStream(true);
            pb.environment().put("WEBHOOK_SECRET", secret);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).isIn("true", "false");
            return out.equals("true");
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    static String docsSnippet() throws IOException {
        Path docs = Path.of("../docs/alerts.md");
        if (!Files.exists(docs)) {
            docs = Path.of(System.getProperty("usage.repo.root", "."), "docs/alerts.md");
        }
        String text = Files.readString(docs);
        int section = text.indexOf("\n## Webhooks");
        assertThat(section).as("docs/alerts.md has a Webhooks section").isPositive();
        int start = text.indexOf("```js\n", section);
        int end = text.indexOf("```", start + 6);
        assertThat(start).as("a ```js block in Webhooks").isPositive();
        String snippet = text.substring(start + 6, end);
        assertThat(snippet).contains("function verify(secret, req, rawBody)");
        return snippet;
    }
}
