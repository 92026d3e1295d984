package io.aigne.usage.quota.service;

import io.aigne.usage.support.Credits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

    @Inject
    io.aigne.usage.quota.config.QuotaConfig config;

    /** Plain threads: the provider needs no request context, and nothing must queue behind a slow call. */
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "credit-provider");
        t.setDaemon(true);
        return t;
    });

    private Balance withinDeadline(String userDid) {
        try {
            return CompletableFuture.supplyAsync(() -> provider.balance(userDid), executor).get(config.answerDeadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ProviderUnavailableException("no answer within " + config.answerDeadline(), e);
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
