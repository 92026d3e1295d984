package io.aigne.usage.aggregator.messaging;

import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.aggregator.service.FlushRequests;
import io.aigne.usage.aggregator.service.IsolatingBatchApplier;
import io.aigne.usage.events.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The single thread that reads {@link Topics#MODEL_CALLS} and owns the open statistics. A plain
 * poll loop rather than a reactive channel, because exactly-once in effect needs control of
 * positions: on assignment it seeks to the offsets stored in PostgreSQL and rebuilds the open
 * buckets from model_calls ({@link SeekToStoredOffsets}); each batch is applied by
 * {@link BatchStep} (its transaction on a writer thread while this one polls the next; a record the
 * database refuses is set aside to the DLQ by {@link IsolatingBatchApplier}; after any other
 * failure it seeks back and retries), so the loop
 * never stops on bad data or a database outage (a partition stuck for longer than
 * {@code stall-timeout} turns readiness DOWN). Flushes run on this thread too, between batches
 * ({@link FlushStep}, with no batch in flight), and running snapshots of open hours
 * ({@link LiveSnapshots}), so the open statistics are only ever changed by this thread.
 */
@ApplicationScoped
public class ModelCallConsumerLoop {
    private static final Logger LOG = Logger.getLogger(ModelCallConsumerLoop.class);
    private static final Duration BUSY_POLL = Duration.ofMillis(10);

    @Inject
    AggregatorConfig config;

    @Inject
    ConsumerSettings settings;

    @Inject
    BatchStep batches;

    @Inject
    FlushStep flushes;

    @Inject
    FlushRequests flushRequests;

    @Inject
    OutboxDrain outbox;

    @Inject
    PartitionTakeover takeover;

    @Inject
    LiveSnapshots live;

    @Inject
    PartitionProgress progress;

    @Inject
    StoredPositions positions;

    @Inject
    MeterRegistry registry;

    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile Instant lastPoll = Instant.EPOCH;
    private volatile ConsumerRun current;

    void onStart(@Observes StartupEvent event) {
        if (!config.consumer().enabled()) {
            return;
        }
        registry.gauge("usage.stats.open_buckets", this, loop -> loop.current == null ? 0 : loop.current.open().openBuckets());
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

    private void run() {
        ConsumerRun run = ConsumerRun.start(config.consumer().groupId(), config.sketchK());
        current = run;
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(settings.forGroup(run.group()),
                new StringDeserializer(), new StringDeserializer())) {
            consumer = c;
            // consumer lag (records-lag-max), fetch rates and the like, as kafka_consumer_* metrics
            new KafkaClientMetrics(c).bindTo(registry);
            c.subscribe(List.of(Topics.MODEL_CALLS), new SeekToStoredOffsets(c, run, takeover, progress, positions, flushRequests,
                    () -> batches.drop(c, run)));
            while (running) {
                try {
                    batches.placePaused(c, run);
                    // while a batch is written, poll briefly: the next one is collected meanwhile
                    ConsumerRecords<String, String> records = c.poll(batches.busy() ? BUSY_POLL : config.consumer().pollTimeout());
                    lastPoll = Instant.now();
                    if (records.isEmpty()) {
                        if (!batches.idle(c, run)) {
                            outbox.ifDue();
                        }
                    } else {
                        batches.apply(c, run, records);
                    }
                    batches.recordLag(c);
                    if (flushes.due()) {
                        batches.drop(c, run); // a flush may find a partition taken over: nothing collected for it may stay
                        flushes.flush(run);
                    }
                    live.publishIfDue(run);
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // never give up consuming: log, back off, poll again (positions come from the database)
                    LOG.error("Consumer loop error; continuing", e);
                    Thread.sleep(config.consumer().retryBackoff().toMillis());
                }
            }
            batches.settle(c, run);
            flushes.flush(run); // graceful shutdown: closed hours go out before we stop
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
}
