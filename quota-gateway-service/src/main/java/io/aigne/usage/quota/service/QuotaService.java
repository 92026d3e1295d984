package io.aigne.usage.quota.service;

import io.aigne.usage.support.Credits;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.faulttolerance.api.ApplyGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

/**
 * Endpoint 1 over whichever provider is configured. Each user's last good answer is kept (cache
 * {@value #LAST_KNOWN}), so an outage of the billing backend shows the last known numbers marked
 * stale instead of an error.
 */
@ApplicationScoped
public class QuotaService {
    public static final String LAST_KNOWN = "last-known-quota";
    private static final Logger LOG = Logger.getLogger(QuotaService.class);

    @Inject
    CreditProvider provider;

    @Inject
    Clock clock;

    @Inject
    @CacheName(LAST_KNOWN)
    Cache lastKnown;

    /** Counts the answers not fresh from the provider: operators alert on them (PrometheusRule). */
    @Inject
    MeterRegistry registry;

    /**
     * The fresh quota when the provider answers within {@code usage.quota.answer-deadline}
     * ({@link AnswerDeadline}), else {@link #lastKnown}. The provider runs off the request thread
     * ({@code @Asynchronous}): the deadline holds even when it cannot be interrupted (a JDBC read);
     * an answer that arrives late still refreshes the cache.
     */
    @Asynchronous
    @ApplyGuard(AnswerDeadline.GUARD)
    @Fallback(fallbackMethod = "lastKnown", applyOn = {ProviderUnavailableException.class, FaultToleranceException.class})
    public CompletionStage<Quota> quota(String userDid) {
        Balance b = provider.balance(userDid);
        Quota q = new Quota(Credits.forApi(b.total()), Credits.forApi(b.remaining()), Credits.forApi(b.total().subtract(b.remaining())),
                Estimate.daysRemaining(b.remaining(), b.spentLast30Days()), b.currency(), clock.instant().getEpochSecond(), false);
        lastKnown.as(CaffeineCache.class).put(userDid, CompletableFuture.completedFuture(q));
        return CompletableFuture.completedFuture(q);
    }

    /** The last known quota, marked stale with the time it was true; a 503 when nothing is known yet. */
    CompletionStage<Quota> lastKnown(String userDid, Throwable cause) {
        LOG.warnf("%s unavailable (%s); answering from the last known value", provider.name(), cause.toString());
        CompletableFuture<Quota> known = lastKnown.as(CaffeineCache.class).getIfPresent(userDid);
        if (known == null) {
            registry.counter("usage.quota.unavailable_answers").increment();
            return CompletableFuture.failedFuture(new ProviderUnavailableException("no balance known yet", cause));
        }
        registry.counter("usage.quota.stale_answers").increment();
        return known.thenApply(k -> new Quota(k.total(), k.remaining(), k.used(), k.estimatedDaysRemaining(), k.currency(), k.asOf(), true));
    }
}
