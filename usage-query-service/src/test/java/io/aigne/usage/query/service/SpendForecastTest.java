package io.aigne.usage.query.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link SpendForecast}'s arithmetic on histories whose answer is known by hand. */
class SpendForecastTest {
    private static final long DAY = 86_400;
    /** Tuesday 2026-11-03 18:00 UTC (the counted seconds end at 17:59:59): 0.75 of the day is over. */
    private static final long AS_OF = LocalDate.of(2026, 11, 3).atTime(18, 0).toEpochSecond(ZoneOffset.UTC) - 1;

    @Test
    void theCalendarIsUtc() {
        SpendForecast.Calendar cal = SpendForecast.Calendar.of(AS_OF);
        assertThat(cal.today()).isEqualTo(LocalDate.of(2026, 11, 3));
        assertThat(cal.daysInMonth()).isEqualTo(30);
        assertThat(cal.monthStart()).isEqualTo(LocalDate.of(2026, 11, 1).toEpochDay() * DAY);
        assertThat(cal.dayStart()).isEqualTo(LocalDate.of(2026, 11, 3).toEpochDay() * DAY);
        assertThat(cal.dayFractionElapsed()).isEqualTo(0.75);
        assertThat(cal.remainingDays()).isEqualTo(27.25);
        assertThat(cal.historyStart()).isEqualTo(LocalDate.of(2026, 9, 8).toEpochDay() * DAY);
    }

    @Test
    void withoutHistoryThereIsNoForecast() {
        SpendForecast.Result r = SpendForecast.of(new double[56], SpendForecast.Calendar.of(AS_OF));
        assertThat(r.remaining()).isZero();
        assertThat(r.basisDays()).isZero();
        assertThat(r.expected(3.5)).isEqualTo(3.5);
        assertThat(r.low(3.5)).isEqualTo(3.5);
        assertThat(r.high(3.5)).isEqualTo(3.5);
    }

    @Test
    void aSteadySpendGoesOnForTheRestOfTheMonth() {
        double[] history = new double[56];
        Arrays.fill(history, 10);
        SpendForecast.Result r = SpendForecast.of(history, SpendForecast.Calendar.of(AS_OF));
        assertThat(r.level()).isCloseTo(10, within(1e-9));
        assertThat(r.remaining()).isCloseTo(272.5, within(1e-9)); // a quarter of today and 27 days
        assertThat(r.halfWidth()).isCloseTo(0, within(1e-9));
        assertThat(r.basisDays()).isEqualTo(28);
    }

    @Test
    void weekdaysSpendAndWeekendsDoNot() {
        double[] history = new double[56];
        for (int i = 0; i < 56; i++) {
            // index 55 is Monday 2026-11-02
            history[i] = LocalDate.of(2026, 11, 2).minusDays(55 - i).getDayOfWeek().getValue() <= 5 ? 10 : 0;
        }
        SpendForecast.Result r = SpendForecast.of(history, SpendForecast.Calendar.of(AS_OF));
        assertThat(r.seasonal()).isTrue();
        // weekday factor 10 / (50/7) = 1.4, weekend 0; level = 200 / (20 · 1.4) = 50/7 a day
        assertThat(r.level()).isCloseTo(50 / 7.0, within(1e-9));
        // a quarter of Tuesday, then the weekdays 4-6, 9-13, 16-20, 23-27 and 30 November: 19 days of 10
        assertThat(r.remaining()).isCloseTo(2.5 + 190, within(1e-9));
        assertThat(r.halfWidth()).isCloseTo(0, within(1e-9));
    }

    @Test
    void historyStartsAtTheFirstSpendAndThinHistoryHasAWideInterval() {
        double[] history = new double[56];
        history[53] = 8;
        history[54] = 12;
        history[55] = 10;
        SpendForecast.Result r = SpendForecast.of(history, SpendForecast.Calendar.of(AS_OF));
        assertThat(r.basisDays()).isEqualTo(3);
        assertThat(r.seasonal()).isFalse();
        assertThat(r.level()).isCloseTo(10, within(1e-9));
        assertThat(r.remaining()).isCloseTo(272.5, within(1e-9));
        // σ (2) is raised to the level (10) with fewer than 14 days
        assertThat(r.halfWidth()).isCloseTo(1.645 * Math.sqrt(100 * 27.25 * (1 + 27.25 / 3)), within(1e-9));
        assertThat(r.low(5)).isCloseTo(5, within(1e-9)); // never below what was spent
    }

    @Test
    void aMovingLevelWidensTheInterval() {
        double[] flat = new double[56];
        double[] rising = new double[56];
        Arrays.fill(flat, 10);
        for (int i = 0; i < 56; i++) {
            rising[i] = i < 28 ? 5 : 10;
        }
        SpendForecast.Calendar cal = SpendForecast.Calendar.of(AS_OF);
        SpendForecast.Result r = SpendForecast.of(rising, cal);
        assertThat(r.level()).isCloseTo(SpendForecast.of(flat, cal).level(), within(1e-9));
        assertThat(r.remaining()).isCloseTo(272.5, within(1e-9));
        // residuals ±2.5 around the mean 7.5: σ = 2.5 · √(56/55); the level moved 5 in 28 days
        double sigma = 2.5 * Math.sqrt(56 / 55.0);
        double drift = 5 / 28.0 * (14 + 27.25 / 2) * 27.25;
        assertThat(r.halfWidth()).isCloseTo(1.645 * Math.sqrt(sigma * sigma * 27.25 * (1 + 27.25 / 28) + drift * drift), within(1e-9));
    }
}
