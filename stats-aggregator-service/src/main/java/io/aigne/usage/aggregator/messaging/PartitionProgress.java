package io.aigne.usage.aggregator.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;

/**
 * Per partition: how far behind the log end the consumer is, and since when a partition has
 * been unable to move (its batches keep failing; wall-clock time, not the application's clock,
 * which tests move). Written by the consumer thread, read by the
 * readiness check and the metrics ({@code usage_consumer_lag}, {@code usage_consumer_stalled_seconds},
 * tagged by partition), and the events the topic's retention removed before they were applied
 * ({@code usage_model_calls_lost_to_retention_total}).
 */
@ApplicationScoped
public class PartitionProgress {
    private final Map<Integer, Long> lag = new ConcurrentHashMap<>();
    private final Map<Integer, Instant> failingSince = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> registered = new ConcurrentHashMap<>();

    @Inject
    MeterRegistry registry;

    public void lag(TopicPartition tp, long records) {
        register(tp.partition());
        lag.put(tp.partition(), records);
    }

    /** A batch containing these partitions failed and will be retried. */
    public void failed(Collection<TopicPartition> partitions) {
        Instant now = Instant.now();
        partitions.forEach(tp -> {
            register(tp.partition());
            failingSince.putIfAbsent(tp.partition(), now);
        });
    }

    /** These partitions moved forward (or are no longer ours). */
    public void progressed(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> failingSince.remove(tp.partition()));
    }

    /** The topic's retention removed {@code count} records of this partition before they were applied. */
    public void lostToRetention(TopicPartition tp, long count) {
        lostToRetention(Integer.toString(tp.partition())).increment(count);
    }

    private Counter lostToRetention(String partition) {
        return registry.counter("usage.model_calls.lost_to_retention", "partition", partition);
    }

    public void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> {
            failingSince.remove(tp.partition());
            lag.remove(tp.partition());
        });
    }

    /** Partitions that could not move for longer than {@code limit}. */
    public Map<Integer, Duration> stalledLongerThan(Duration limit) {
        Instant now = Instant.now();
        Map<Integer, Duration> stalled = new TreeMap<>();
        failingSince.forEach((p, since) -> {
            Duration d = Duration.between(since, now);
            if (d.compareTo(limit) > 0) {
                stalled.put(p, d);
            }
        });
        return stalled;
    }

    private void register(int partition) {
        registered.computeIfAbsent(partition, p -> {
            String tag = Integer.toString(p);
            Gauge.builder("usage.consumer.lag", lag, m -> m.getOrDefault(p, 0L)).tag("partition", tag)
                    .description("Records between the consumer's position and the end of the partition").register(registry);
            Gauge.builder("usage.consumer.stalled", failingSince, m -> {
                Instant since = m.get(p);
                return since == null ? 0 : Duration.between(since, Instant.now()).toMillis() / 1000.0;
            }).tag("partition", tag).baseUnit("seconds")
                    .description("How long the partition's batches have been failing (0 when it moves)").register(registry);
            lostToRetention(tag); // from 0, before any loss
            return true;
        });
    }
}
