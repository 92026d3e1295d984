package io.aigne.usage.system;

import io.aigne.usage.localstack.ServiceProcess;
import io.aigne.usage.testkit.AggregatorFleet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two instances in one consumer group, partitions moving between them, give the rows one would. */
class TwoAggregatorsIT {

    @Test
    void partitionsMovingBetweenTwoInstancesLoseAndDuplicateNothing() throws Exception {
        long now = Instant.now().getEpochSecond();
        try (AggregatorFleet fleet = new AggregatorFleet(); EventWaves waves = new EventWaves(23, 16)) {
            ServiceProcess a = fleet.start();
            ServiceProcess b = fleet.start();
            waves.produce(600, now);
            fleet.awaitOwners(2, Duration.ofSeconds(60)); // b holds partitions of its own
            b.kill(); // its partitions move to a once the session times out
            waves.produce(600, now);
            b = fleet.start(); // and some move back
            waves.produce(600, now);
            a.close(); // a graceful leave moves everything to b at once
            a = fleet.start();
            waves.produce(300, now);
            fleet.awaitCaughtUp(Duration.ofSeconds(90));
            FleetChecks.admin(a, "/api/admin/stats/flush", Map.of());
            FleetChecks.admin(b, "/api/admin/stats/flush", Map.of());

            FleetChecks.assertExactlyOnce(fleet, a, waves.users, waves.expected, now);
        }
    }
}
