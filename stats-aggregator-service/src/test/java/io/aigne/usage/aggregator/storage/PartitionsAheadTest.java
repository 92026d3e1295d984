package io.aigne.usage.aggregator.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The months created ahead, read from calendar dates written out by hand. */
class PartitionsAheadTest {

    private static long utc(int year, int month, int day, int hour, int minute, int second) {
        return OffsetDateTime.of(year, month, day, hour, minute, second, 0, ZoneOffset.UTC).toEpochSecond();
    }

    @Test
    void theLastSecondOfAYearAlreadyHasTheNextMonthsAhead() {
        assertThat(PartitionsAhead.monthsAhead(utc(2026, 12, 31, 23, 59, 59), 2))
                .containsExactly(utc(2026, 12, 1, 0, 0, 0), utc(2027, 1, 1, 0, 0, 0), utc(2027, 2, 1, 0, 0, 0));
        assertThat(PartitionsAhead.monthsAhead(utc(2027, 1, 1, 0, 0, 0), 2))
                .containsExactly(utc(2027, 1, 1, 0, 0, 0), utc(2027, 2, 1, 0, 0, 0), utc(2027, 3, 1, 0, 0, 0));
    }

    @Test
    void monthEdgesFollowTheCalendarIncludingLeapFebruary() {
        assertThat(CallPartitions.monthOf(utc(2028, 2, 29, 23, 59, 59))).isEqualTo(utc(2028, 2, 1, 0, 0, 0));
        assertThat(CallPartitions.monthOf(utc(2028, 3, 1, 0, 0, 0))).isEqualTo(utc(2028, 3, 1, 0, 0, 0));
        assertThat(CallPartitions.nextMonth(utc(2028, 2, 1, 0, 0, 0)) - utc(2028, 2, 1, 0, 0, 0)).isEqualTo(29L * 86_400);
        assertThat(CallPartitions.previousMonth(utc(2027, 1, 1, 0, 0, 0))).isEqualTo(utc(2026, 12, 1, 0, 0, 0));
        assertThat(PartitionsAhead.monthsAhead(utc(2028, 2, 10, 0, 0, 0), 0)).isEqualTo(List.of(utc(2028, 2, 1, 0, 0, 0)));
    }
}
