package io.aigne.usage.support;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How credits leave the API (docs/contracts.md §2): a JSON number rounded half-up to 6 decimal
 * places. Sums are computed exactly first; only the answer is rounded.
 */
public final class Credits {
    public static final int API_SCALE = 6;

    private Credits() {
    }

    public static BigDecimal forApi(BigDecimal exact) {
        if (exact == null) {
            return BigDecimal.ZERO;
        }
        BigDecimal rounded = exact.setScale(API_SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
        return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
    }
}
