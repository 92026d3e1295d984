package io.aigne.usage.query.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SharesTest {

    @Test
    void thirdsAddUpToExactly100() {
        assertThat(Shares.percentages(List.of(1L, 1L, 1L))).containsExactly(new BigDecimal("33.34"), new BigDecimal("33.33"),
                new BigDecimal("33.33"));
    }

    @Test
    void everyShareIsWithinAHundredthOfItsTrueValueAndTheSumIs100() {
        Random random = new Random(4);
        for (int i = 0; i < 1_000; i++) {
            List<Long> counts = new ArrayList<>();
            int n = 1 + random.nextInt(12);
            for (int k = 0; k < n; k++) {
                counts.add(1L + random.nextInt(random.nextBoolean() ? 10 : 1_000_000));
            }
            long total = counts.stream().mapToLong(Long::longValue).sum();
            List<BigDecimal> shares = Shares.percentages(counts);
            assertThat(shares.stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("100");
            for (int k = 0; k < n; k++) {
                double exact = counts.get(k) * 100.0 / total;
                assertThat(Math.abs(shares.get(k).doubleValue() - exact)).isLessThan(0.01 + 1e-9);
            }
        }
    }
}
