package io.aigne.usage.quota.ledger;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Expires the unspent rest of grants past their expiry, every minute; never scheduled with payment-kit (interval {@code off}). */
@ApplicationScoped
public class GrantExpiry {

    @Inject
    LedgerService ledger;

    @Scheduled(every = "{usage.quota.ledger.expiry-interval}", identity = "grant-expiry")
    void expire() {
        ledger.expireDue();
    }
}
