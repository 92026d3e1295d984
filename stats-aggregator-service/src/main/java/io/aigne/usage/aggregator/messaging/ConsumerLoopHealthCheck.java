package io.aigne.usage.aggregator.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the consumer polls and no partition has been stuck longer than the stall timeout. */
@Readiness
@ApplicationScoped
public class ConsumerLoopHealthCheck implements HealthCheck {

    @Inject
    ModelCallConsumerLoop loop;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("model-call-consumer");
        if (!loop.isEnabled()) {
            return response.up().build();
        }
        Map<Integer, Duration> stalled = loop.stalledPartitions();
        stalled.forEach((p, d) -> response.withData("partition-" + p + "-stalled-seconds", d.toSeconds()));
        return response.status(loop.isHealthy() && stalled.isEmpty()).build();
    }
}
