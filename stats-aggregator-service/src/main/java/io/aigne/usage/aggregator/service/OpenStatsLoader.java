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

/**
 * Rebuilds the open buckets of newly assigned partitions from model_calls (the source of truth):
 * after a start, a crash or a partition moving here, memory again equals what was consumed.
 */
@ApplicationScoped
public class OpenStatsLoader {

    @Inject
    AgroalDataSource dataSource;

    @Transactional
    public void load(OpenStats open, Collection<Integer> partitions) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Map<Integer, Long> marks = StatsStore.watermarks(c);
            for (int p : partitions) {
                long watermark = marks.getOrDefault(p, 0L);
                open.assign(p, watermark);
                // the day holding the watermark is still open, so read it whole
                StatsStore.forEachTerminalCall(c, p, TimeType.day.floor(watermark), Long.MAX_VALUE, (call, partition) -> {
                    for (StatKey key : StatKey.of(call)) {
                        if (!open.isFlushed(p, key)) {
                            open.add(p, key, call);
                        }
                    }
                });
            }
        }
    }
}
