package io.aigne.usage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/** Compares stored ModelCallStat rows with {@link ReferenceStats}. */
public final class StatAssertions {
    private StatAssertions() {
    }

    /**
     * Every bucket of the user that ends by {@code flushedUntil} is stored and equals the reference
     * (exact totals; P95 equal to the nearest-rank value, as the sketches here are below k); no
     * other row exists for the user.
     */
    public static void assertRowsMatchReference(String jdbcUrl, String user, Collection<ObjectNode> finalCalls,
            long flushedUntil) {
        Map<ReferenceStats.Bucket, ReferenceStats.Totals> reference = ReferenceStats.compute(finalCalls);
        reference.keySet().removeIf(b -> b.timestamp() + (b.timeType().equals("hour") ? 3_600 : 86_400) > flushedUntil);
        Map<ReferenceStats.Bucket, StatRows.Row> stored = StatRows.of(jdbcUrl, user);
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(reference.keySet());
        reference.forEach((bucket, want) -> {
            JsonNode s = stored.get(bucket).stats();
            assertThat(s.get("totalCalls").asLong()).as("%s calls", bucket).isEqualTo(want.calls);
            assertThat(s.get("successCalls").asLong()).as("%s success", bucket).isEqualTo(want.success);
            assertThat(s.get("failedCalls").asLong()).as("%s failed", bucket).isEqualTo(want.failed);
            assertThat(s.get("totalUsage").asLong()).as("%s usage", bucket).isEqualTo(want.usage);
            assertThat(s.get("totalCredits").decimalValue()).as("%s credits", bucket).isEqualByComparingTo(want.credits);
            assertThat(s.get("totalDurationMs").decimalValue()).as("%s duration", bucket)
                    .isEqualByComparingTo(want.successDurationSum);
            assertThat(s.get("maxCallTime").asLong()).as("%s maxCallTime", bucket).isEqualTo(want.maxCallTime);
            KllDoublesSketch sketch = KllDoublesSketch.heapify(Memory.wrap(stored.get(bucket).sketch()));
            assertThat(sketch.getN()).as("%s sketch n", bucket).isEqualTo(want.success);
            Double p95 = ReferenceStats.nearestRankP95(want.successDurations);
            if (p95 != null) {
                assertThat(sketch.getQuantile(0.95, QuantileSearchCriteria.INCLUSIVE)).as("%s p95", bucket).isEqualTo(p95);
            }
        });
    }
}
