package io.aigne.usage.aggregator.messaging;

import io.aigne.usage.aggregator.service.OpenStatsLoader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Takes over partitions whose open buckets are not in memory (a new assignment, or a load that
 * failed): claims them in consumer_offsets, rebuilds their open buckets from model_calls and
 * seeks them to the claimed offsets (or to the log's start, reporting the records retention removed).
 */
@ApplicationScoped
class PartitionTakeover {

    @Inject
    OpenStatsLoader loader;

    @Inject
    StoredPositions positions;

    /** True when it took over any partition (the polled batch is then stale: positions moved). */
    boolean ensureOwned(KafkaConsumer<String, String> c, ConsumerRun run, Collection<TopicPartition> partitions)
            throws SQLException {
        List<TopicPartition> missing = partitions.stream().filter(tp -> !run.open().owns(tp.partition())).toList();
        if (missing.isEmpty()) {
            return false;
        }
        try {
            positions.seekTo(c, loader.load(run.open(), missing, run.group(), run.instance()));
        } catch (SQLException | RuntimeException e) {
            // none left owned in memory without its seek: the next batch takes them all over again
            run.open().revoke(missing.stream().map(TopicPartition::partition).toList());
            throw e;
        }
        return true;
    }
}
