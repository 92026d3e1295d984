package io.aigne.usage.stats;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The P95 rule of the product: the inclusive 0.95 quantile of the success latencies' KLL sketch,
 * which is the nearest-rank P95 while the sketch has not compacted. Why one place: a stats row's
 * event and the query endpoints must give the same number for the same calls.
 */
public final class LatencyP95 {
    public static final double P95 = 0.95;

    private LatencyP95() {
    }

    /** The P95 of the sketched latencies; null for an empty (or absent) sketch. */
    public static Double of(KllDoublesSketch sketch) {
        return sketch == null || sketch.isEmpty() ? null : sketch.getQuantile(P95, QuantileSearchCriteria.INCLUSIVE);
    }
}
