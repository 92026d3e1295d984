package io.aigne.usage.alerts.rest;

import java.math.BigDecimal;

/** One spelling per value in answers: 7.50 and 7.5 are both answered 7.5, 100 stays 100. */
final class Numbers {
    private Numbers() {
    }

    static BigDecimal plain(BigDecimal d) {
        if (d == null) {
            return null;
        }
        BigDecimal stripped = d.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
