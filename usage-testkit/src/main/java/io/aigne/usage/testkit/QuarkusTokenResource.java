package io.aigne.usage.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Quarkus test resource for services that need token verification but no database or broker. */
public class QuarkusTokenResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return LocalInfra.oidcConfig();
    }

    @Override
    public void stop() {
        // nothing to stop
    }
}
