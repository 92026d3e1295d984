package io.aigne.usage.aggregator.storage;

import io.aigne.usage.aggregator.retention.RetentionConfig;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the running month's partition of model_calls and the next ones ahead, at start and every
 * hour, so a call at a month boundary always finds its partition (a batch would create a missing
 * one itself too — this keeps the DDL off the hot path).
 */
@ApplicationScoped
public class PartitionsAhead {

    @Inject
    CallPartitions partitions;

    @Inject
    RetentionConfig config;

    @Inject
    Clock clock;

    void onStart(@Observes StartupEvent event) {
        createAhead();
    }

    @Scheduled(every = "1h", delayed = "1h", identity = "model-calls-partitions-ahead",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void createAhead() {
        partitions.ensureMonths(monthsAhead(clock.instant().getEpochSecond(), config.partitionsAhead()));
    }

    /** The UTC month holding {@code now} and the {@code ahead} months after it. */
    static List<Long> monthsAhead(long now, int ahead) {
        List<Long> months = new ArrayList<>();
        long month = CallPartitions.monthOf(now);
        for (int i = 0; i <= ahead; i++) {
            months.add(month);
            month = CallPartitions.nextMonth(month);
        }
        return months;
    }
}
