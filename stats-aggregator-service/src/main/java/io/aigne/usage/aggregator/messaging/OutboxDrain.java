package io.aigne.usage.aggregator.messaging;

import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Publishes the stats outbox on a thread of its own, once a second (coalesced: one event per
 * changed row per interval) and on demand right after a flush. Off the consumer thread because it
 * only reads committed rows and waits for Kafka's acknowledgements: the consumer meanwhile applies
 * the next batch. A drain and a batch touching the same outbox entry are safe in either order
 * (an entry changed after the drain read it gets a new id, which the drain's delete skips).
 */
@ApplicationScoped
class OutboxDrain {
    private static final Logger LOG = Logger.getLogger(OutboxDrain.class);
    private static final long INTERVAL_MS = 1_000;

    @Inject
    StatsEventPublisher statsEvents;

    @Inject
    AggregatorConfig config;

    private ScheduledExecutorService thread;

    void onStart(@Observes StartupEvent event) {
        if (!config.consumer().enabled()) {
            return; // the outbox fills only where batches and flushes run
        }
        thread = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "stats-outbox-drain"));
        thread.scheduleWithFixedDelay(this::drainQuietly, INTERVAL_MS, INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (thread != null) {
            thread.shutdown(); // a drain under way finishes; what it leaves, the next start sends
        }
    }

    /** Publishes everything committed so far, and waits for it: after a flush, so its rows are announced when it returns. */
    void now() throws SQLException {
        if (thread == null) {
            statsEvents.drain();
            return;
        }
        try {
            thread.submit(() -> statsEvents.drain()).get(); // queued behind a drain under way, which may have missed the latest rows
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while publishing stats events", e);
        } catch (RejectedExecutionException e) {
            statsEvents.drain(); // shutting down: the consumer's last flush publishes on its own thread
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SQLException s ? s : new SQLException("publishing stats events failed", e.getCause());
        }
    }

    private void drainQuietly() {
        try {
            statsEvents.drain();
        } catch (Exception e) {
            LOG.warn("Publishing stats events failed; the outbox keeps them for the next try", e);
        }
    }
}
