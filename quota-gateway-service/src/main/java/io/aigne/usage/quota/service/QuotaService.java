package io.aigne.usage.quota.service;

import io.aigne.usage.support.Credits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.context.ManagedExecutor;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Endpoint 1 over whichever provider is configured. Keeps each user's last good answer, so an
 * outage of the billing backend shows the last known numbers marked stale instead of an error.
 */
@ApplicationScoped
public class QuotaService {

    @Inject
    CreditProvider provider;

    @Inject
    Clock clock;

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(QuotaService.class);

    private final Map<String, Quota> lastKnown = new ConcurrentHashMap<>();

    /** Whatever the backend does, the page gets an answer within this (fresh or last known). */
    static final long DEADLINE_MS = 700;

    @Inject
    ManagedExecutor executor;

    private Balance withinDeadline(String userDid) {
        try {
            return executor.supplyAsync(() -> provider.balance(userDid)).get(DEADLINE_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ProviderUnavailableException("no answer within " + DEADLINE_MS + " ms", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new ProviderUnavailableException("balance failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted", e);
        }
    }

    public Quota quota(String userDid) {
        try {
            Balance b = withinDeadline(userDid);
            Quota q = new Quota(Credits.forApi(b.total()), Credits.forApi(b.remaining()), Credits.forApi(b.total().subtract(b.remaining())),
                    Estimate.daysRemaining(b.remaining(), b.spentLast30Days()), b.currency(), clock.instant().getEpochSecond(), false);
            lastKnown.put(userDid, q);
            return q;
        } catch (ProviderUnavailableException | FaultToleranceException e) {
            LOG.warnf("%s unavailable (%s); answering from the last known value", provider.name(), e.toString());
            Quota known = lastKnown.get(userDid);
            if (known == null) {
                throw new ProviderUnavailableException("no balance known yet", e);
            }
            return new Quota(known.total(), known.remaining(), known.used(), known.estimatedDaysRemaining(), known.currency(),
                    known.asOf(), true);
        }
    }
}
