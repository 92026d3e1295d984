package io.aigne.usage.benchmarks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.Topics;
import io.aigne.usage.localstack.ServiceProcess;
import io.aigne.usage.stats.LatencyP95;
import io.aigne.usage.stats.SketchCodec;
import io.aigne.usage.testkit.AggregatorFleet;
import io.aigne.usage.testkit.LocalInfra;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Streams generated calls through the real broker into the packaged aggregator and measures:
 * sustained events/s end to end (produced → calls, statistics and offsets committed) for a
 * realistic mix (70 % in the running hour, 30 % late: hours already flushed, merged into stored
 * rows); the flush of a closed hour holding 100k calls (the aggregator restarted with that hour
 * unflushed, so it rebuilds it from model_calls and flushes it on start); heap; and the P95
 * accuracy of merged hourly sketches per project. Baselines measured in the same run: a bare
 * consumer reading the same records (the broker's ceiling), one SQL GROUP BY with
 * percentile_disc recomputing the busy hour's rows, and exact P95s from the generated values.
 */
public final class AggregatorBenchmark {
    private static final int USERS = 200;
    private static final int PROJECTS = 60;
    private static final int LATE_PERCENT = Integer.getInteger("late.percent", 30);
    /** Events streamed before the timed run, so it measures a JVM whose hot paths are compiled (-Dwarmup=N; 0: none). */
    private static final int WARMUP = Integer.getInteger("warmup", 800_000);
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final String[] MODELS = {"gpt-4o", "gpt-4o-mini", "claude-3-5-sonnet", "claude-3-haiku", "gemini-1.5-pro",
            "gemini-1.5-flash", "llama-3-70b", "mistral-large", "text-embedding-3-small", "dall-e-3"};

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int busyHourCalls = Math.min(100_000, total / 10);
        long hourNow = Instant.now().getEpochSecond() / 3_600 * 3_600;
        long busyHour = hourNow - 2 * 3_600;
        try (AggregatorFleet fleet = new AggregatorFleet()) {
            Map<String, String> env = new HashMap<>(Map.of("USAGE_AGGREGATOR_FLUSH_CRON", "0 0 1 1 *"));
            if (System.getProperty("max.poll.records") != null) { // the service's default unless given
                env.put("USAGE_AGGREGATOR_CONSUMER_MAX_POLL_RECORDS", System.getProperty("max.poll.records"));
            }
            ServiceProcess aggregator = fleet.start("1g", env);

            Map<String, List<Double>> successLatencies = new HashMap<>();
            double warmupSeconds = warmUp(fleet, busyHour, hourNow, successLatencies);
            System.out.printf("timed run of %,d events starts%n", total); // a marker for profilers attached from outside
            WalMeter.Reading walBefore = walReading(fleet);
            CpuMeter cpu = new CpuMeter();
            long started = System.nanoTime();
            long produced = produce("b-", total, busyHourCalls, busyHour, hourNow, successLatencies);
            double produceSeconds = (System.nanoTime() - started) / 1e9;
            fleet.awaitCaughtUp(Duration.ofMinutes(30));
            double endToEndSeconds = (System.nanoTime() - started) / 1e9;
            Map<String, Double> cpuSeconds = cpu.seconds();
            WalMeter.Reading walAfter = walReading(fleet);
            double jitSeconds = cpu.aggregatorJitSeconds();
            double vmThreadSeconds = cpu.aggregatorVmThreadSeconds();
            double heapMb = heapUsedMb(aggregator);
            Accuracy accuracy = p95Accuracy(fleet, successLatencies);
            double bareConsumerSeconds = bareConsumer(total);
            CopyBaseline copy = copyBaseline(fleet);

            // the busy hour once more, this time through memory: stop, mark it unflushed, start
            aggregator.close();
            try (Connection c = fleet.connect()) {
                c.createStatement().execute("UPDATE stat_watermarks SET flushed_until = " + busyHour);
                c.createStatement().execute("DELETE FROM model_call_stats WHERE time_type = 'hour' AND \"timestamp\" >= " + busyHour);
            }
            long restart = System.nanoTime();
            aggregator = fleet.start("1g", env);
            while (fleet.minWatermark() < hourNow) {
                Thread.sleep(100);
            }
            double rebuildAndFlushSeconds = (System.nanoTime() - restart) / 1e9;
            double flushSeconds = metric(aggregator, "usage_stats_flush_duration_seconds_max");
            int flushedRows = countRows(fleet, busyHour, hourNow);
            double baselineSeconds = naiveRecompute(fleet, busyHour, busyHour + 3_600);

            System.out.printf("%n## Aggregator benchmark (%s, %d cores)%n%n", Instant.now(), Runtime.getRuntime().availableProcessors());
            System.out.println("| measure | result | baseline (same run) |");
            System.out.println("|---|---|---|");
            System.out.printf("| events produced | %,d (%,d in one hour; %d users, %d projects, %d models) | |%n", produced,
                    busyHourCalls, USERS, PROJECTS, MODELS.length);
            if (WARMUP > 0) {
                System.out.printf("| warm-up first: the fresh JVM compiling its hot paths (not in the rows below) | %,d events at %,.0f events/s | |%n",
                        WARMUP, WARMUP / warmupSeconds);
            }
            System.out.printf("| sustained end to end, 70 %% running hour / 30 %% late (produced → calls, stats, offsets committed) | %,.0f events/s (%.1f s) | bare consumer, no processing: %,.0f events/s |%n",
                    produced / endToEndSeconds, endToEndSeconds, produced / bareConsumerSeconds);
            double cpuTotal = CpuMeter.total(cpuSeconds);
            StringBuilder perEvent = new StringBuilder();
            cpuSeconds.forEach((part, sec) -> perEvent.append(String.format("%s %.0f, ", part, sec * 1e6 / produced)));
            System.out.printf("| CPU per event in that run, µs (%d cores at 25,000 events/s allow %.0f) | %stotal %.0f | the machine's %d cores %.0f %% busy with these |%n",
                    CORES, CORES * 1e6 / 25_000, perEvent, cpuTotal * 1e6 / produced, CORES, 100 * cpuTotal / (CORES * endToEndSeconds));
            System.out.printf("| of the aggregator's CPU per event: its JIT compiler threads, its VM thread (serial GC) | %.1f µs, %.1f µs | |%n",
                    jitSeconds * 1e6 / produced, vmThreadSeconds * 1e6 / produced);
            System.out.printf("| PostgreSQL's write-ahead log in that run | %s | |%n", WalMeter.perEvent(walBefore, walAfter, produced));
            System.out.printf("| physical baseline: the same %,d stored calls loaded by PostgreSQL COPY alone (a plain table with model_calls' indexes) | %,.0f rows/s (%.1f s) | end to end ÷ COPY: %.1f %% |%n",
                    copy.rows, copy.rows / copy.seconds, copy.seconds, 100 * (produced / endToEndSeconds) / (copy.rows / copy.seconds));
            System.out.printf("| producing alone | %,.0f events/s | |%n", produced / produceSeconds);
            System.out.printf("| flush of the closed %,d-call hour (+ the hour after it) | %.3f s, %d rows | SQL GROUP BY + percentile_disc of that hour's user/project rows: %.3f s |%n",
                    busyHourCalls, flushSeconds, flushedRows, baselineSeconds);
            System.out.printf("| restart: rebuild the open hours from model_calls + flush | %.1f s | |%n", rebuildAndFlushSeconds);
            System.out.printf("| aggregator heap used after the run | %.0f MB (-Xmx1g) | |%n", heapMb);
            System.out.printf("| P95 rank error, %d projects (merged hourly sketches, k=400) | max %.4f, mean %.4f | exact P95 from all values |%n",
                    accuracy.projects, accuracy.maxRankError, accuracy.meanRankError);
            System.out.printf("| P95 relative value error | max %.4f, mean %.4f | |%n", accuracy.maxValueError, accuracy.meanValueError);
            aggregator.close();
        }
        if (Boolean.parseBoolean(System.getProperty("replicas", "true"))) { // -Dreplicas=false: the main table only
            replicaScaling(Math.max(100_000, Math.min(400_000, total / 5)));
        }
        System.exit(0);
    }

    /**
     * Streams the warm-up events (ids "w-…") and waits until they are stored; returns the seconds it took.
     * A fresh JVM on 2 busy cores compiles for hundreds of thousands of events (its compiler threads' CPU
     * per event: 13 µs in a run after 100,000 warm-up events, 8 after 300,000, 2–4 after 600,000–900,000);
     * timed then, the run measures the compiler, not a service that runs for days. The table prints what
     * the compiler still used in the timed run.
     */
    private static double warmUp(AggregatorFleet fleet, long busyHour, long hourNow, Map<String, List<Double>> latencies)
            throws Exception {
        long started = System.nanoTime();
        if (WARMUP > 0) {
            produce("w-", WARMUP, 0, busyHour, hourNow, latencies);
            fleet.awaitCaughtUp(Duration.ofMinutes(30));
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** Streams {@code total} calls with ids {@code idPrefix + i}; the first {@code busyHourCalls} in the busy hour. */
    private static long produce(String idPrefix, int total, int busyHourCalls, long busyHour, long hourNow,
            Map<String, List<Double>> latencies) {
        Random random = new Random(idPrefix.hashCode());
        String[] projectOwner = new String[PROJECTS];
        for (int p = 0; p < PROJECTS; p++) {
            projectOwner[p] = "did:abt:bench-user-" + (p % USERS);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafka().bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < total; i++) {
                // most calls belong to a project; the rest to users without one
                int p = random.nextInt(PROJECTS + PROJECTS / 5);
                String user = p < PROJECTS ? projectOwner[p] : "did:abt:bench-user-" + random.nextInt(USERS);
                String app = p < PROJECTS ? "did:app:bench-" + p : null;
                String model = MODELS[random.nextInt(MODELS.length)];
                long now = Instant.now().getEpochSecond();
                long callTime = i < busyHourCalls ? busyHour + random.nextInt(3_600)
                        : random.nextInt(100) < LATE_PERCENT ? hourNow - 24 * 3_600 + random.nextInt(23 * 3_600)
                        : Math.max(hourNow, now - random.nextInt(60));
                boolean failed = random.nextInt(25) == 0;
                double duration = Math.round(Math.exp(6.5 + 0.8 * random.nextGaussian() + (p % 7) * 0.1) * 10) / 10.0;
                ObjectNode e = ModelCallJson.MAPPER.createObjectNode();
                e.put("id", idPrefix + i).put("userDid", user).put("appDid", app).put("model", model).put("type", "chatCompletion")
                        .put("status", failed ? "failed" : "success").put("durationMs", duration)
                        .put("totalUsage", random.nextInt(4_000))
                        .put("credits", failed ? BigDecimal.ZERO : BigDecimal.valueOf(random.nextInt(10_000_000)).movePointLeft(10))
                        .put("callTime", callTime).put("schemaVersion", 1);
                if (!failed && app != null && callTime < hourNow) {
                    latencies.computeIfAbsent(app, x -> new ArrayList<>()).add(duration);
                }
                producer.send(new ProducerRecord<>(Topics.MODEL_CALLS, user, e.toString()));
            }
            producer.flush();
        }
        return total;
    }

    private static int countRows(AggregatorFleet fleet, long from, long to) throws Exception {
        try (Connection c = fleet.connect(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM model_call_stats WHERE time_type = 'hour' AND \"timestamp\" >= ? AND \"timestamp\" < ?")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * 1, 2 and 3 aggregator replicas (the topic has 3 partitions) on the same broker and database
     * server: for each, a new group and database whose offsets start at the topic's end (a first
     * instance migrates the database and is stopped, what it read is truncated), then the replicas
     * own their partitions and the same mix of new events is streamed to them, timed until caught up.
     */
    private static void replicaScaling(int events) throws Exception {
        System.out.printf("%n| aggregator replicas (%,d events each run, same mix) | events/s together | events/s each | CPU per event, share of the %d cores |%n|---|---|---|---|%n",
                events, CORES);
        Map<String, String> env = Map.of("USAGE_AGGREGATOR_FLUSH_CRON", "0 0 1 1 *");
        for (int replicas = 1; replicas <= 3; replicas++) {
            try (AggregatorFleet fleet = new AggregatorFleet()) {
                fleet.start("512m", env).close();
                startAtTheEnd(fleet);
                for (int i = 0; i < replicas; i++) {
                    fleet.start("512m", env);
                }
                fleet.awaitOwners(replicas, Duration.ofMinutes(2));
                long hourNow = Instant.now().getEpochSecond() / 3_600 * 3_600;
                warmUp(fleet, hourNow - 2 * 3_600, hourNow, new HashMap<>());
                CpuMeter cpu = new CpuMeter();
                long start = System.nanoTime();
                produce("b-", events, 0, hourNow - 2 * 3_600, hourNow, new HashMap<>());
                fleet.awaitCaughtUp(Duration.ofMinutes(30));
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = CpuMeter.total(cpu.seconds());
                double rate = events / seconds;
                System.out.printf("| %d | %,.0f | %,.0f | %.0f µs, %.0f %% |%n", replicas, rate, rate / replicas, cpuSeconds * 1e6 / events,
                        100 * cpuSeconds / (CORES * seconds));
            }
        }
    }

    /** Empties what the migrating instance stored and sets the group's offsets to the topic's end. */
    private static void startAtTheEnd(AggregatorFleet fleet) throws Exception {
        Map<TopicPartition, Long> ends;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafka().bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            ends = c.endOffsets(c.partitionsFor(Topics.MODEL_CALLS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList());
        }
        try (Connection c = fleet.connect(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO consumer_offsets (consumer_group, topic, partition_no, next_offset) VALUES (?, ?, ?, ?)
                ON CONFLICT (consumer_group, topic, partition_no) DO UPDATE SET next_offset = EXCLUDED.next_offset, owner = NULL""")) {
            c.createStatement().execute("TRUNCATE model_calls, model_call_ids, model_call_stats, stats_outbox");
            for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                ps.setString(1, fleet.group);
                ps.setString(2, e.getKey().topic());
                ps.setInt(3, e.getKey().partition());
                ps.setLong(4, e.getValue());
                ps.executeUpdate();
            }
        }
    }

    private static WalMeter.Reading walReading(AggregatorFleet fleet) throws SQLException {
        try (Connection c = fleet.connect()) {
            return WalMeter.read(c);
        }
    }

    record CopyBaseline(long rows, double seconds) {
    }

    /**
     * What PostgreSQL alone takes to store the same rows: the calls the run stored, copied out and
     * loaded by COPY into a plain table with model_calls' columns and indexes (timed: the load only).
     */
    private static CopyBaseline copyBaseline(AggregatorFleet fleet) throws Exception {
        Path file = Files.createTempFile("calls", ".copy");
        try (Connection c = fleet.connect()) {
            CopyManager copy = new CopyManager(c.unwrap(BaseConnection.class));
            long rows;
            try (OutputStream out = Files.newOutputStream(file)) {
                rows = copy.copyOut("COPY (SELECT * FROM model_calls) TO STDOUT", out); // a partitioned table copies out only by query
            }
            c.createStatement().execute("CREATE TABLE copy_baseline (LIKE model_calls INCLUDING ALL)");
            c.createStatement().execute("CHECKPOINT");
            long start = System.nanoTime();
            try (InputStream in = Files.newInputStream(file)) {
                copy.copyIn("COPY copy_baseline FROM STDIN", in);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            c.createStatement().execute("DROP TABLE copy_baseline");
            return new CopyBaseline(rows, seconds);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The broker's ceiling: a consumer that only reads the same records. */
    private static double bareConsumer(int total) {
        long start = System.nanoTime();
        long read = 0;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalInfra.get().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-bare-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000),
                new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(Topics.MODEL_CALLS));
            while (read < total) {
                read += c.poll(Duration.ofMillis(500)).count();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The naive way: recompute the project-hour rows of the range with one SQL aggregate. */
    private static double naiveRecompute(AggregatorFleet fleet, long from, long to) throws Exception {
        long start = System.nanoTime();
        try (Connection c = fleet.connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT user_did, app_did, call_time / 3600 AS hour, count(*), sum(total_usage), sum(credits),
                       count(*) FILTER (WHERE status = 'success'),
                       percentile_disc(0.95) WITHIN GROUP (ORDER BY duration_ms) FILTER (WHERE status = 'success')
                FROM model_calls WHERE call_time >= ? AND call_time < ? AND status <> 'processing'
                GROUP BY GROUPING SETS ((user_did, call_time / 3600), (user_did, app_did, call_time / 3600))""")) {
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rs.getLong(4);
                }
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    record Accuracy(int projects, double maxRankError, double meanRankError, double maxValueError, double meanValueError) {
    }

    private static Accuracy p95Accuracy(AggregatorFleet fleet, Map<String, List<Double>> latencies) throws Exception {
        Map<String, KllDoublesSketch> merged = new HashMap<>();
        try (Connection c = fleet.connect(); PreparedStatement ps = c.prepareStatement("""
                SELECT app_did, latency_sketch FROM model_call_stats
                WHERE app_did LIKE 'did:app:bench-%' AND model_id IS NULL AND time_type = 'hour'""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                KllDoublesSketch s = SketchCodec.read(rs.getBytes(2), 400);
                merged.computeIfAbsent(rs.getString(1), x -> KllDoublesSketch.newHeapInstance(400)).merge(s);
            }
        }
        double maxRank = 0;
        double sumRank = 0;
        double maxValue = 0;
        double sumValue = 0;
        for (Map.Entry<String, List<Double>> e : latencies.entrySet()) {
            double[] sorted = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double exact = sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
            double estimate = LatencyP95.of(merged.get(e.getKey()));
            int below = Arrays.binarySearch(sorted, Math.nextUp(estimate));
            double rank = (double) (below >= 0 ? below : -below - 1) / sorted.length;
            double rankError = Math.abs(rank - 0.95);
            double valueError = Math.abs(estimate - exact) / exact;
            maxRank = Math.max(maxRank, rankError);
            sumRank += rankError;
            maxValue = Math.max(maxValue, valueError);
            sumValue += valueError;
        }
        int n = latencies.size();
        return new Accuracy(n, maxRank, sumRank / n, maxValue, sumValue / n);
    }

    private static double heapUsedMb(ServiceProcess aggregator) throws Exception {
        return metricSum(aggregator, "jvm_memory_used_bytes{area=\"heap\"") / 1024 / 1024;
    }

    private static double metric(ServiceProcess aggregator, String name) throws Exception {
        return metricSum(aggregator, name);
    }

    private static double metricSum(ServiceProcess aggregator, String prefix) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(aggregator.baseUrl() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
