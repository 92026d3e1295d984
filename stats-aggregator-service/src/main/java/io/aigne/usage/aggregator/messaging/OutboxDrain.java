package io.aigne.usage.aggregator.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * When the stats outbox is published: at most once a second while batches flow (coalesced: one
 * event per changed row per interval, not per batch), and right after a flush.
 */
@ApplicationScoped
class OutboxDrain {
    private static final Logger LOG = Logger.getLogger(OutboxDrain.class);
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    @Inject
    StatsEventPublisher statsEvents;

    private Instant lastDrain = Instant.EPOCH;

    /** After a batch: publish if the interval passed; a failure propagates (the batch is done, the outbox keeps the rows). */
    void afterBatch() throws SQLException {
        if (due()) {
            now();
        }
    }

    /** On an idle poll: publish if due, never failing the loop. */
    void whenIdle() {
        if (due()) {
            try {
                statsEvents.drain();
            } catch (Exception e) {
                LOG.warn("Publishing stats events failed; the outbox keeps them for the next try", e);
            }
            lastDrain = Instant.now();
        }
    }

    private boolean due() {
        return lastDrain.plus(INTERVAL).isBefore(Instant.now());
    }

    void now() throws SQLException {
        statsEvents.drain();
        lastDrain = Instant.now();
    }
}
