package io.aigne.usage.quota.ledger;

import io.aigne.usage.events.ModelCall;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.ValidationResult;
import io.aigne.usage.quota.service.CreditProvider;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Debits finished calls from the ModelCall topic (own consumer group). Delivery is at least once;
 * the ledger debits each call once, so a redelivered batch changes nothing. Invalid events are
 * skipped here: the aggregator dead-letters them.
 */
@ApplicationScoped
public class LedgerConsumer {

    @Inject
    LedgerService ledger;

    @Inject
    CreditProvider provider;

    @Incoming("ledger-model-calls")
    @Blocking(ordered = true)
    @Retry(maxRetries = 30, delay = 1_000, maxDuration = 120_000)
    public void consume(List<String> payloads) throws SQLException {
        if (!"ledger".equals(provider.name())) {
            return; // payment-kit keeps the balances
        }
        List<ModelCall> finished = new ArrayList<>();
        for (String payload : payloads) {
            if (payload != null && ModelCallJson.parse(payload) instanceof ValidationResult.Valid v && v.call().status().isTerminal()) {
                finished.add(v.call());
            }
        }
        ledger.debit(finished);
    }
}
