package io.aigne.usage.quota.ledger;

import io.aigne.usage.quota.config.QuotaConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Since when the ledger consumer's batches keep failing: a metric, and readiness DOWN once it
 * lasts longer than {@code usage.quota.ledger.stall-timeout} ({@link LedgerHealthCheck}).
 */
@ApplicationScoped
public class LedgerProgress {
    private final AtomicReference<Instant> failingSince = new AtomicReference<>();

    @Inject
    QuotaConfig config;

    @Inject
    public LedgerProgress(MeterRegistry registry) {
        Gauge.builder("usage.ledger.stalled", this, p -> p.stalledFor().toMillis() / 1000.0).baseUnit("seconds")
                .description("How long the ledger consumer's batches have been failing (0 when it moves)").register(registry);
    }

    void failed() {
        failingSince.compareAndSet(null, Instant.now());
    }

    void progressed() {
        failingSince.set(null);
    }

    Duration stalledFor() {
        Instant since = failingSince.get();
        return since == null ? Duration.ZERO : Duration.between(since, Instant.now());
    }

    boolean isStalled() {
        return stalledFor().compareTo(config.ledger().stallTimeout()) > 0;
    }
}
