package io.aigne.usage.testkit;

import io.aigne.usage.localstack.EmbeddedPostgresServer;
import io.aigne.usage.localstack.FreePorts;
import io.aigne.usage.localstack.KafkaBrokerProcess;
import io.aigne.usage.localstack.LocalSigningKey;
import io.aigne.usage.localstack.ThrowawayDirectory;
import io.aigne.usage.localstack.TokenMinter;
import java.nio.file.Path;
import java.util.Map;

/**
 * PostgreSQL, a Kafka broker and a signing key for one test JVM: started on first use on free
 * ports in a temporary directory, shared by every test class, stopped when the JVM exits.
 */
public final class LocalInfra {
    private static LocalInfra instance;

    private final EmbeddedPostgresServer postgres;
    private final KafkaBrokerProcess kafka;
    private final TokenMinter tokens;

    private LocalInfra(EmbeddedPostgresServer postgres, KafkaBrokerProcess kafka, TokenMinter tokens) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.tokens = tokens;
    }

    public static synchronized LocalInfra get() {
        if (instance == null) {
            Path dir = ThrowawayDirectory.create("usage-infra-");
            EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(FreePorts.find(), dir.resolve("pg"));
            KafkaBrokerProcess kafka = new KafkaBrokerProcess(KafkaBrokerProcess.defaultLibs(), dir.resolve("kafka"),
                    FreePorts.find(), FreePorts.find()).start();
            kafka.createTopics();
            instance = new LocalInfra(pg, kafka, testTokens());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.close();
                pg.close();
                ThrowawayDirectory.delete(dir);
            }));
        }
        return instance;
    }

    private static TokenMinter testTokens;

    /** One throwaway signing key per test JVM. */
    public static synchronized TokenMinter testTokens() {
        if (testTokens == null) {
            testTokens = new TokenMinter(LocalSigningKey.generate(), TokenMinter.LOCAL_ISSUER);
        }
        return testTokens;
    }

    /**
     * Settings that make a service verify tokens from {@link #testTokens()}, audience included (as
     * in production), so a token for another audience is refused in the tests too.
     */
    public static Map<String, String> oidcConfig() {
        return Map.of("quarkus.oidc.public-key", testTokens().publicKeyBase64(),
                "quarkus.oidc.token.issuer", TokenMinter.LOCAL_ISSUER,
                "quarkus.oidc.token.audience", TokenMinter.LOCAL_AUDIENCE);
    }

    public EmbeddedPostgresServer postgres() {
        return postgres;
    }

    public KafkaBrokerProcess kafka() {
        return kafka;
    }

    public TokenMinter tokens() {
        return tokens;
    }

    /** The settings a Quarkus service needs to use this infrastructure. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new java.util.HashMap<>(oidcConfig());
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        config.put("quarkus.datasource.username", EmbeddedPostgresServer.USER);
        config.put("quarkus.datasource.password", "postgres");
        config.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        return config;
    }
}
