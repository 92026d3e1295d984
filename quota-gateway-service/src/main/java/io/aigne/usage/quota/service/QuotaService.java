package io.aigne.usage.quota.service;

import io.aigne.usage.support.Credits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import java.time.Clock;
import java.util.Map;
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

    private final Map<String, Quota> lastKnown = new ConcurrentHashMap<>();

    public Quota quota(String userDid) {
        try {
            Balance b = provider.balance(userDid);
            Quota q = new Quota(Credits.forApi(b.total()), Credits.forApi(b.remaining()), Credits.forApi(b.total().subtract(b.remaining())),
                    Estimate.daysRemaining(b.remaining(), b.spentLast30Days()), b.currency(), clock.instant().getEpochSecond(), false);
            lastKnown.put(userDid, q);
            return q;
        } catch (ProviderUnavailableException | FaultToleranceException e) {
            Quota known = lastKnown.get(userDid);
            if (known == null) {
                throw new ProviderUnavailableException("no balance known yet", e);
            }
            return new Quota(known.total(), known.remaining(), known.used(), known.estimatedDaysRemaining(), known.currency(),
                    known.asOf(), true);
        }
    }
}
