package io.aigne.usage.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Quarkus service ({@code target/quarkus-app/quarkus-run.jar}) run as a child process,
 * listening on 127.0.0.1 only. A service with a management interface (usage-web: /q/* off its
 * public port) gets its port from {@code QUARKUS_MANAGEMENT_PORT} in the environment.
 */
public final class ServiceProcess implements AutoCloseable {
    private static final String LOOPBACK = "127.0.0.1";
    private final String name;
    private final int port;
    private final int managementPort;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, int managementPort, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code <repoRoot>/<module>/target/quarkus-app/quarkus-run.jar} on {@code port} with extra environment. */
    public static ServiceProcess start(Path repoRoot, String module, int port, Map<String, String> env, Path logDir,
            String heap) {
        return start(repoRoot, module, module, port, env, logDir, heap);
    }

    /** As above, with {@code name} naming the log file (several instances of one module). */
    public static ServiceProcess start(Path repoRoot, String module, String name, int port, Map<String, String> env,
            Path logDir, String heap) {
        Path jar = repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing; build first (./mvnw -DskipTests package)");
        }
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xmx" + heap, "-XX:+Use" + collector(module)));
            if (startsWithWholeHeap(module)) {
                cmd.add("-Xms" + heap);
            }
            cmd.addAll(List.of("-jar", jar.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
            // never reachable from other machines (Quarkus' prod default is 0.0.0.0)
            pb.environment().put("QUARKUS_HTTP_HOST", LOOPBACK);
            pb.environment().put("QUARKUS_MANAGEMENT_HOST", LOOPBACK);
            String management = env.get("QUARKUS_MANAGEMENT_PORT");
            return new ServiceProcess(name, port, management == null ? port : Integer.parseInt(management), pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The aggregator starts with its whole heap (-Xms = -Xmx): its batches in flight live for a second or
     * two (decision 0013), and in a heap grown from the small default initial size its young generation
     * stayed ~120 MB, so they were promoted and filled the old generation: ~25 full collections of 0.1–0.16 s
     * in one benchmark run, its collector ~4.4 µs of CPU per event against ~3 with the whole heap (docs/benchmarks.md).
     * {@code -Dusage.service.whole-heap=false} turns it off (to measure).
     */
    static boolean startsWithWholeHeap(String module) {
        return module.equals("stats-aggregator-service") && Boolean.parseBoolean(System.getProperty("usage.service.whole-heap", "true"));
    }

    /**
     * The garbage collector: serial (one thread, the least memory; seven services share 2 cores here) unless the
     * launching JVM names another, for all ({@code -Dusage.service.gc=ParallelGC}) or one module
     * ({@code -Dusage.service.gc.usage-query-service=ParallelGC}).
     */
    public static String collector(String module) {
        String gc = System.getProperty("usage.service.gc." + module, System.getProperty("usage.service.gc", "SerialGC"));
        if (!gc.matches("(Serial|Parallel|G1|Z|Shenandoah)GC")) {
            throw new IllegalArgumentException("usage.service.gc: not a collector: " + gc);
        }
        return gc;
    }

    public String baseUrl() {
        return "http://" + LOOPBACK + ":" + port;
    }

    /** Where /q/health and /q/metrics are: the management port, or the service's own. */
    public String managementUrl() {
        return "http://" + LOOPBACK + ":" + managementPort;
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    /** Waits until {@code /q/health/ready} (on the management port, if any) answers 200. */
    public ServiceProcess awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return this;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
    }

    /** Ends the process at once, as a crash would (no shutdown hooks, no flush). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
    }
}
