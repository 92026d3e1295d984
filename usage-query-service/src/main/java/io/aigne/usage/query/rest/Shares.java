package io.aigne.usage.query.rest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Percentages with two decimals that add up to exactly 100.00 (largest remainder): each share
 * is rounded down to a hundredth, then the missing hundredths go to the largest remainders.
 */
final class Shares {
    private Shares() {
    }

    static List<BigDecimal> percentages(List<Long> counts) {
        long total = counts.stream().mapToLong(Long::longValue).sum();
        List<BigDecimal> result = new ArrayList<>();
        if (total == 0) {
            counts.forEach(c -> result.add(BigDecimal.ZERO.setScale(2)));
            return result;
        }
        long[] hundredths = new long[counts.size()];
        long[] remainders = new long[counts.size()];
        long assigned = 0;
        for (int i = 0; i < counts.size(); i++) {
            long scaled = counts.get(i) * 10_000;
            hundredths[i] = scaled / total;
            remainders[i] = scaled % total;
            assigned += hundredths[i];
        }
        long missing = 10_000 - assigned;
        List<Integer> order = IntStream.range(0, counts.size()).boxed()
                .sorted(Comparator.<Integer>comparingLong(i -> remainders[i]).reversed().thenComparing(i -> i)).toList();
        for (int k = 0; k < missing; k++) {
            hundredths[order.get(k)]++;
        }
        for (long h : hundredths) {
            result.add(BigDecimal.valueOf(h, 2));
        }
        return result;
    }
}
