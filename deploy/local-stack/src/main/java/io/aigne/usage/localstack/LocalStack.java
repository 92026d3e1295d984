package io.aigne.usage.localstack;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system on one machine, started by deploy/local-stack.sh: embedded PostgreSQL (in this
 * process), a KRaft Kafka broker and the three services (child processes), the demo data. State
 * lives in {@code deploy/.local} and survives restarts; child pids are written to
 * {@code .local/pids} so the stop command can end them even if this process died.
 */
public final class LocalStack {
    public static final int PG_PORT = Integer.getInteger("usage.pg.port", 55432);
    public static final int KAFKA_PORT = Integer.getInteger("usage.kafka.port", 59092);
    public static final int AGGREGATOR_PORT = 8081;
    public static final int QUERY_PORT = 8082;
    public static final int QUOTA_PORT = 8083;
    public static final int ALERTS_PORT = 8084;
    public static final int WEB_PORT = 8080;
    /** usage-web's /q/* (health, metrics): a management port of its own, not the pages' port */
    public static final int WEB_MANAGEMENT_PORT = 9080;

    private final Path repo;
    private final Path state;
    private final List<AutoCloseable> started = new ArrayList<>();

    private LocalStack(Path repo, Path state) {
        this.repo = repo;
        this.state = state;
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        LocalStack stack = new LocalStack(repo, repo.resolve("deploy/.local"));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::stop));
        try {
            stack.start();
        } catch (Exception e) {
            System.err.println("Local stack failed to start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
        }
        Thread.currentThread().join();
    }

    private void start() throws IOException {
        Path pids = Files.createDirectories(state.resolve("pids"));
        Path logs = Files.createDirectories(state.resolve("logs"));
        LocalSigningKey key = LocalSigningKey.loadOrCreate(state.resolve("keys"));
        TokenMinter tokens = new TokenMinter(key, TokenMinter.LOCAL_ISSUER);

        log("starting PostgreSQL on " + PG_PORT);
        EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(PG_PORT, state.resolve("pgdata"));
        started.add(pg);
        log("starting Kafka on " + KAFKA_PORT);
        KafkaBrokerProcess kafka = new KafkaBrokerProcess(KafkaBrokerProcess.defaultLibs(), state.resolve("kafka"),
                KAFKA_PORT, KAFKA_PORT + 1).start();
        started.add(kafka);
        Files.writeString(pids.resolve("kafka.pid"), Long.toString(kafka.pid()));
        kafka.createTopics();

        Map<String, String> env = new HashMap<>();
        env.put("USAGE_DB_URL", pg.jdbcUrl());
        env.put("USAGE_DB_USER", EmbeddedPostgresServer.USER);
        env.put("USAGE_DB_PASSWORD", "postgres");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_OIDC_PUBLIC_KEY", key.publicKeyBase64());
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", TokenMinter.LOCAL_ISSUER);
        env.put("QUARKUS_OIDC_TOKEN_AUDIENCE", TokenMinter.LOCAL_AUDIENCE);

        // the aggregator first: it applies the schema the others read. Retention is short here so that
        // it shows: the demo's oldest month is archived (deploy/.local/archive) and the 90-day views say so
        Map<String, String> aggregatorEnv = new HashMap<>(env);
        aggregatorEnv.put("USAGE_RETENTION_RAW_DAYS", "60");
        aggregatorEnv.put("USAGE_RETENTION_HOUR_DAYS", "45");
        aggregatorEnv.put("USAGE_ARCHIVE_DIR", state.resolve("archive").toString());
        aggregatorEnv.put("USAGE_RETENTION_FIRST_RUN_AFTER", "15m");
        ServiceProcess aggregator = service("stats-aggregator-service", AGGREGATOR_PORT, aggregatorEnv, logs, pids);
        ServiceProcess query = service("usage-query-service", QUERY_PORT, env, logs, pids);
        ServiceProcess quota = service("quota-gateway-service", QUOTA_PORT, env, logs, pids);
        // the pages and their gateway: demo sign-in with the local key the services trust
        Map<String, String> webEnv = new HashMap<>(env);
        webEnv.put("QUARKUS_PROFILE", "prod,demo");
        webEnv.put("USAGE_WEB_DEMO_SIGNING_KEY", LocalSigningKey.privateKeyFile(state.resolve("keys")).toString());
        webEnv.put("USAGE_QUERY_URL", "http://127.0.0.1:" + QUERY_PORT);
        webEnv.put("USAGE_QUOTA_URL", "http://127.0.0.1:" + QUOTA_PORT);
        webEnv.put("USAGE_ALERTS_URL", "http://127.0.0.1:" + ALERTS_PORT);
        webEnv.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(WEB_MANAGEMENT_PORT));
        ServiceProcess web = service("usage-web", WEB_PORT, webEnv, logs, pids);
        // alerts: credits rules read the quota gateway as an admin; webhooks may reach the receiver on this machine
        Map<String, String> alertsEnv = new HashMap<>(env);
        alertsEnv.put("USAGE_QUOTA_URL", "http://127.0.0.1:" + QUOTA_PORT);
        alertsEnv.put("USAGE_ALERTS_QUOTA_TOKEN", tokens.mint("did:abt:usage-alerts", List.of("admin"), Duration.ofDays(365)));
        alertsEnv.put("USAGE_ALERTS_WEBHOOK_ALLOW", "127.0.0.1/32");
        ServiceProcess alerts = service("usage-alerts-service", ALERTS_PORT, alertsEnv, logs, pids);
        for (ServiceProcess s : List.of(aggregator, query, quota, web, alerts)) {
            s.awaitReady(Duration.ofSeconds(120));
            log(s.name() + " ready at " + s.baseUrl());
        }

        grantDemoCredits(quota, tokens);
        loadDemoData(aggregator, tokens);
        awaitConsumed(kafka, pg);
        runRetention(aggregator, tokens);
        // after the data: the demo budget is set from the last 30 days' spend; a webhook sent before the
        // receiver listens is retried 10 s later
        String webhookSecret = DemoAlerts.createOnce(state, alerts.baseUrl(), query.baseUrl(), tokens);
        WebhookReceiver receiver = WebhookReceiver.start(WebhookReceiver.PORT, webhookSecret);
        started.add(receiver);
        log("webhook receiver at http://127.0.0.1:" + receiver.port() + "/");
        DemoAlerts.awaitFirst(alerts.baseUrl(), tokens);
        String demoUser = DemoData.USERS.get(0).userDid();
        String token = tokens.mint(demoUser, List.of(), Duration.ofDays(7));
        String summary = """

                AIGNE Hub Usage is running.

                  Open %s/usage/dashboard and sign in as a demo user
                  (%s has the most data; %s has no calls yet).

                  usage-query-service      %s
                  stats-aggregator-service %s   (ingest: POST /api/ingest/model-calls, role ingest)
                  quota-gateway-service    %s
                  usage-alerts-service     %s   (demo alert rules for %s; webhooks: http://127.0.0.1:%d/)
                  PostgreSQL               %s
                  Kafka                    %s
                Demo user %s, token (7 days):
                %s

                Try:  curl -H "Authorization: Bearer $(deploy/token.sh %s)" \\
                        "%s/api/usage/projects/%s/calls?pageSize=5"
                Other users: %s; any user or role: deploy/token.sh <userDid> [admin,ingest]
                Stop: deploy/local-stack.sh stop
                """.formatted(web.baseUrl(), demoUser, DemoData.USERS.get(DemoData.USERS.size() - 1).userDid(), query.baseUrl(), aggregator.baseUrl(), quota.baseUrl(), alerts.baseUrl(), demoUser, receiver.port(), pg.jdbcUrl(), kafka.bootstrapServers(),
                demoUser, token, demoUser, query.baseUrl(), DemoData.USERS.get(0).projects().get(0),
                DemoData.USERS.stream().map(DemoData.DemoUser::userDid).toList());
        Files.writeString(state.resolve("summary.txt"), summary);
        Files.writeString(state.resolve("ready"), Instant.now().toString());
        System.out.println(summary);
    }

    private ServiceProcess service(String module, int port, Map<String, String> env, Path logs, Path pids) throws IOException {
        log("starting " + module + " on " + port);
        ServiceProcess s = ServiceProcess.start(repo, module, port, env, logs, "256m");
        started.add(s);
        Files.writeString(pids.resolve(module + ".pid"), Long.toString(s.pid()));
        return s;
    }

    /** History once (marker file); fresh current-hour calls on every start. Ids are deterministic. */
    private void loadDemoData(ServiceProcess aggregator, TokenMinter tokens) throws IOException {
        long now = Instant.now().getEpochSecond();
        IngestClient ingest = new IngestClient(aggregator.baseUrl(), tokens.mint("did:abt:demo-loader", List.of("ingest")));
        var events = DemoData.events(now);
        Path marker = state.resolve("demo-loaded");
        if (Files.exists(marker)) {
            events = events.stream().filter(e -> e.get("callTime").asLong() >= now - 3_600).toList();
        }
        log("loading " + events.size() + " demo events through the ingest API");
        int accepted = ingest.send(events);
        DemoData.PROFILES.forEach(ingest::putProject);
        Files.writeString(marker, Instant.now().toString());
        log(accepted + " demo events accepted");
    }

    /** Once the demo data is stored (not midway, when part of a month could be refused). */
    private static void runRetention(ServiceProcess aggregator, TokenMinter tokens) throws IOException {
        String report = post(HttpClient.newHttpClient(), aggregator.baseUrl() + "/api/admin/retention/run",
                tokens.mint("did:abt:demo-admin", List.of("admin")), "");
        log("retention: " + report);
    }

    /** Until the aggregator has stored everything on the topic, so the printed URLs show all demo data. */
    private static void awaitConsumed(KafkaBrokerProcess kafka, EmbeddedPostgresServer pg) throws IOException {
        log("waiting for the aggregator to store the demo data");
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        try (var admin = kafka.admin(); var db = java.sql.DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgresServer.USER, "postgres")) {
            var partitions = admin.describeTopics(List.of(io.aigne.usage.events.Topics.MODEL_CALLS)).allTopicNames()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS).get(io.aigne.usage.events.Topics.MODEL_CALLS).partitions();
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new HashMap<>();
            partitions.forEach(p -> request.put(new org.apache.kafka.common.TopicPartition(io.aigne.usage.events.Topics.MODEL_CALLS,
                    p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest()));
            var ends = admin.listOffsets(request).all().get(30, java.util.concurrent.TimeUnit.SECONDS);
            while (System.nanoTime() < deadline) {
                Map<Integer, Long> stored = new HashMap<>();
                try (var ps = db.prepareStatement("SELECT partition_no, next_offset FROM consumer_offsets WHERE consumer_group = 'stats-aggregator'");
                        var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.put(rs.getInt(1), rs.getLong(2));
                    }
                }
                if (ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || stored.getOrDefault(e.getKey().partition(), 0L) >= e.getValue().offset())) {
                    log("demo data stored");
                    return;
                }
                Thread.sleep(500);
            }
        } catch (Exception e) {
            throw new IOException("could not follow the aggregator's progress", e);
        }
        throw new IOException("the aggregator did not store the demo data within 10 minutes");
    }

    /** Starting balances for the demo users, once (before their calls are debited). */
    private void grantDemoCredits(ServiceProcess quota, TokenMinter tokens) throws IOException {
        Path marker = state.resolve("credits-granted");
        if (Files.exists(marker)) {
            return;
        }
        HttpClient http = HttpClient.newHttpClient();
        String admin = tokens.mint("did:abt:demo-admin", List.of("admin"));
        long in60Days = Instant.now().getEpochSecond() + 60 * 86_400L;
        for (DemoData.DemoUser user : DemoData.USERS) {
            BigDecimal paid = BigDecimal.valueOf(Math.max(50, user.callsPerDay() * 2L));
            post(http, quota.baseUrl() + "/api/admin/credits/grants", admin,
                    "{\"userDid\":\"%s\",\"amount\":%s,\"category\":\"paid\",\"name\":\"Starter pack\"}"
                            .formatted(user.userDid(), paid.toPlainString()));
            post(http, quota.baseUrl() + "/api/admin/credits/grants", admin,
                    "{\"userDid\":\"%s\",\"amount\":25,\"category\":\"promotional\",\"expiresAt\":%d,\"name\":\"Welcome bonus\"}"
                            .formatted(user.userDid(), in60Days));
        }
        Files.writeString(marker, Instant.now().toString());
        log("granted starting credits to " + DemoData.USERS.size() + " demo users");
    }

    /** POSTs and returns the answer's body (a non-2xx answer is an IOException). */
    private static String post(HttpClient http, String url, String token, String json) throws IOException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IOException(url + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("stopping: " + e.getMessage());
            }
        }
        started.clear();
        try {
            Files.deleteIfExists(state.resolve("ready"));
        } catch (IOException e) {
            // best effort
        }
    }

    private static void log(String message) {
        System.out.println("[local-stack] " + message);
    }
}
