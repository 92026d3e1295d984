package io.aigne.usage.query.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.query.service.TrendBuckets.Bucket;
import io.aigne.usage.query.service.TrendBuckets.Granularity;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendBucketsTest {

    private static long utc(String isoLocal) {
        return LocalDateTime.parse(isoLocal).toEpochSecond(ZoneOffset.UTC);
    }

    @Test
    void daysFollowTheZonesCalendarIncludingA25HourDstDay() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // 2025-10-26: clocks go back, the day has 25 hours
        List<Bucket> days = TrendBuckets.of(utc("2025-10-25T12:00:00"), utc("2025-10-27T12:00:00"), Granularity.day, berlin);

        assertThat(days).extracting(Bucket::start).containsExactly(utc("2025-10-24T22:00:00"), utc("2025-10-25T22:00:00"),
                utc("2025-10-26T23:00:00"));
        assertThat(days.get(1).end() - days.get(1).start()).isEqualTo(25 * 3_600);
    }

    @Test
    void aSpringForwardDayHas23Hours() {
        ZoneId newYork = ZoneId.of("America/New_York");
        List<Bucket> days = TrendBuckets.of(utc("2025-03-09T06:00:00"), utc("2025-03-09T07:00:00"), Granularity.day, newYork);

        assertThat(days).hasSize(1);
        assertThat(days.get(0).start()).isEqualTo(utc("2025-03-09T05:00:00"));
        assertThat(days.get(0).end() - days.get(0).start()).isEqualTo(23 * 3_600);
    }

    @Test
    void hoursOfAHalfHourZoneStartAtHalfPastInUtc() {
        List<Bucket> hours = TrendBuckets.of(utc("2025-01-01T10:40:00"), utc("2025-01-01T12:10:00"), Granularity.hour,
                ZoneId.of("Asia/Kolkata"));

        assertThat(hours).extracting(Bucket::start).containsExactly(utc("2025-01-01T10:30:00"), utc("2025-01-01T11:30:00"));
    }

    @Test
    void aOneSecondRangeHasOneBucketAndTheSeriesIsDense() {
        long t = utc("2025-01-01T10:00:00");
        assertThat(TrendBuckets.of(t, t, Granularity.hour, ZoneOffset.UTC)).containsExactly(new Bucket(t, t + 3_600));
        long midnight = utc("2025-01-01T00:00:00");
        assertThat(TrendBuckets.of(midnight, midnight + 10 * 86_400 - 1, Granularity.day, ZoneOffset.UTC)).hasSize(10);
        assertThat(TrendBuckets.of(t, t + 10 * 86_400 - 1, Granularity.day, ZoneOffset.UTC)).hasSize(11);
    }
}
