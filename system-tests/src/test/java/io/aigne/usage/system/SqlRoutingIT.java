package io.aigne.usage.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.localstack.FreePorts;
import io.aigne.usage.localstack.ServiceProcess;
import io.aigne.usage.localstack.TokenMinter;
import io.aigne.usage.testkit.LocalInfra;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every SQL statement the packaged aggregator, query service and quota gateway send, as PostgreSQL
 * saw it (pg_stat_statements), routes on Citus or is a listed cross-user statement
 * ({@link SqlRouting}). The services run on a PostgreSQL of their own with pg_stat_statements
 * loaded; the test ingests calls of two users (processing then terminal, late ones, a project
 * profile), flushes, reconciles, lets a second aggregator take partitions over, calls every
 * endpoint of the query service's OpenAPI document as the user and as an admin, and uses the
 * ledger (grants, one expiring, auto-recharge, history). usage-web's four session statements are
 * in SqlRoutingTest's examples instead (signing in needs its OIDC or demo setup).
 */
class SqlRoutingIT {
    private static final String ALICE = "did:abt:routing-alice-" + UUID.randomUUID();
    private static final String BOB = "did:abt:routing-bob-" + UUID.randomUUID();
    private static final String APP = "did:app:routing-" + UUID.randomUUID();
    /** The test's own reads use this role, so its statements are told apart from the services'. */
    private static final String OBSERVER = "routing_observer";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EmbeddedPostgres postgres;
    private static final List<ServiceProcess> services = new ArrayList<>();
    private static Map<String, String> env;
    private static Path repo;
    private static Path logs;

