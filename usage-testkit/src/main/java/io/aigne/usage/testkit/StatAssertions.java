package io.aigne.usage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.LatencyP95;
import io.aigne.usage.stats.SketchCodec;
import io.aigne.usage.stats.StatsJson;
import java.util.Collection;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Compares stored ModelCallStat rows with {@link ReferenceStats}. The rows are read with their
 * owner's keys, codec and P95 rule (usage-stats); the expected values share no code with it.
 */
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
            assertThat(s.get(StatsJson.TOTAL_CALLS).asLong()).as("%s calls", bucket).isEqualTo(want.calls);
            assertThat(s.get(StatsJson.SUCCESS_CALLS).asLong()).as("%s success", bucket).isEqualTo(want.success);
            assertThat(s.get(StatsJson.FAILED_CALLS).asLong()).as("%s failed", bucket).isEqualTo(want.failed);
            assertThat(s.get(StatsJson.TOTAL_USAGE).asLong()).as("%s usage", bucket).isEqualTo(want.usage);
            assertThat(s.get(StatsJson.TOTAL_CREDITS).decimalValue()).as("%s credits", bucket).isEqualByComparingTo(want.credits);
            assertThat(s.get(StatsJson.TOTAL_DURATION_MS).decimalValue()).as("%s duration", bucket)
                    .isEqualByComparingTo(want.successDurationSum);
            assertThat(s.get(StatsJson.MAX_CALL_TIME).asLong()).as("%s maxCallTime", bucket).isEqualTo(want.maxCallTime);
            KllDoublesSketch sketch = SketchCodec.read(stored.get(bucket).sketch(), CallStats.DEFAULT_K);
            assertThat(sketch.getN()).as("%s sketch n", bucket).isEqualTo(want.success);
            Double p95 = ReferenceStats.nearestRankP95(want.successDurations);
            if (p95 != null) {
                assertThat(LatencyP95.of(sketch)).as("%s p95", bucket).isEqualTo(p95);
            }
        });
    }
}
