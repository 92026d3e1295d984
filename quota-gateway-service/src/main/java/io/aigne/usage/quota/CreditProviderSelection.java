package io.aigne.usage.quota;

import io.aigne.usage.quota.client.PaymentKitCreditProvider;
import io.aigne.usage.quota.config.QuotaConfig;
import io.aigne.usage.quota.ledger.LedgerCreditProvider;
import io.aigne.usage.quota.service.CreditProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * The composition root of the credit providers: payment-kit when {@code usage.quota.payment-kit.url} is set, otherwise the built-in ledger
 * ({@code usage.quota.ledger.enabled}, derived from the URL by {@link LedgerSwitch}).
 * It sits above {@code service}, {@code client} and {@code ledger}, so their arrows run one way.
 */
@ApplicationScoped
public class CreditProviderSelection {

    @Inject
    QuotaConfig config;

    @Produces
    @Singleton
    CreditProvider provider(LedgerCreditProvider ledger, PaymentKitCreditProvider paymentKit) {
        return config.ledger().enabled() ? ledger : paymentKit;
    }
}
