package io.aigne.usage.query.service;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * Exact sums over terminal calls: calls, success/failed, tokens, credits, the latency sum of
 * success calls, and the latest callTime. Immutable; {@link #plus} adds two parts of a range.
 * Tokens are a BigInteger: a sum of calls at the per-call limit (2^53) can pass a long.
 */
public record Totals(long calls, long success, long failed, BigInteger usage, BigDecimal credits, BigDecimal successDurationMs,
        long maxCallTime) {
    public static final Totals ZERO = new Totals(0, 0, 0, BigInteger.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0);

    public Totals plus(Totals o) {
        return new Totals(calls + o.calls, success + o.success, failed + o.failed, usage.add(o.usage), credits.add(o.credits),
                successDurationMs.add(o.successDurationMs), Math.max(maxCallTime, o.maxCallTime));
    }

    /** success / calls, null when there were no calls (no data is not zero). */
    public Double successRate() {
        return calls == 0 ? null : (double) success / calls;
    }

    /** Mean latency of success calls, null when there were none. */
    public Double avgDurationMs() {
        return success == 0 ? null : successDurationMs.divide(BigDecimal.valueOf(success), MathContext.DECIMAL64).doubleValue();
    }

    public Long lastCallTime() {
        return calls == 0 ? null : maxCallTime;
    }
}
