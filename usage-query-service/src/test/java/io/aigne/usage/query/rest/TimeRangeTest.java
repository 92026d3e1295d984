package io.aigne.usage.query.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigne.usage.support.ProblemException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimeRangeTest {
    private static final long NOW = 1_764_547_200L; // 2025-12-01T00:00Z
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final long LAST_SECOND_OF_9999 = 253_402_300_799L;

    private static TimeRange parse(String start, String end) {
        return TimeRange.parse(start, end, null, CLOCK);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "null, 9223372036854775807", // the trends 500 of issue 11
            "9223372036854775806, 9223372036854775807", // the overflow past the 366-day cap
            "-9223372036854775808, 0", "0, 253402300800", "253402300800, 253402300800",
            "-1, 10", "null, -1", "1, -9223372036854775808", "null, 100"})
    void refusesRangesOutsideRepresentableTime(String start, String end) {
        assertThatThrownBy(() -> parse(start, end)).isInstanceOf(ProblemException.class)
                .extracting(e -> ((ProblemException) e).problem().status()).isEqualTo(400);
    }

    @Test
    void acceptsTheWholeRepresentableWindow() {
        assertThat(parse("0", "86400")).isEqualTo(new TimeRange(0, 86_400));
        assertThat(parse(null, Long.toString(LAST_SECOND_OF_9999)))
                .isEqualTo(new TimeRange(LAST_SECOND_OF_9999 - 30 * 86_400, LAST_SECOND_OF_9999));
        assertThat(parse(Long.toString(LAST_SECOND_OF_9999), Long.toString(LAST_SECOND_OF_9999)).lengthSeconds()).isEqualTo(1);
        assertThat(Instant.ofEpochSecond(LAST_SECOND_OF_9999).atZone(ZoneId.of("UTC")).getYear()).isEqualTo(9999);
    }

    @Test
    void keepsTheDefaultsAndTheCap() {
        assertThat(parse(null, null)).isEqualTo(new TimeRange(NOW - 30 * 86_400, NOW));
        assertThat(TimeRange.parse(null, null, "92", CLOCK)).isEqualTo(new TimeRange(NOW - 92 * 86_400, NOW));
        assertThat(parse("0", Long.toString(366 * 86_400))).isEqualTo(new TimeRange(0, 366 * 86_400));
        assertThatThrownBy(() -> parse("0", Long.toString(366 * 86_400 + 1))).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> parse("\u0663", null)).isInstanceOf(ProblemException.class);
    }

    @Test
    void thePreviousPeriodOfTheEarliestRangeStaysExact() {
        TimeRange first = parse("0", "99");
        assertThat(StatsParams.previous(first)).isEqualTo(new TimeRange(-100, -1));
    }
}
