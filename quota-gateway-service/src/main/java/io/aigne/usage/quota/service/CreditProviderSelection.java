package io.aigne.usage.quota.service;

import io.aigne.usage.quota.client.PaymentKitCreditProvider;
import io.aigne.usage.quota.config.QuotaConfig;
import io.aigne.usage.quota.ledger.LedgerCreditProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** payment-kit when {@code usage.quota.payment-kit.url} is set, otherwise the built-in ledger. */
@ApplicationScoped
public class CreditProviderSelection {

    @Inject
    QuotaConfig config;

    @Produces
    @Singleton
    CreditProvider provider(LedgerCreditProvider ledger, PaymentKitCreditProvider paymentKit) {
        return config.paymentKit().url().filter(u -> !u.isBlank()).isPresent() ? paymentKit : ledger;
    }
}
