package io.aigne.usage.aggregator.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Flushes asked for (the cron, an admin, a new assignment, a retry) and waiting for the consumer
 * thread, the only one that touches the open statistics. Each request completes when its flush
 * did.
 */
@ApplicationScoped
public class FlushRequests {
    private final ConcurrentLinkedQueue<CompletableFuture<StatsFlusher.Result>> waiting = new ConcurrentLinkedQueue<>();
    private volatile Instant notBefore = Instant.EPOCH;

    public CompletableFuture<StatsFlusher.Result> request() {
        CompletableFuture<StatsFlusher.Result> done = new CompletableFuture<>();
        waiting.add(done);
        return done;
    }

    /** Something waits and no retry backoff holds it back. */
    public boolean due() {
        return !waiting.isEmpty() && Instant.now().isAfter(notBefore);
    }

    /** Every request waiting now; they are the flush's to complete. */
    public List<CompletableFuture<StatsFlusher.Result>> takeAll() {
        List<CompletableFuture<StatsFlusher.Result>> taken = new ArrayList<>();
        for (CompletableFuture<StatsFlusher.Result> r; (r = waiting.poll()) != null;) {
            taken.add(r);
        }
        return taken;
    }

    /** A flush failed: try again after {@code backoff}. */
    public void retryAfter(Duration backoff) {
        notBefore = Instant.now().plus(backoff);
        waiting.add(new CompletableFuture<>());
    }
}
