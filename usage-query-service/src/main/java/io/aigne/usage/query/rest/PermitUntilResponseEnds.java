package io.aigne.usage.query.rest;

import io.aigne.usage.support.CallerIdentity;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The per-user slot of {@link UserConcurrencyLimit} for a streamed answer. {@link LimitedPerUser}
 * gives the slot back when the resource method returns, but an export's body is written after that,
 * holding a pooled connection for minutes; so an export takes the slot itself and returns it when the
 * HTTP exchange ends, however it ends (written, failed, client gone).
 */
@RequestScoped
public class PermitUntilResponseEnds {

    @Inject
    CallerIdentity caller;

    @Inject
    UserConcurrencyLimit limit;

    @Inject
    RoutingContext exchange;

    /** Takes the caller's slot (429 when all are taken) and gives it back when the response has ended. */
    public void hold() {
        String user = caller.userDid();
        limit.acquire(user);
        AtomicBoolean released = new AtomicBoolean();
        exchange.addEndHandler(ended -> {
            if (released.compareAndSet(false, true)) {
                limit.release(user);
            }
        });
    }

    /** Runs {@code cleanup} when the exchange ends, e.g. a cursor whose body was never written. */
    public void onEnd(Runnable cleanup) {
        exchange.addEndHandler(ended -> cleanup.run());
    }
}
