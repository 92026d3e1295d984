package io.aigne.usage.aggregator.service;

import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatKey;
import io.aigne.usage.stats.TimeType;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

/**
 * Writes closed buckets of the owned partitions to model_call_stats and moves each partition's
 * watermark, in one transaction per partition. The hour that is still running is never flushed;
 * a day row is written once its last hour is. Running it twice writes nothing the second time.
 */
@ApplicationScoped
public class StatsFlusher {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    ConsumerOffsetStore offsets;

    @Inject
    StatsStore store;

    private final Timer duration;
    private final Counter rowsWritten;

    @Inject
    public StatsFlusher(MeterRegistry registry) {
        duration = Timer.builder("usage.stats.flush.duration").description("Time to flush closed hours").register(registry);
        rowsWritten = Counter.builder("usage.stats.rows_written").description("ModelCallStat rows written by flushes")
                .register(registry);
    }

    public record Result(int partitions, int rows, long flushedUntil) {
    }

    /** Flushes every owned partition up to the start of the current hour. Call from the consumer thread. */
    public Result flush(OpenStats open, String group, String instance) throws SQLException {
        long until = TimeType.hour.floor(clock.instant().getEpochSecond());
        Timer.Sample sample = Timer.start();
        int partitions = 0;
        int rows = 0;
        for (int p : open.owned()) {
            if (open.watermark(p).orElse(0) >= until) {
                continue;
            }
            Map<StatKey, CallStats> closed = open.closedBy(p, until);
            int written = QuarkusTransaction.requiringNew().call(() -> write(p, closed, until, group, instance));
            if (written < 0) {
                open.revoke(java.util.List.of(p)); // taken over meanwhile: the new owner flushes it
                continue;
            }
            rows += written;
            open.flushed(p, until);
            partitions++;
        }
        sample.stop(duration);
        rowsWritten.increment(rows);
        return new Result(partitions, rows, until);
    }

    /** Writes one partition's closed buckets; -1 when this instance no longer owns the partition. */
    private int write(int partition, Map<StatKey, CallStats> closed, long until, String group, String instance) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            store.lockShared(c);
            String owner = offsets.lock(c, group, new org.apache.kafka.common.TopicPartition(
                    io.aigne.usage.events.Topics.MODEL_CALLS, partition)).owner();
            if (owner != null && !owner.equals(instance)) {
                return -1;
            }
            int rows = store.upsert(c, closed);
            store.saveWatermark(c, partition, until);
            return rows;
        }
    }
}
