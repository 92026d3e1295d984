package io.aigne.usage.query.service;

import java.math.BigDecimal;

/** One call of a sample: what a latency/usage scatter plot needs (credits still exact). */
public record CallPoint(String id, String model, String status, double durationMs, long totalUsage, BigDecimal credits) {
}
