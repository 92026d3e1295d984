package io.aigne.usage.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** A real PostgreSQL (zonky embedded binaries) whose data directory survives restarts. */
public final class EmbeddedPostgresServer implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";
    private static final String SETTING_PROPERTY = "usage.postgres.";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start(int port, Path dataDir) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    // loopback only: the local stack and the tests never serve other machines
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "on")
                    // a commit acknowledged is on disk (zonky's default is off): the aggregator's open hours and the
                    // stats it publishes follow its commits, so a commit lost in a crash of PostgreSQL would be
                    // applied again from the stored offsets on top of them — counted twice
                    .setServerConfig("synchronous_commit", "on")
                    // the defaults (128 MB buffers, 1 GB of WAL) thrash once model_calls has millions of rows
                    .setServerConfig("shared_buffers", "512MB")
                    .setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("checkpoint_completion_target", "0.9");
            // -Dusage.postgres.<setting>=<value> on the launching JVM: another setting, to measure it (benchmarks)
            System.getProperties().stringPropertyNames().stream().filter(n -> n.startsWith(SETTING_PROPERTY))
                    .forEach(n -> builder.setServerConfig(n.substring(SETTING_PROPERTY.length()), System.getProperty(n)));
            return new EmbeddedPostgresServer(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + DATABASE;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs PostgreSQL in the foreground until the process is stopped: {@code <port> <dataDir>}. */
    public static void main(String[] args) throws InterruptedException {
        EmbeddedPostgresServer server = start(Integer.parseInt(args[0]), Path.of(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        System.out.println("PostgreSQL ready at " + server.jdbcUrl());
        Thread.currentThread().join();
    }
}
