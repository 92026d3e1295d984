package io.aigne.usage.quota.service;

import java.math.BigDecimal;
import java.math.MathContext;

/** estimatedDaysRemaining (docs/contracts.md §2): remaining / (spent in 30 days / 30). */
public final class Estimate {
    private Estimate() {
    }

    /** 0 when nothing remains; null when nothing was spent (no pace to extrapolate). */
    public static Double daysRemaining(BigDecimal remaining, BigDecimal spentLast30Days) {
        if (remaining.signum() <= 0) {
            return 0.0;
        }
        if (spentLast30Days == null || spentLast30Days.signum() <= 0) {
            return null;
        }
        BigDecimal perDay = spentLast30Days.divide(BigDecimal.valueOf(30), MathContext.DECIMAL64);
        return remaining.divide(perDay, MathContext.DECIMAL64).doubleValue();
    }
}
