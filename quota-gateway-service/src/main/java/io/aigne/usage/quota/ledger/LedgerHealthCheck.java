package io.aigne.usage.quota.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN while the ledger consumer has been unable to debit for longer than its stall timeout. Not
 * part of readiness with payment-kit ({@code quarkus.smallrye-health.check."…LedgerHealthCheck".enabled}).
 */
@Readiness
@ApplicationScoped
public class LedgerHealthCheck implements HealthCheck {

    @Inject
    LedgerProgress progress;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("ledger-consumer").withData("stalled-seconds", progress.stalledFor().toSeconds())
                .status(!progress.isStalled()).build();
    }
}
