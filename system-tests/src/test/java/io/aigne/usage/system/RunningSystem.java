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

/** The packaged aggregator and query services, started once per test JVM on the shared infrastructure. */
final class RunningSystem {
    private static RunningSystem instance;

    final ServiceProcess aggregator;
    final ServiceProcess query;

    private RunningSystem(ServiceProcess aggregator, ServiceProcess query) {
        this.aggregator = aggregator;
        this.query = query;
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
                    "QUARKUS_OIDC_TOKEN_ISSUER", TokenMinter.LOCAL_ISSUER);
            ServiceProcess aggregator = ServiceProcess.start(repo, "stats-aggregator-service", FreePorts.find(), env, logs, "256m")
                    .awaitReady(Duration.ofSeconds(90));
            ServiceProcess query = ServiceProcess.start(repo, "usage-query-service", FreePorts.find(), env, logs, "256m")
                    .awaitReady(Duration.ofSeconds(90));
            instance = new RunningSystem(aggregator, query);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                query.close();
                aggregator.close();
            }));
        }
        return instance;
    }
}
