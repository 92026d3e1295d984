package io.aigne.usage.aggregator.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Down when the consumer thread has died: a restart brings consumption back. */
@Liveness
@ApplicationScoped
public class ConsumerLoopLivenessCheck implements HealthCheck {

    @Inject
    ModelCallConsumerLoop loop;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("model-call-consumer-thread").status(!loop.isEnabled() || loop.isRunning()).build();
    }
}
