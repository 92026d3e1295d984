package io.aigne.usage.aggregator.messaging;

import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.aggregator.service.FlushRequests;
import io.aigne.usage.aggregator.service.StatsFlusher;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Runs the waiting flush requests on the consumer thread (between batches, so the open
 * statistics are never touched concurrently) and publishes the rows it wrote; a failed flush is
 * retried after the backoff.
 */
@ApplicationScoped
class FlushStep {
    private static final Logger LOG = Logger.getLogger(FlushStep.class);

    @Inject
    FlushRequests requests;

    @Inject
    StatsFlusher flusher;

    @Inject
    OutboxDrain outbox;

    @Inject
    AggregatorConfig config;

    @Inject
    MeterRegistry registry;

    /** A flush was requested or its hour came (the caller settles the batch in flight first). */
    boolean due() {
        return requests.due();
    }

    void flush(ConsumerRun run) {
        List<CompletableFuture<StatsFlusher.Result>> waiting = requests.takeAll();
        try {
            StatsFlusher.Result result = flusher.flush(run.open(), run.group(), run.instance());
            outbox.now();
            if (result.rows() > 0) {
                LOG.infof("Flushed %d rows of %d partitions up to %d", result.rows(), result.partitions(), result.flushedUntil());
            }
            waiting.forEach(w -> w.complete(result));
        } catch (Exception e) {
            LOG.error("Flush failed; it will be retried", e);
            registry.counter("usage.stats.flush_failures").increment(); // alerted on (deploy/k8s/components/monitoring)
            waiting.forEach(w -> w.completeExceptionally(e));
            requests.retryAfter(config.consumer().retryBackoff());
        }
    }
}
