package io.aigne.usage.query.rest;

import io.aigne.usage.support.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Requests in flight per user. One user may hold at most {@code usage.query.max-concurrent-per-user}
 * of the worker threads and pooled connections; the next one is refused at once (429) instead of
 * queueing for a connection that everyone else also needs.
 */
@ApplicationScoped
public class UserConcurrencyLimit {
    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    @ConfigProperty(name = "usage.query.max-concurrent-per-user", defaultValue = "4")
    int maxPerUser;

    @ConfigProperty(name = "usage.query.busy-retry-after-seconds", defaultValue = "1")
    int retryAfterSeconds;

    /** Takes a slot for the user, or throws 429 with Retry-After. Every taken slot must be {@link #release}d. */
    public void acquire(String user) {
        boolean[] admitted = {false};
        inFlight.compute(user, (k, n) -> {
            int current = n == null ? 0 : n;
            if (current >= maxPerUser) {
                return n;
            }
            admitted[0] = true;
            return current + 1;
        });
        if (!admitted[0]) {
            throw ProblemException.tooManyRequests("You have " + maxPerUser
                    + " requests running already. Please wait for them, then retry.", retryAfterSeconds);
        }
    }

    public void release(String user) {
        // an idle user leaves no entry behind, so the map holds only users with requests running
        inFlight.computeIfPresent(user, (k, n) -> n <= 1 ? null : n - 1);
    }

    /** The user's requests running now (tests check that a streamed export gives its slot back). */
    public int inFlight(String user) {
        return inFlight.getOrDefault(user, 0);
    }
}