    @BeforeAll
    static void start() throws Exception {
        repo = Path.of(System.getProperty("usage.repo.root", "..")).toAbsolutePath().normalize();
        logs = Files.createDirectories(repo.resolve("system-tests/target/service-logs"));
        postgres = EmbeddedPostgres.builder().setPort(FreePorts.find())
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setServerConfig("pg_stat_statements.max", "10000")
                .setServerConfig("max_connections", "100")
                .setDataDirectory(Files.createTempDirectory("usage-routing-pg"))
                .start();
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION pg_stat_statements");
            s.execute("CREATE ROLE " + OBSERVER + " LOGIN SUPERUSER PASSWORD 'observer'");
        }
        String group = "routing-" + UUID.randomUUID();
        env = new HashMap<>(Map.of(
                "USAGE_DB_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                "USAGE_DB_USER", "postgres",
                "USAGE_DB_PASSWORD", "postgres",
                "KAFKA_BOOTSTRAP_SERVERS", LocalInfra.get().kafka().bootstrapServers(),
                "QUARKUS_OIDC_PUBLIC_KEY", LocalInfra.testTokens().publicKeyBase64(),
                "QUARKUS_OIDC_TOKEN_ISSUER", TokenMinter.LOCAL_ISSUER,
                "QUARKUS_OIDC_TOKEN_AUDIENCE", TokenMinter.LOCAL_AUDIENCE,
                "USAGE_AGGREGATOR_CONSUMER_GROUP_ID", group,
                "MP_MESSAGING_INCOMING_LEDGER_MODEL_CALLS_GROUP_ID", group + "-ledger",
                "USAGE_QUOTA_LEDGER_EXPIRY_INTERVAL", "1s"));
        ServiceProcess aggregator = ServiceProcess.start(repo, "stats-aggregator-service", "routing-aggregator-1", FreePorts.find(), env,
                logs, "256m").awaitReady(Duration.ofSeconds(120)); // migrates first: the others read its schema
        services.add(aggregator);
        services.add(ServiceProcess.start(repo, "usage-query-service", FreePorts.find(), env, logs, "256m"));
        services.add(ServiceProcess.start(repo, "quota-gateway-service", FreePorts.find(), env, logs, "256m"));
        services.forEach(s -> s.awaitReady(Duration.ofSeconds(120)));
        // what the services send at work, not the migrations Flyway ran at their start (one-time data fixes)
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        services.forEach(ServiceProcess::close);
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyStatementTheServicesSendRoutesOrIsAListedCrossUserOne() throws Exception {
        ServiceProcess aggregator = services.get(0);
        ServiceProcess query = services.get(1);
        ServiceProcess quota = services.get(2);
        String ops = LocalInfra.testTokens().mint("did:ops", List.of("admin"));
        long now = Instant.now().getEpochSecond();
        long yesterday = Math.floorDiv(now, 86_400) * 86_400 - 86_400;

        // the ledger first: credits to draw from (one grant about to expire), auto-recharge on
        for (String user : List.of(ALICE, BOB)) {
            send(quota, "POST", "/api/admin/credits/grants", ops, "{\"userDid\":\"" + user + "\",\"amount\":5,\"category\":\"promotional\"}", 201);
            send(quota, "POST", "/api/admin/credits/grants", ops, "{\"userDid\":\"" + user + "\",\"amount\":1,\"expiresAt\":" + (Instant.now().getEpochSecond() + 8) + "}", 201);
            send(quota, "PUT", "/api/usage/quota/auto-recharge", token(user), "{\"enabled\":true,\"threshold\":100,\"quantity\":10,"
                    + "\"dailyLimit\":{\"maxAttempts\":3,\"maxAmount\":100}}", 200);
        }
        send(aggregator, "PUT", "/api/ingest/projects/" + APP, token("did:gateway", "ingest"), "{\"name\":\"Routing\"}", 200);

        // calls: yesterday's (flushed, reconciled), the running hour's, one processing call finishing later, a duplicate
        List<ObjectNode> events = new ArrayList<>();
        for (String user : List.of(ALICE, BOB)) {
            for (int i = 0; i < 20; i++) {
                long t = i < 12 ? yesterday + i * 3_600 + 60 : now - i * 30;
                String id = "routing-" + UUID.randomUUID();
                events.add(event(id, user, "processing", t));
                events.add(event(id, user, i % 7 == 0 ? "failed" : "success", t));
            }
        }
        events.add(events.get(1).deepCopy());
        ingest(aggregator, events);
        Awaitility.await("calls stored").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> count("SELECT count(*) FROM model_calls WHERE user_did IN ('" + ALICE + "', '" + BOB + "') AND status <> 'processing'") == 40);
        send(aggregator, "POST", "/api/admin/stats/flush", ops, null, 200);
        send(aggregator, "POST", "/api/admin/stats/reconcile?from=" + yesterday + "&to=" + (yesterday + 86_400) + "&repair=true", ops, null, 200);
        // a late call into the flushed day, then a second instance takes partitions over (claims, open hours rebuilt)
        String late = "routing-late-" + UUID.randomUUID();
        ingest(aggregator, List.of(event(late, ALICE, "success", yesterday + 7_200)));
        ServiceProcess second = ServiceProcess.start(repo, "stats-aggregator-service", "routing-aggregator-2", FreePorts.find(), env, logs, "256m")
                .awaitReady(Duration.ofSeconds(120));
        services.add(second);
        Awaitility.await("stats announced, ledger debited").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> count("SELECT count(*) FROM stats_outbox") == 0
                        && count("SELECT count(*) FROM ledger_debited_calls WHERE user_did IN ('" + ALICE + "', '" + BOB + "')") > 0
                        && count("SELECT count(*) FROM credit_grants WHERE status = 'expired'") >= 2);
        send(aggregator, "POST", "/api/admin/stats/flush", ops, null, 200);

        // every endpoint of the query service's OpenAPI document, as the user and as an admin asking for the user
        JsonNode openapi = ModelCallJson.MAPPER.readTree(repo.resolve("usage-query-service/target/openapi/openapi.json").toFile());
        int endpoints = 0;
        for (var path = openapi.path("paths").fields(); path.hasNext(); ) {
            var p = path.next();
            if (!p.getValue().has("get")) {
                continue;
            }
            String target = p.getKey().replace("{appDid}", enc(APP));
            for (String range : List.of("timeRange=7", "startTime=" + (yesterday - 40 * 86_400) + "&endTime=" + now)) {
                send(query, "GET", target + "?" + range, token(ALICE), null, 200);
                send(query, "GET", target + "?" + range + "&userDid=" + enc(BOB), ops, null, 200);
            }
            endpoints++;
        }
        assertThat(endpoints).isGreaterThanOrEqualTo(10);
        send(query, "GET", "/api/usage/projects/" + enc(APP) + "/calls?timeRange=7&status=failed&model=gpt-4o&search=routing&sort=duration"
                + "&minDuration=1&charged=true&type=chatCompletion&page=2&pageSize=5", token(ALICE), null, 200);
        send(query, "GET", "/api/usage/projects?timeRange=30&q=Routing&sort=credits", token(ALICE), null, 200);
        for (String path : List.of("/api/usage/quota", "/api/usage/quota-details", "/api/usage/quota-details?type=consumption",
                "/api/usage/quota/auto-recharge")) {
            send(quota, "GET", path, token(ALICE), null, 200);
            send(quota, "GET", path + (path.contains("?") ? "&" : "?") + "userDid=" + enc(BOB), ops, null, 200);
        }

        // what PostgreSQL saw from the services
        SqlRouting routing = new SqlRouting(CitusLayout.read(repo).distributedBy());
        Map<String, Integer> crossUser = new TreeMap<>();
        List<String> unrouted = new ArrayList<>();
        int checked = 0;
        int distributed = 0;
        try (Connection c = observer(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT query FROM pg_stat_statements p JOIN pg_roles r ON r.oid = p.userid
                WHERE r.rolname <> '%s' AND p.toplevel""".formatted(OBSERVER))) {
            while (rs.next()) {
                String sql = rs.getString(1);
                checked++;
                var problem = routing.problem(sql);
                if (problem.isEmpty()) {
                    distributed += SqlRouting.normalize(sql).matches(".*\\b(model_calls|model_call_stats|credit_\\w+|ledger_debited_calls)\\b.*") ? 1 : 0;
                    continue;
                }
                var listed = SqlRouting.crossUser(sql);
                if (listed.isPresent()) {
                    crossUser.merge(listed.get().name(), 1, Integer::sum);
                } else {
                    unrouted.add(problem.get() + ":\n    " + SqlRouting.normalize(sql));
                }
            }
        }
        System.out.printf("SqlRoutingIT: %d statements, %d per-user ones on distributed tables, cross-user: %s%n", checked, distributed, crossUser);
        assertThat(unrouted).as("statements that would not route on Citus (filter on the distribution column, or list them in"
                + " SqlRouting.CROSS_USER with the reason)").isEmpty();
        assertThat(distributed).as("the run reached the distributed tables").isGreaterThanOrEqualTo(20);
        assertThat(crossUser).as("the run reached the cross-user work").containsKeys("outbox drain", "reconcile: a day's stored rows",
                "ledger: grants due for expiry");
    }

    private static ObjectNode event(String id, String user, String status, long callTime) {
        ObjectNode e = ModelCallJson.MAPPER.createObjectNode();
        e.put("id", id);
        e.put("userDid", user);
        e.put("appDid", APP);
        e.put("model", "gpt-4o");
        e.put("providerId", "openai");
        e.put("type", "chatCompletion");
        e.put("status", status);
        if (!"processing".equals(status)) {
            e.put("durationMs", 1234.5);
            e.put("totalUsage", 300);
            e.put("credits", new BigDecimal("0.0125"));
        } else {
            e.put("credits", BigDecimal.ZERO);
        }
        e.put("callTime", callTime);
        e.put("requestId", "req-" + id);
        e.put("schemaVersion", 1);
        return e;
    }

    private static void ingest(ServiceProcess aggregator, List<ObjectNode> events) throws Exception {
        ArrayNode body = ModelCallJson.MAPPER.createArrayNode();
        events.forEach(body::add);
        send(aggregator, "POST", "/api/ingest/model-calls", token("did:gateway", "ingest"), body.toString(), 202);
    }

    private static String send(ServiceProcess service, String method, String path, String token, String json, int expected) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60));
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(expected);
        return r.body();
    }

    private static String token(String user, String... roles) {
        return LocalInfra.testTokens().mint(user, List.of(roles));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", "postgres");
    }

    private static Connection observer() throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", OBSERVER, "observer");
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = observer(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
