package io.aigne.usage.aggregator.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * When the stats outbox is published: at most once a second while batches flow (coalesced: one
 * event per changed row per interval, not per batch), and right after a flush. While batches flow,
 * a round is published as the writers work ({@link #sendIfDue}) and its entries removed at the
 * next pause between batches ({@link #completeSent}): its deletes then never wait for, or deadlock
 * with, a transaction of this instance (the triggers of late merges write the same outbox rows;
 * another replica's batches still may, as before: one side is retried).
 */
@ApplicationScoped
class OutboxDrain {
    private static final Logger LOG = Logger.getLogger(OutboxDrain.class);
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /** Entries one round publishes while batches are written, in pages of 1,000: what is left goes next time. */
    private static final int ROUND_PAGES = 10;

    @Inject
    StatsEventPublisher statsEvents;

    private Instant lastDrain = Instant.EPOCH;
    /** Published, not yet removed from the outbox; consumer thread only. */
    private StatsEventPublisher.Round sent;

    /** While this instance's batches are in flight: publish if the interval passed, never failing the loop. */
    void sendIfDue() {
        if (sent != null || !due()) {
            return;
        }
        try {
            sent = statsEvents.send(ROUND_PAGES);
        } catch (Exception e) {
            LOG.warn("Publishing stats events failed; the outbox keeps them for the next try", e);
        }
        lastDrain = Instant.now();
    }

    /** With nothing of this instance in flight: remove what the last round published. */
    void completeSent() {
        if (sent == null) {
            return;
        }
        try (StatsEventPublisher.Round round = sent) {
            round.complete();
        } catch (Exception e) {
            LOG.warn("Removing published stats events failed; they are published again", e);
        } finally {
            sent = null;
        }
    }

    /** On an idle poll (nothing in flight): publish if due, never failing the loop. */
    void ifDue() {
        completeSent();
        if (due()) {
            try {
                statsEvents.drain();
            } catch (Exception e) {
                LOG.warn("Publishing stats events failed; the outbox keeps them for the next try", e);
            }
            lastDrain = Instant.now();
        }
    }

    /** After a flush (nothing in flight): publish now. */
    void now() throws SQLException {
        completeSent();
        statsEvents.drain();
        lastDrain = Instant.now();
    }

    private boolean due() {
        return lastDrain.plus(INTERVAL).isBefore(Instant.now());
    }
}
