package io.aigne.usage.quota.ledger;

import io.aigne.usage.quota.service.CreditProvider;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;

/** Expires the unspent rest of grants past their expiry, every minute. */
@ApplicationScoped
public class GrantExpiry {

    @Inject
    LedgerService ledger;

    @Inject
    CreditProvider provider;

    @Scheduled(every = "{usage.quota.ledger.expiry-interval}", identity = "grant-expiry")
    void expire() throws SQLException {
        if ("ledger".equals(provider.name())) {
            ledger.expireDue();
        }
    }
}
