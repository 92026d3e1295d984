package io.aigne.usage.query.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.stats.DataHorizons;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoverageTest {
    private static final long D = 86_400;

    @Test
    void onlyDailyTotalsRemainBeforeTheEarlierOfTheTwoHorizons() {
        // between the horizons either hour rows or raw calls still answer by the hour
        assertThat(Coverage.dailyOnlyBefore(new DataHorizons(100 * D, 55 * D, 40 * D))).isEqualTo(40 * D);
        assertThat(Coverage.dailyOnlyBefore(new DataHorizons(100 * D, 40 * D, 55 * D))).isEqualTo(40 * D);
        assertThat(Coverage.dailyOnlyBefore(new DataHorizons(100 * D, 0, 55 * D))).isNull();
        assertThat(Coverage.dailyOnlyBefore(new DataHorizons(100 * D, 40 * D, 0))).isNull();
        assertThat(Coverage.dailyOnlyBefore(DataHorizons.NONE)).isNull();
    }

    @Test
    void aStatisticsAnswerIsExactFromTheEndOfItsLastLostSpan() {
        DataHorizons h = new DataHorizons(100 * D, 55 * D, 40 * D);
        assertThat(UsageService.coverage(30 * D + 17, 60 * D + 5, h)).isEqualTo(new Coverage(false, 31 * D, 40 * D));
        assertThat(UsageService.coverage(31 * D, 60 * D + 5, h)).isEqualTo(new Coverage(true, 31 * D, 40 * D));
        assertThat(UsageService.coverage(45 * D + 17, 60 * D + 5, h)).isEqualTo(new Coverage(true, 45 * D + 17, 40 * D));
    }

    @Test
    void aTrendIsExactFromTheEndOfItsLastBucketLeftOut() {
        DataHorizons h = new DataHorizons(100 * D, 55 * D, 40 * D);
        long start = 38 * D + 600;
        List<BucketPlan> buckets = List.of(BucketPlan.of(start, 39 * D, h), BucketPlan.of(39 * D, 40 * D, h),
                BucketPlan.of(40 * D + 300, 41 * D, h)); // a bucket that is not a whole day, but kept raw calls
        assertThat(Coverage.ofTrend(start, buckets, h)).isEqualTo(new Coverage(false, 39 * D, 40 * D));
        assertThat(Coverage.ofTrend(39 * D, buckets.subList(1, 3), h)).isEqualTo(new Coverage(true, 39 * D, 40 * D));
    }

    @Test
    void theCallListIsExactFromWhereRawCallsAreKept() {
        DataHorizons h = new DataHorizons(100 * D, 55 * D, 40 * D);
        assertThat(Coverage.ofCalls(30 * D, h)).isEqualTo(new Coverage(false, 40 * D, 40 * D));
        assertThat(Coverage.ofCalls(40 * D, h)).isEqualTo(new Coverage(true, 40 * D, 40 * D));
        assertThat(Coverage.ofCalls(30 * D, DataHorizons.NONE)).isEqualTo(new Coverage(true, 30 * D, null));
    }
}
