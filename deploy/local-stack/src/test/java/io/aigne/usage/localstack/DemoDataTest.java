package io.aigne.usage.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The demo data promises what the local stack's demo alert and restart check rely on, at any hour. */
class DemoDataTest {
    private static final long HOUR = 3_600;
    private static final long START = 1_796_083_200L; // 2026-12-01T00:00Z

    /** The demo rule: error rate over the 24 whole hours before the running one, ≥ 20 calls, above 2 %. */
    @Test
    void theChatbotsLast24HoursAlwaysTripTheDemoErrorRateRule() {
        String chatbot = DemoData.USERS.get(0).projects().get(0);
        for (long now = START; now < START + 21 * 24 * HOUR; now += HOUR + 1_237) { // every hour of 3 weeks, drifting minutes
            long to = Math.floorDiv(now, HOUR) * HOUR;
            long from = to - 24 * HOUR;
            long calls = 0;
            long failed = 0;
            for (ObjectNode e : DemoData.events(now)) {
                long t = e.get("callTime").asLong();
                if (chatbot.equals(e.get("appDid").asText()) && t >= from && t < to) {
                    calls++;
                    failed += "failed".equals(e.get("status").asText()) ? 1 : 0;
                }
            }
            assertThat(calls).as("calls in the window at %d", now).isGreaterThanOrEqualTo(20);
            assertThat(100.0 * failed / calls).as("error rate %% at %d (%d of %d)", now, failed, calls).isGreaterThan(2.0);
        }
    }

    @Test
    void idsAreUniqueAndStableForTheSameClockReading() {
        long now = START + 7 * HOUR + 1_234;
        List<ObjectNode> first = DemoData.events(now);
        Set<String> ids = new HashSet<>();
        first.forEach(e -> assertThat(ids.add(e.get("userDid").asText() + " " + e.get("id").asText())).isTrue());
        assertThat(DemoData.events(now)).isEqualTo(first);
    }

    /** A restart loads only calls of the last hour again: the incident is history, loaded once. */
    @Test
    void theIncidentIsOlderThanAnHourAndInsideTheRulesWindow() {
        long now = START + 5 * HOUR + 59 * 60;
        List<ObjectNode> incident = DemoData.events(now).stream()
                .filter(e -> e.get("id").asText().contains("-incident")).toList();
        assertThat(incident).hasSize(DemoData.INCIDENT_FAILURES);
        for (ObjectNode e : incident) {
            assertThat(e.get("callTime").asLong()).isLessThan(now - HOUR).isGreaterThanOrEqualTo(Math.floorDiv(now, HOUR) * HOUR - 24 * HOUR);
            assertThat(e.get("status").asText()).isEqualTo("failed");
            assertThat(e.get("userDid").asText()).isEqualTo(DemoData.INCIDENT_USER);
        }
    }
}
