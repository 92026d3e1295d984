package io.aigne.usage.aggregator.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

@Readiness
@ApplicationScoped
public class ConsumerLoopHealthCheck implements HealthCheck {

    @Inject
    ModelCallConsumerLoop loop;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("model-call-consumer")
                .status(!loop.isEnabled() || loop.isHealthy())
                .build();
    }
}
