package io.aigne.usage.aggregator.service;

import io.aigne.usage.stats.StatKey;
import io.aigne.usage.stats.TimeType;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Rebuilds the open buckets of newly assigned partitions from model_calls (the source of truth):
 * after a start, a crash or a partition moving here, memory again equals what was consumed.
 */
@ApplicationScoped
public class OpenStatsLoader {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ConsumerOffsetStore offsets;

    @Inject
    StatsStore store;

    /**
     * Takes the partitions over (see {@link ConsumerOffsetStore#claim}) and rebuilds their open
     * buckets in the same transaction; returns the offsets to continue from.
     */
    @Transactional
    public Map<TopicPartition, Long> load(OpenStats open, Collection<TopicPartition> topicPartitions, String group, String instance)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Map<TopicPartition, Long> next = offsets.claim(c, group, topicPartitions, instance);
            Map<Integer, Long> marks = store.watermarks(c);
            for (TopicPartition tp : topicPartitions) {
                int p = tp.partition();
                long watermark = marks.getOrDefault(p, 0L);
                open.assign(p, watermark);
                try {
                    // the day holding the watermark is still open, so read it whole
                    store.forEachTerminalCall(c, p, TimeType.day.floor(watermark), Long.MAX_VALUE, (call, partition) -> {
                        for (StatKey key : StatKey.of(call)) {
                            if (!open.isFlushed(p, key)) {
                                open.add(p, key, call);
                            }
                        }
                    });
                } catch (SQLException | RuntimeException e) {
                    open.revoke(java.util.List.of(p)); // half a rebuild must never be flushed; the next batch retries
                    throw e;
                }
            }
            return next;
        }
    }
}
