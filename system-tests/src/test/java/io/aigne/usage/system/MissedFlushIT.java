package io.aigne.usage.system;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.localstack.ServiceProcess;
import io.aigne.usage.testkit.AggregatorFleet;
import io.aigne.usage.testkit.ExpectedCalls;
import io.aigne.usage.testkit.StatAssertions;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An aggregator that was down across several cron runs flushes the missed hours when it starts. */
class MissedFlushIT {

    @Test
    void hoursMissedWhileDownAreFlushedOnStart() throws Exception {
        long hourNow = Instant.now().getEpochSecond() / 3_600 * 3_600;
        long downSince = hourNow - 5 * 3_600;
        String user = "did:abt:missed-" + UUID.randomUUID();
        ExpectedCalls expected = new ExpectedCalls();
        try (AggregatorFleet fleet = new AggregatorFleet()) {
            fleet.start().close(); // creates the schema, then stops
            Random random = new Random(31);
            try (Connection c = fleet.connect()) {
                // as if the service had last flushed five hours ago and consumed these calls since
                c.createStatement().execute("UPDATE stat_watermarks SET flushed_until = " + downSince);
                // the month of the calls may be the previous one (early on the 1st): its partition, as a batch would make it
                c.createStatement().execute("SELECT model_calls_month_partition(" + downSince + ")");
                try (PreparedStatement ps = c.prepareStatement("""
                        INSERT INTO model_calls (user_did, id, app_did, model, type, status, duration_ms, total_usage, credits,
                            call_time, partition_no) VALUES (?, ?, 'app', 'gpt-4o', 'chatCompletion', ?, ?, ?, ?, ?, 0)""")) {
                    for (int i = 0; i < 50; i++) {
                        ObjectNode e = ModelCallJson.MAPPER.createObjectNode().put("id", "m-" + i).put("userDid", user)
                                .put("appDid", "app").put("model", "gpt-4o").put("status", i % 9 == 0 ? "failed" : "success")
                                .put("durationMs", random.nextInt(20_000) / 10.0).put("totalUsage", random.nextInt(900))
                                .put("credits", BigDecimal.valueOf(random.nextInt(90_000)).movePointLeft(7))
                                .put("callTime", downSince + random.nextInt(5 * 3_600));
                        expected.sent(e);
                        ps.setString(1, user);
                        ps.setString(2, e.get("id").asText());
                        ps.setString(3, e.get("status").asText());
                        ps.setDouble(4, e.get("durationMs").asDouble());
                        ps.setLong(5, e.get("totalUsage").asLong());
                        ps.setBigDecimal(6, e.get("credits").decimalValue());
                        ps.setLong(7, e.get("callTime").asLong());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }

            ServiceProcess aggregator = fleet.start(); // no cron fires and nobody asks for a flush
            await("the start-up flush moves the watermark to the running hour").atMost(Duration.ofSeconds(60))
                    .until(() -> FleetChecks.minWatermark(fleet), watermark -> watermark >= hourNow);
            StatAssertions.assertRowsMatchReference(fleet.jdbcUrl, user, expected.all(user), hourNow);
            aggregator.close();
        }
    }
}
