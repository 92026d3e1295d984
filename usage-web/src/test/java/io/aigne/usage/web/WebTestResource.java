package io.aigne.usage.web;

import com.sun.net.httpserver.HttpServer;
import io.aigne.usage.localstack.EmbeddedPostgresServer;
import io.aigne.usage.localstack.FreePorts;
import io.aigne.usage.localstack.LocalSigningKey;
import io.aigne.usage.localstack.ThrowawayDirectory;
import io.aigne.usage.localstack.TokenMinter;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * usage-web's surroundings: a real PostgreSQL for the sessions, a signing key for demo sign-in, and
 * recording HTTP stand-ins for usage-query-service, quota-gateway-service and usage-alerts-service (their own tests
 * cover their answers; here only what the gateway sends and passes back matters).
 */
public class WebTestResource implements QuarkusTestResourceLifecycleManager {

    /** A stand-in's answer chosen by a test: after {@code delayMs}, {@code status} with {@code body} of {@code contentType}. */
    public record Answer(int status, String contentType, String body, long delayMs) {
    }

    /** Picks a test's answer for (service, path and query, Authorization header); null: the usual one. */
    public interface Answerer {
        Answer answer(String service, String pathAndQuery, String authorization);
    }

    /** One request a stand-in received. */
    public record Seen(String service, String method, String pathAndQuery, String authorization, String body) {
    }

    public static final List<Seen> SEEN = new CopyOnWriteArrayList<>();
    /**
     * A download (a path ending in /export) writes its header row and first row, then waits for this
     * gate (at most 10 s), then takes longer than the gateway's upstream timeout (2 s) before the rest:
     * a test that opens the gate only after the first row reached it proves the gateway streams.
     */
    public static volatile CountDownLatch downloadGate = new CountDownLatch(0);
    public static final String DOWNLOAD_HEAD = "id,model\r\nrow-1,\"a, b\"\r\n";
    public static final String DOWNLOAD_TAIL = "row-2,c\r\nrow-3,d\r\n";
    /** A test's own answer for a request, or null for the stand-ins' usual one (FirstAnswersPageTest). */
    public static volatile Answerer answerer;
    public static LocalSigningKey key;
    public static EmbeddedPostgresServer postgres;
    private HttpServer query;
    private HttpServer quota;
    private HttpServer alerts;
    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = ThrowawayDirectory.create("usage-web-test-");
            postgres = EmbeddedPostgresServer.start(FreePorts.find(), dir.resolve("pg"));
            key = LocalSigningKey.loadOrCreate(dir.resolve("keys"));
            query = standIn("query");
            quota = standIn("quota");
            alerts = standIn("alerts");
            return Map.of(
                    "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                    "quarkus.datasource.username", EmbeddedPostgresServer.USER,
                    "quarkus.datasource.password", "postgres",
                    "smallrye.jwt.sign.key.location", LocalSigningKey.privateKeyFile(dir.resolve("keys")).toUri().toString(),
                    "usage.web.demo.issuer", TokenMinter.LOCAL_ISSUER,
                    "usage.web.demo.audience", TokenMinter.LOCAL_AUDIENCE,
                    "usage.web.upstream.query", "http://127.0.0.1:" + query.getAddress().getPort(),
                    "usage.web.upstream.quota", "http://127.0.0.1:" + quota.getAddress().getPort(),
                    "usage.web.upstream.alerts", "http://127.0.0.1:" + alerts.getAddress().getPort(),
                    "usage.web.upstream.timeout", "2s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Answers 200 with a small JSON naming itself; the path segment "expired" gets a 401 (a token the
     * service refuses), "missing" a 404 problem, "slow" never answers in time; the alerts' writes
     * answer like the alerts service: a created rule 201 with its Location (the service's own host),
     * marking read 204 without a body.
     */
    private static HttpServer standIn(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            SEEN.add(new Seen(name, exchange.getRequestMethod(), target, exchange.getRequestHeaders().getFirst("Authorization"), body));
            Answerer custom = answerer;
            Answer chosen = custom == null ? null : custom.answer(name, target, exchange.getRequestHeaders().getFirst("Authorization"));
            if (chosen != null) {
                sleep(chosen.delayMs());
                byte[] bytes = chosen.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", chosen.contentType());
                try {
                    exchange.sendResponseHeaders(chosen.status(), bytes.length);
                    exchange.getResponseBody().write(bytes);
                } catch (IOException e) {
                    // the caller gave up waiting (a test of the deadline)
                }
                exchange.close();
                return;
            }
            byte[] answer;
            int status = 200;
            String type = "application/json";
            if (target.contains("/expired/")) {
                status = 401;
                type = "application/problem+json";
                answer = "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"A valid bearer token is required.\"}"
                        .getBytes(StandardCharsets.UTF_8);
            } else if (target.contains("/missing/")) {
                status = 404;
                type = "application/problem+json";
                answer = "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no calls in this project\"}".getBytes(StandardCharsets.UTF_8);
            } else if (name.equals("alerts") && exchange.getRequestMethod().equals("POST") && target.endsWith("/rules")) {
                answer = ("{\"answeredBy\":\"alerts\",\"id\":\"r-1\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + exchange.getLocalAddress().getPort() + target + "/r-1");
                status = 201;
            } else if (name.equals("alerts") && (target.endsWith("/read") || target.endsWith("/read-all")
                    || exchange.getRequestMethod().equals("DELETE"))) {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
                return;
            } else if (exchange.getRequestURI().getRawPath().endsWith("/export") && !target.contains("/slow/")) {
                download(exchange);
                return;
            } else {
                if (target.contains("/slow/")) {
                    sleep(3_000);
                }
                answer = ("{\"answeredBy\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        return server;
    }

    /** A CSV download in two parts, chunked, with the headers of the query service's exports. */
    private static void download(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/csv; charset=utf-8");
        exchange.getResponseHeaders().add("Content-Disposition", "attachment; filename=\"calls-did_app_x-20261130.csv\"");
        exchange.getResponseHeaders().add("X-Total-Count", "3");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        var out = exchange.getResponseBody();
        out.write(DOWNLOAD_HEAD.getBytes(StandardCharsets.UTF_8));
        out.flush();
        try {
            downloadGate.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sleep(2_500);
        out.write(DOWNLOAD_TAIL.getBytes(StandardCharsets.UTF_8));
        exchange.close();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        query.stop(0);
        quota.stop(0);
        alerts.stop(0);
        postgres.close();
        ThrowawayDirectory.delete(dir);
    }
}
