package io.aigne.usage.aggregator.messaging;

import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.events.Topics;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatEvent;
import io.aigne.usage.stats.StatKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes running snapshots of the open hour buckets that changed, on the consumer thread
 * (which alone owns them), every {@code usage.aggregator.live.every}: each the bucket's whole
 * state, so a repeated or reordered snapshot changes nothing for a consumer keeping the one with
 * the most calls (decision 0009). Only committed calls are in open buckets, so a snapshot never
 * shows what a rollback took back. Snapshots Kafka did not acknowledge are sent again next time.
 */
@ApplicationScoped
class LiveSnapshots {
    private static final Logger LOG = Logger.getLogger(LiveSnapshots.class);

    @Inject
    AggregatorConfig config;

    @Inject
    Producer<String, String> producer;

    private final Counter published;
    private Instant last = Instant.EPOCH;

    @Inject
    LiveSnapshots(MeterRegistry registry) {
        published = Counter.builder("usage.stats.live_snapshots").description("Running snapshots of open hours published")
                .register(registry);
    }

    void publishIfDue(ConsumerRun run) {
        if (!config.live().enabled() || last.plus(config.live().every()).isAfter(Instant.now())) {
            return;
        }
        last = Instant.now();
        Map<StatKey, CallStats> changed = run.open().takeChanged();
        if (changed.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> sends = new ArrayList<>(changed.size());
        try {
            changed.forEach((key, stats) -> sends.add(producer.send(new ProducerRecord<>(Topics.MODEL_CALL_STATS_LIVE,
                    key.userDid(), new StatEvent(key, stats, 0, true).toJson()))));
            Acks.awaitAll(sends, Duration.ofSeconds(10));
            published.increment(changed.size());
        } catch (RuntimeException e) {
            LOG.warnf("Publishing %d running snapshots failed; they go out with the next ones: %s", changed.size(), e.getMessage());
            run.open().unsent(changed.keySet());
        }
    }
}
