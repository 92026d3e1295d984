package io.aigne.usage.alerts.stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the stat stream consumer polls. */
@Readiness
@ApplicationScoped
public class StatStreamHealth implements HealthCheck {
    @Inject
    StatStreamLoop loop;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("stat-stream-consumer").status(loop.isHealthy()).build();
    }
}
