package io.aigne.usage.aggregator.messaging;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.aggregator.service.ConsumerOffsetStore;
import io.aigne.usage.aggregator.service.IsolatingBatchApplier;
import io.aigne.usage.aggregator.service.ModelCallBatchProcessor;
import io.aigne.usage.aggregator.service.OpenStats;
import io.aigne.usage.aggregator.service.OpenStatsLoader;
import io.aigne.usage.aggregator.service.StatsFlusher;
import io.aigne.usage.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The single thread that reads {@link Topics#MODEL_CALLS} and owns the open statistics. A plain
 * poll loop rather than a reactive channel, because exactly-once in effect needs control of
 * positions: on assignment it seeks to the offsets stored in PostgreSQL and rebuilds the open
 * buckets from model_calls; a record the database refuses is set aside to the DLQ
 * ({@link IsolatingBatchApplier}); after any other failure it seeks back and retries, so the loop
 * never stops on bad data or a database outage (a partition stuck for longer than
 * {@code stall-timeout} turns readiness DOWN). Flushes run on this thread too (between batches), so
 * memory is never touched concurrently. Kafka's own committed offsets are written only so lag
 * is visible to standard tools.
 */
@ApplicationScoped
public class ModelCallConsumerLoop {
    private static final Logger LOG = Logger.getLogger(ModelCallConsumerLoop.class);

    @Inject
    AggregatorConfig config;

    @Inject
    IsolatingBatchApplier applier;

    @Inject
    PartitionProgress progress;

    @Inject
    ConsumerOffsetStore offsets;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    OpenStatsLoader loader;

    @Inject
    StatsFlusher flusher;

    @Inject
    StatsEventPublisher statsEvents;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private static final Duration STATS_EVENT_INTERVAL = Duration.ofSeconds(1);
    private volatile Instant lastPoll = Instant.EPOCH;
    private Instant lastDrain = Instant.EPOCH;
    private Instant nextFlushAttempt = Instant.EPOCH;
    /** Fencing identity of this run: stored as the owner of the partitions it takes over. */
    private final String instance = "aggregator-" + UUID.randomUUID();
    private OpenStats open;
    /** Flush requests (cron, admin, start); completed by the consumer thread. */
    private final ConcurrentLinkedQueue<CompletableFuture<StatsFlusher.Result>> flushRequests = new ConcurrentLinkedQueue<>();

    void onStart(@Observes StartupEvent event) {
        if (!config.consumer().enabled()) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "model-call-consumer");
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Alive and polling recently: used by the readiness check. */
    public boolean isHealthy() {
        return thread != null && thread.isAlive() && lastPoll.isAfter(Instant.now().minusSeconds(60));
    }

    /** Partitions whose batches have failed for longer than the configured stall timeout. */
    public Map<Integer, Duration> stalledPartitions() {
        return progress.stalledLongerThan(config.consumer().stallTimeout());
    }

    /** The thread is alive (it may be busy with a long batch or a rebuild). */
    public boolean isRunning() {
        return thread != null && thread.isAlive();
    }

    public boolean isEnabled() {
        return config.consumer().enabled();
    }

    /** Asks the consumer thread to flush closed hours; completes when it did. */
    public CompletableFuture<StatsFlusher.Result> requestFlush() {
        CompletableFuture<StatsFlusher.Result> done = new CompletableFuture<>();
        flushRequests.add(done);
        return done;
    }

    private void run() {
        String group = config.consumer().groupId();
        open = new OpenStats(config.sketchK());
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerConfig(group),
                new StringDeserializer(), new StringDeserializer())) {
            consumer = c;
            // consumer lag (records-lag-max), fetch rates and the like, as kafka_consumer_* metrics
            KafkaClientMetrics metrics =
                    new KafkaClientMetrics(c);
            metrics.bindTo(registry);
            registry.gauge("usage.stats.open_buckets", this, loop -> loop.open == null ? 0 : loop.open.openBuckets());
            c.subscribe(List.of(Topics.MODEL_CALLS), new SeekToStoredOffsets(c, group));
            while (running) {
                try {
                    ConsumerRecords<String, String> records = c.poll(config.consumer().pollTimeout());
                    lastPoll = Instant.now();
                    if (!records.isEmpty()) {
                        applyBatch(c, group, records);
                    }
                    recordLag(c);
                    if (records.isEmpty() && lastDrain.isBefore(Instant.now().minus(STATS_EVENT_INTERVAL))) {
                        drainQuietly();
                    }
                    if (!flushRequests.isEmpty() && Instant.now().isAfter(nextFlushAttempt)) {
                        flush();
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // never give up consuming: log, back off, poll again (positions come from the database)
                    LOG.error("Consumer loop error; continuing", e);
                    Thread.sleep(config.consumer().retryBackoff().toMillis());
                }
            }
            flush(); // graceful shutdown: closed hours go out before we stop
        } catch (WakeupException e) {
            if (running) {
                LOG.error("Consumer woken up unexpectedly", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Consumer loop stopped", e);
        } finally {
            consumer = null;
        }
    }

    private void applyBatch(KafkaConsumer<String, String> c, String group, ConsumerRecords<String, String> records)
            throws InterruptedException {
        try {
            if (ensureLoaded(c, group, records.partitions())) {
                return; // just taken over: continue from the claimed offsets, not from this batch
            }
            List<ConsumerRecord<String, String>> all = new ArrayList<>(records.count());
            records.forEach(all::add);
            applier.apply(group, instance, all, open);
            progress.progressed(records.partitions());
            c.commitAsync(nextOffsets(records), null);
            if (lastDrain.plus(STATS_EVENT_INTERVAL).isBefore(Instant.now())) {
                statsEvents.drain(); // coalesced: one event per changed row per interval, not per batch
                lastDrain = Instant.now();
            }
        } catch (ModelCallBatchProcessor.PartitionLostException e) {
            LOG.infof("%s; dropping its open statistics", e.getMessage());
            open.revoke(records.partitions().stream().map(TopicPartition::partition).toList());
        } catch (Exception e) {
            LOG.errorf(e, "Batch of %d records failed; will retry from the stored offsets", records.count());
            progress.failed(records.partitions());
            rewind(c, group, records.partitions());
            Thread.sleep(config.consumer().retryBackoff().toMillis());
        }
    }

    /** Consumer lag per assigned partition, for the metric (the consumer is only safe on this thread). */
    private void recordLag(KafkaConsumer<String, String> c) {
        for (TopicPartition tp : c.assignment()) {
            c.currentLag(tp).ifPresent(l -> progress.lag(tp, l));
        }
    }

    private void drainQuietly() {
        try {
            statsEvents.drain();
        } catch (Exception e) {
            LOG.warn("Publishing stats events failed; the outbox keeps them for the next try", e);
        }
        lastDrain = Instant.now();
    }

    private void flush() {
        List<CompletableFuture<StatsFlusher.Result>> waiting = new ArrayList<>();
        for (CompletableFuture<StatsFlusher.Result> r; (r = flushRequests.poll()) != null;) {
            waiting.add(r);
        }
        try {
            StatsFlusher.Result result = flusher.flush(open, config.consumer().groupId(), instance);
            statsEvents.drain();
            if (result.rows() > 0) {
                LOG.infof("Flushed %d rows of %d partitions up to %d", result.rows(), result.partitions(), result.flushedUntil());
            }
            waiting.forEach(w -> w.complete(result));
        } catch (Exception e) {
            LOG.error("Flush failed; it will be retried", e);
            waiting.forEach(w -> w.completeExceptionally(e));
            flushRequests.add(new CompletableFuture<>());
            nextFlushAttempt = Instant.now().plus(config.consumer().retryBackoff());
        }
    }

    /**
     * Takes over partitions whose open buckets are not in memory (new assignment, or a load that
     * failed) and seeks them to the claimed offsets; true when it did.
     */
    private boolean ensureLoaded(KafkaConsumer<String, String> c, String group, Collection<TopicPartition> partitions)
            throws SQLException {
        List<TopicPartition> missing = partitions.stream().filter(tp -> !open.owns(tp.partition())).toList();
        if (missing.isEmpty()) {
            return false;
        }
        loader.load(open, missing, group, instance).forEach(c::seek);
        return true;
    }

    private Map<String, Object> consumerConfig(String group) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.consumer().maxPollRecords());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.consumer().sessionTimeout().toMillis());
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) config.consumer().sessionTimeout().toMillis() / 3);
        return props;
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, String>> rs = records.records(tp);
            next.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
        }
        return next;
    }

    /** After a failure: position every partition of the batch at its stored offset again. */
    private void rewind(KafkaConsumer<String, String> c, String group, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> stored = readStored(group, partitions);
        for (TopicPartition tp : partitions) {
            if (stored.containsKey(tp)) {
                c.seek(tp, stored.get(tp));
            } else {
                c.seekToBeginning(List.of(tp));
            }
        }
    }

    private Map<TopicPartition, Long> readStored(String group, Collection<TopicPartition> partitions) {
        try (Connection conn = dataSource.getConnection()) {
            return offsets.read(conn, group, partitions);
        } catch (Exception e) {
            // database down: replaying from the beginning of what we hold is safe, stored offsets skip it later
            LOG.warn("Cannot read stored offsets", e);
            return Map.of();
        }
    }

    /** On (re)assignment, continue exactly where the database says this group stopped. */
    private final class SeekToStoredOffsets implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, String> c;
        private final String group;

        SeekToStoredOffsets(KafkaConsumer<String, String> c, String group) {
            this.c = c;
            this.group = group;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            open.revoke(partitions.stream().map(TopicPartition::partition).toList()); // rebuilt from the database below
            try {
                ensureLoaded(c, group, partitions);
            } catch (Exception e) {
                LOG.warn("Could not rebuild open statistics yet; retrying before the next batch", e);
            }
            flushRequests.add(new CompletableFuture<>()); // catch up on flushes missed while down
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // every applied batch is already in the database; the next owner rebuilds from it
            open.revoke(partitions.stream().map(TopicPartition::partition).toList());
            progress.revoked(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            onPartitionsRevoked(partitions);
        }
    }
}
