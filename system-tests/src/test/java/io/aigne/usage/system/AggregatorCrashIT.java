package io.aigne.usage.system;

import io.aigne.usage.localstack.ServiceProcess;
import io.aigne.usage.testkit.AggregatorFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** kill -9 of the aggregator at random moments while it consumes: nothing lost, nothing counted twice. */
class AggregatorCrashIT {

    @Test
    void killingTheAggregatorAtRandomMomentsLosesAndDoublesNothing() throws Exception {
        long now = Instant.now().getEpochSecond();
        Random random = new Random(17);
        try (AggregatorFleet fleet = new AggregatorFleet(); EventWaves waves = new EventWaves(17, 12)) {
            ServiceProcess aggregator = fleet.start();
            for (int wave = 0; wave < 6; wave++) {
                waves.produce(500, now);
                Thread.sleep(100 + random.nextInt(900)); // somewhere inside a batch, a late merge or an offset commit
                aggregator.kill();
                aggregator = fleet.start();
            }
            waves.produce(300, now);
            fleet.awaitCaughtUp(Duration.ofSeconds(90));
            FleetChecks.admin(aggregator, "/api/admin/stats/flush", Map.of());

            FleetChecks.assertExactlyOnce(fleet, aggregator, waves.users, waves.expected, now);
        }
    }
}
