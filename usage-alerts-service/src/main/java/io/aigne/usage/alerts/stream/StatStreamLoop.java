package io.aigne.usage.alerts.stream;

import io.aigne.usage.events.Topics;
import io.aigne.usage.support.DataIsolation;
import io.aigne.usage.support.StoredOffsetSeek;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Reads the flushed stat events and the running snapshots (decision 0009) on one thread of its
 * own. Positions live in PostgreSQL with the state (decision 0001's reasons): on assignment the
 * consumer seeks to the stored offsets, and after a failed batch it goes back to them and
 * retries, so a batch is applied once in effect whatever stops the service. While the stored offsets
 * cannot be read (the database down) the partitions wait paused ({@link StoredOffsetSeek}); no
 * failure ends the thread.
 */
@ApplicationScoped
public class StatStreamLoop {
    private static final Logger LOG = Logger.getLogger(StatStreamLoop.class);

    @Inject
    StatBatch batch;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "usage.alerts.group")
    String group;

    @ConfigProperty(name = "usage.alerts.consumer.enabled", defaultValue = "true")
    boolean enabled;

    private static final Duration RETRY_BACKOFF = Duration.ofSeconds(2);

    private StoredOffsetSeek positions;
    private final StoredOffsetSeek.Reader stored = partitions -> batch.storedOffsets();
    private volatile boolean running;
    private volatile Thread thread;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Instant lastPoll = Instant.EPOCH;

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        // stat events the topics' retention removed before they were applied (the service was away longer)
        for (String topic : List.of(Topics.MODEL_CALL_STATS, Topics.MODEL_CALL_STATS_LIVE)) {
            lostToRetention(topic); // from 0, before any loss
        }
        positions = new StoredOffsetSeek(RETRY_BACKOFF, (tp, count) -> lostToRetention(tp.topic()).increment(count));
        running = true;
        thread = new Thread(this::run, "stat-stream-consumer");
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(15).toMillis());
        }
    }

    private Counter lostToRetention(String topic) {
        return registry.counter("usage.alerts.stat_events_lost_to_retention", "topic", topic);
    }

    /** Polling within the last minute (readiness). */
    public boolean isHealthy() {
        return !enabled || (thread != null && thread.isAlive() && lastPoll.isAfter(Instant.now().minusSeconds(60)));
    }

    private void run() {
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(settings(), new StringDeserializer(), new StringDeserializer())) {
            consumer = c;
            c.subscribe(List.of(Topics.MODEL_CALL_STATS, Topics.MODEL_CALL_STATS_LIVE), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    positions.forget(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    seekToStored(c, partitions);
                }
            });
            while (running) {
                try {
                    positions.retryPaused(c, stored);
                    pollAndApply(c);
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    // never give up consuming: log, back off, poll again (positions come from the database)
                    LOG.error("Stat stream consumer error; continuing", e);
                    sleep(RETRY_BACKOFF);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("Stat stream consumer woken up unexpectedly", e);
            }
        } catch (RuntimeException e) {
            LOG.error("Stat stream consumer stopped", e);
        } finally {
            consumer = null;
        }
    }

    private void pollAndApply(KafkaConsumer<String, String> c) {
        ConsumerRecords<String, String> records = c.poll(Duration.ofMillis(500));
        lastPoll = Instant.now();
        if (records.isEmpty()) {
            return;
        }
        List<ConsumerRecord<String, String>> all = new ArrayList<>(records.count());
        records.forEach(all::add);
        try {
            positions.polled(c, records); // counts what retention removed while this consumer was behind
            // a record the database refuses for its data is found by halving and skipped alone
            DataIsolation.apply(all, batch::apply, batch::skip);
            c.commitAsync(); // for lag tools only: the stored offsets decide
        } catch (Exception e) {
            LOG.errorf(e, "A batch of %d stat events failed; retrying from the stored offsets", all.size());
            sleep(RETRY_BACKOFF);
            seekToStored(c, records.partitions());
        }
    }

    /** To the stored offsets, or paused until they can be read (the database down). */
    private void seekToStored(KafkaConsumer<String, String> c, Collection<TopicPartition> partitions) {
        positions.seek(c, partitions, stored);
    }

    private Map<String, Object> settings() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        return props;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
