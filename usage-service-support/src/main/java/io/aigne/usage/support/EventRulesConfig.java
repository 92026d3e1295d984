package io.aigne.usage.support;

import io.aigne.usage.events.CallTimeWindow;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.Instant;

/**
 * The configurable part of event validation, read by every consumer of ModelCall events (the
 * aggregator's ingest and consumer, the ledger). They must agree, so it lives in one place and
 * the Kubernetes manifests set it once in the shared ConfigMap.
 */
@ConfigMapping(prefix = "usage.events")
public interface EventRulesConfig {

    CallTime callTime();

    interface CallTime {
        /** First plausible callTime. */
        @WithDefault("2020-01-01T00:00:00Z")
        Instant earliest();

        /** How far ahead of "now" a callTime may be (producers' clock skew). */
        @WithDefault("1h")
        Duration maxAhead();
    }

    default CallTimeWindow window() {
        return new CallTimeWindow(callTime().earliest().getEpochSecond(), callTime().maxAhead());
    }
}
