/**
 * ModelCallStat maths shared by the aggregator and the query service: bucket keys at the user,
 * project and model level, the running totals and the KLL latency sketch, and their stored form.
 * This package owns the row: its JSON keys ({@link io.aigne.usage.stats.StatsJson}), the SQL that
 * sums, reads and writes it ({@link io.aigne.usage.stats.StatSums},
 * {@link io.aigne.usage.stats.StatsTable}, {@link io.aigne.usage.stats.WatermarkTable}), the
 * sketch bytes ({@link io.aigne.usage.stats.SketchCodec}) and the P95 rule
 * ({@link io.aigne.usage.stats.LatencyP95}).
 */
package io.aigne.usage.stats;
