package io.aigne.usage.localstack;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A real single-node KRaft Kafka broker run as a child process from the jars that the
 * deploy/kafka-broker module copies out of Maven Central. The data directory survives restarts.
 */
public final class KafkaBrokerProcess implements AutoCloseable {
    /** A fixed id: the data directory is formatted once and then reused. */
    private static final String CLUSTER_ID = "YWlnbmUtdXNhZ2UtbG9jYWw";

    private final Path libs;
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    public KafkaBrokerProcess(Path libs, Path dir, int port, int controllerPort) {
        this.libs = libs;
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Broker jars: -Dusage.kafka.libs (set by the build), else deploy/kafka-broker/target/kafka-libs. */
    public static Path defaultLibs() {
        String configured = System.getProperty("usage.kafka.libs", System.getenv("USAGE_KAFKA_LIBS"));
        Path libs = Path.of(configured != null ? configured : "deploy/kafka-broker/target/kafka-libs");
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("Kafka broker jars not found at " + libs.toAbsolutePath()
                    + "; build the deploy/kafka-broker module first (./mvnw -pl deploy/kafka-broker package)");
        }
        return libs;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public KafkaBrokerProcess start() {
        try {
            Files.createDirectories(dir);
            Path props = writeServerProperties();
            if (!Files.exists(dir.resolve("data/meta.properties"))) {
                run(List.of("kafka.tools.StorageTool", "format", "-t", CLUSTER_ID, "-c", props.toString()));
            }
            process = java(List.of("kafka.Kafka", props.toString()))
                    .redirectOutput(dir.resolve("broker.log").toFile())
                    .start();
            waitUntilReady(Duration.ofSeconds(60));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Creates the topics of {@link TopicDefinitions} that do not exist yet. */
    public void createTopics() {
        createTopics(TopicDefinitions.forSingleBroker());
    }

    public void createTopics(List<NewTopic> topics) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).collect(Collectors.toList());
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("could not create topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
    }

    private void waitUntilReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + "; see " + dir.resolve("broker.log"));
            }
            if (FreePorts.isOpen(port)) {
                try (Admin admin = admin()) {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    // not ready yet
                }
            }
            sleep(200);
        }
        throw new IllegalStateException("Kafka broker did not start within " + timeout);
    }

    private Path writeServerProperties() throws IOException {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("data").toString());
        // one broker: internal topics must not ask for more replicas or consumers never join
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("group.min.session.timeout.ms", "3000");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "3");
        Path file = dir.resolve("server.properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "generated by KafkaBrokerProcess");
        }
        return file;
    }

    private ProcessBuilder java(List<String> args) {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(javaBin, "-Xms128m", "-Xmx384m", "-XX:+UseSerialGC",
                "-cp", libs.toAbsolutePath() + File.separator + "*"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
    }

    private void run(List<String> args) throws IOException {
        Process p = java(args).redirectOutput(dir.resolve("format.log").toFile()).start();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("Kafka storage format failed; see " + dir.resolve("format.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
    }
}
