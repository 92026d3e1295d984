package io.aigne.usage.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: real PostgreSQL and a real Kafka broker for {@code @QuarkusTest}s.
 * Started once per JVM and reused across test profiles (see {@link LocalInfra}).
 */
public class QuarkusInfraResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return LocalInfra.get().quarkusConfig();
    }

    @Override
    public void stop() {
        // kept for the next profile; LocalInfra stops everything when the JVM exits
    }
}
