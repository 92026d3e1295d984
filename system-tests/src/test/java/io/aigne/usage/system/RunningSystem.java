package io.aigne.usage.system;

import io.aigne.usage.testkit.LocalInfra;
import io.aigne.usage.localstack.FreePorts;
import io.aigne.usage.localstack.ServiceProcess;
import io.aigne.usage.localstack.TokenMinter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The packaged aggregator and query services, started once per test JVM on the shared
 * infrastructure; the quota service too, on first use of {@link #quota()}.
 */
final class RunningSystem {
    private static RunningSystem instance;

    final ServiceProcess aggregator;
    final ServiceProcess query;
    private final Path repo;
    private final Path logs;
    private final Map<String, String> env;
    private ServiceProcess quota;

    private RunningSystem(ServiceProcess aggregator, ServiceProcess query, Path repo, Path logs, Map<String, String> env) {
        this.aggregator = aggregator;
        this.query = query;
        this.repo = repo;
        this.logs = logs;
        this.env = env;
    }

    /** The packaged quota-gateway-service on the same infrastructure; only the tests that need it pay its start. */
    synchronized ServiceProcess quota() {
        if (quota == null) {
            ServiceProcess started = ServiceProcess.start(repo, "quota-gateway-service", FreePorts.find(), env, logs, "256m")
                    .awaitReady(Duration.ofSeconds(90));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            quota = started;
        }
        return quota;
    }

    static synchronized RunningSystem get() throws IOException {
        if (instance == null) {
            LocalInfra infra = LocalInfra.get();
            Path repo = Path.of(System.getProperty("usage.repo.root", "..")).toAbsolutePath().normalize();
            Path logs = Files.createDirectories(repo.resolve("system-tests/target/service-logs"));
            Map<String, String> env = Map.of(
                    "USAGE_DB_URL", infra.postgres().jdbcUrl(),
                    "USAGE_DB_USER", "postgres",
                    "USAGE_DB_PASSWORD", "postgres",
                    "KAFKA_BOOTSTRAP_SERVERS", infra.kafka().bootstrapServers(),
                    "QUARKUS_OIDC_PUBLIC_KEY", LocalInfra.testTokens().publicKeyBase64(),
                    "QUARKUS_OIDC_TOKEN_ISSUER", TokenMinter.LOCAL_ISSUER,
                    "QUARKUS_OIDC_TOKEN_AUDIENCE", TokenMinter.LOCAL_AUDIENCE,
                    // tests keep calls of fixed past dates: no scheduled expiry under them (a retention test runs the job itself)
                    "USAGE_RETENTION_ENABLED", "false");
            // both boot at once: the aggregator migrates the schema at start, the query service reads it only when asked
            ServiceProcess aggregator = ServiceProcess.start(repo, "stats-aggregator-service", FreePorts.find(), env, logs, "256m");
            ServiceProcess query = ServiceProcess.start(repo, "usage-query-service", FreePorts.find(), env, logs, "256m");
            aggregator.awaitReady(Duration.ofSeconds(90));
            query.awaitReady(Duration.ofSeconds(90));
            instance = new RunningSystem(aggregator, query, repo, logs, env);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                query.close();
                aggregator.close();
            }));
        }
        return instance;
    }
}
