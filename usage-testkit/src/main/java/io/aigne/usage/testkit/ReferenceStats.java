package io.aigne.usage.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Expected ModelCallStat rows computed by brute force from the final state of the calls a test
 * sent (see {@link ExpectedCalls}): plain loops and exact decimals, sharing no code with the
 * services. Levels and buckets per docs/product-spec.md §3: user, project, model; UTC hour and day.
 */
public final class ReferenceStats {
    private ReferenceStats() {
    }

    public record Bucket(String userDid, String appDid, String modelId, String timeType, long timestamp) {
    }

    public static final class Totals {
        public long calls;
        public long success;
        public long failed;
        public long usage;
        public BigDecimal credits = BigDecimal.ZERO;
        public BigDecimal successDurationSum = BigDecimal.ZERO;
        public long maxCallTime;
        public final List<Double> successDurations = new ArrayList<>();
    }

    public static Map<Bucket, Totals> compute(Collection<ObjectNode> finalCalls) {
        Map<Bucket, Totals> buckets = new HashMap<>();
        for (ObjectNode c : finalCalls) {
            String status = c.get("status").asText();
            if (status.equals("processing")) {
                continue;
            }
            String user = c.get("userDid").asText();
            String app = c.path("appDid").isTextual() ? c.get("appDid").asText() : null;
            String model = c.get("model").asText();
            long t = c.get("callTime").asLong();
            for (String type : List.of("hour", "day")) {
                long size = type.equals("hour") ? 3_600 : 86_400;
                long start = Math.floorDiv(t, size) * size;
                add(buckets, new Bucket(user, null, null, type, start), c, status);
                if (app != null) {
                    add(buckets, new Bucket(user, app, null, type, start), c, status);
                    add(buckets, new Bucket(user, app, model, type, start), c, status);
                }
            }
        }
        return buckets;
    }

    private static void add(Map<Bucket, Totals> buckets, Bucket b, ObjectNode c, String status) {
        Totals s = buckets.computeIfAbsent(b, x -> new Totals());
        s.calls++;
        s.usage += c.get("totalUsage").asLong();
        s.credits = s.credits.add(new BigDecimal(c.get("credits").asText()));
        s.maxCallTime = Math.max(s.maxCallTime, c.get("callTime").asLong());
        if (status.equals("success")) {
            s.success++;
            s.successDurationSum = s.successDurationSum.add(new BigDecimal(c.get("durationMs").asText()));
            s.successDurations.add(c.get("durationMs").asDouble());
        } else {
            s.failed++;
        }
    }

    /** The nearest-rank P95: the ceil(0.95·n)-th smallest value; null for no values. */
    public static Double nearestRankP95(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
    }
}
