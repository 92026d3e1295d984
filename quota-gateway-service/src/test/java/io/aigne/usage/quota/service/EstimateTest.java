package io.aigne.usage.quota.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class EstimateTest {

    @Test
    void daysAreRemainingOverTheAverageDailySpendOfThirtyDays() {
        // 300 spent in 30 days = 10 a day; 125 left lasts 12.5 days
        assertThat(Estimate.daysRemaining(new BigDecimal("125"), new BigDecimal("300"))).isEqualTo(12.5);
        assertThat(Estimate.daysRemaining(new BigDecimal("1"), new BigDecimal("0.0000000030"))).isEqualTo(1e10);
    }

    @Test
    void nothingSpentMeansNoEstimateAndNothingLeftMeansZero() {
        assertThat(Estimate.daysRemaining(new BigDecimal("50"), BigDecimal.ZERO)).isNull();
        assertThat(Estimate.daysRemaining(BigDecimal.ZERO, new BigDecimal("10"))).isEqualTo(0.0);
        assertThat(Estimate.daysRemaining(new BigDecimal("-3"), BigDecimal.ZERO)).isEqualTo(0.0);
    }
}
