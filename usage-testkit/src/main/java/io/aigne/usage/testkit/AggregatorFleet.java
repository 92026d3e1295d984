package io.aigne.usage.testkit;

import io.aigne.usage.events.Topics;
import io.aigne.usage.localstack.FreePorts;
import io.aigne.usage.localstack.ServiceProcess;
import io.aigne.usage.localstack.TokenMinter;
import io.aigne.usage.stats.WatermarkTable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/**
 * Packaged aggregator instances of one consumer group on a database of their own, so a test can
 * crash, stop and add instances without disturbing other tests.
 */
public final class AggregatorFleet implements AutoCloseable {
    public final String jdbcUrl;
    public final String group = "fleet-" + UUID.randomUUID();
    private final Map<String, String> env;
    private final List<ServiceProcess> instances = new ArrayList<>();
    private final Path repo;
    private final Path logs;
    private int started;

    public AggregatorFleet() throws IOException, SQLException {
        LocalInfra infra = LocalInfra.get();
        String db = "fleet_" + UUID.randomUUID().toString().replace("-", "");
        String admin = infra.postgres().jdbcUrl();
        try (Connection c = DriverManager.getConnection(admin, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        jdbcUrl = admin.substring(0, admin.lastIndexOf('/') + 1) + db;
        repo = Path.of(System.getProperty("usage.repo.root", "..")).toAbsolutePath().normalize();
        logs = Files.createDirectories(Path.of("target/service-logs").toAbsolutePath());
        env = Map.of(
                "USAGE_DB_URL", jdbcUrl,
                "USAGE_DB_USER", "postgres",
                "USAGE_DB_PASSWORD", "postgres",
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafka().bootstrapServers(),
                "QUARKUS_OIDC_PUBLIC_KEY", LocalInfra.testTokens().publicKeyBase64(),
                "QUARKUS_OIDC_TOKEN_ISSUER", TokenMinter.LOCAL_ISSUER,
                "QUARKUS_OIDC_TOKEN_AUDIENCE", TokenMinter.LOCAL_AUDIENCE,
                "USAGE_AGGREGATOR_CONSUMER_GROUP_ID", group,
                "USAGE_AGGREGATOR_CONSUMER_SESSION_TIMEOUT", "4s",
                // tests keep calls of fixed past dates: no scheduled expiry under them
                "USAGE_RETENTION_ENABLED", "false");
    }

    /** The environment its instances get (database, broker, token checks): other services may share it. */
    public Map<String, String> env() {
        return env;
    }

    public ServiceProcess start() {
        return start("256m", Map.of());
    }

    /** Starts one more instance with the given heap and extra environment. */
    public ServiceProcess start(String heap, Map<String, String> extraEnv) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extraEnv);
        ServiceProcess p = ServiceProcess.start(repo, "stats-aggregator-service", group + "-" + (++started), FreePorts.find(), all,
                logs, heap);
        instances.add(p); // before waiting: close() stops it even when it never gets ready
        return p.awaitReady(Duration.ofSeconds(90));
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
    }

    /** Waits until the group's offsets stored in the database reach the end of every partition. */
    public void awaitCaughtUp(Duration timeout) throws Exception {
        Map<TopicPartition, Long> ends = endOffsets();
        Awaitility.await("group " + group + " stores the end offsets " + ends).atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(this::storedOffsets, stored -> stored.entrySet().containsAll(ends.entrySet()));
    }

    /** Waits until {@code instances} different instances have claimed partitions of the group. */
    public void awaitOwners(int instances, Duration timeout) {
        Awaitility.await("partitions owned by " + instances + " instances").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(this::owners, owners -> owners >= instances);
    }

    private long owners() throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT owner) FROM consumer_offsets WHERE consumer_group = ?")) {
            ps.setString(1, group);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Map<TopicPartition, Long> storedOffsets() throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("SELECT partition_no, next_offset FROM consumer_offsets WHERE consumer_group = ?")) {
            ps.setString(1, group);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    offsets.put(new TopicPartition(Topics.MODEL_CALLS, rs.getInt(1)), rs.getLong(2));
                }
            }
        }
        return offsets;
    }

    private static Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = LocalInfra.get().kafka().admin()) {
            var partitions = admin.describeTopics(List.of(Topics.MODEL_CALLS)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.MODEL_CALLS).partitions();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            partitions.forEach(p -> request.put(new TopicPartition(Topics.MODEL_CALLS, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> {
                if (info.offset() > 0) {
                    ends.put(tp, info.offset());
                }
            });
            return ends;
        }
    }

    /** An admin call to one instance (flush, reconcile); returns the JSON answer. */
    public static String admin(ServiceProcess instance, String pathAndQuery) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create(instance.baseUrl() + pathAndQuery))
                .header("Authorization", "Bearer " + LocalInfra.testTokens().mint("did:ops", List.of("admin")))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    public long minWatermark() throws SQLException {
        try (Connection c = connect()) {
            return WatermarkTable.flushedUntil(c);
        }
    }

    @Override
    public void close() {
        instances.forEach(ServiceProcess::close);
    }
}
