package io.aigne.usage.query.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.query.service.BucketPlan.Span;
import io.aigne.usage.stats.DataHorizons;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BucketPlanTest {
    private static final long H = 3_600;
    private static final long D = 86_400;

    @Test
    void usesDayRowsForWholeFlushedDaysHourRowsAroundThemAndLiveForTheEdges() {
        long start = 10 * D + 5 * H + 17;        // inside an hour
        long end = 13 * D + 7 * H + 300;          // exclusive, inside an hour
        BucketPlan plan = BucketPlan.of(start, end, 20 * D);

        assertThat(plan.live()).containsExactly(new Span(start, 10 * D + 6 * H), new Span(13 * D + 7 * H, end));
        assertThat(plan.hourRows()).containsExactly(new Span(10 * D + 6 * H, 11 * D), new Span(13 * D, 13 * D + 7 * H));
        assertThat(plan.dayRows()).containsExactly(new Span(11 * D, 13 * D));
    }

    @Test
    void hoursAtOrAfterTheWatermarkAreLive() {
        BucketPlan plan = BucketPlan.of(10 * D, 10 * D + 10 * H, 10 * D + 4 * H);

        assertThat(plan.hourRows()).containsExactly(new Span(10 * D, 10 * D + 4 * H));
        assertThat(plan.live()).containsExactly(new Span(10 * D + 4 * H, 10 * D + 10 * H));
        assertThat(plan.dayRows()).isEmpty();
    }

    @Test
    void aRangeInsideOneHourIsAllLive() {
        assertThat(BucketPlan.of(5 * H + 1, 5 * H + 2, 100 * D).live()).containsExactly(new Span(5 * H + 1, 5 * H + 2));
        assertThat(BucketPlan.of(5 * H + 1, 5 * H + 2, 100 * D).hourRows()).isEmpty();
    }

    @Test
    void everySecondOfTheRangeIsCoveredExactlyOnce() {
        Random random = new Random(1);
        for (int i = 0; i < 2_000; i++) {
            long start = random.nextInt(40 * (int) D);
            long end = start + 1 + random.nextInt(10 * (int) D);
            long watermark = random.nextInt(50 * (int) D);
            BucketPlan plan = BucketPlan.of(start, end, watermark);
            List<Span> all = new ArrayList<>();
            all.addAll(plan.dayRows());
            all.addAll(plan.hourRows());
            all.addAll(plan.live());
            all.sort((a, b) -> Long.compare(a.from(), b.from()));
            long cursor = start;
            for (Span s : all) {
                assertThat(s.from()).isEqualTo(cursor);
                cursor = s.to();
            }
            assertThat(cursor).isEqualTo(end);
            plan.dayRows().forEach(s -> assertThat(s.from() % D == 0 && s.to() % D == 0 && s.to() <= watermark).isTrue());
            plan.hourRows().forEach(s -> assertThat(s.from() % H == 0 && s.to() % H == 0 && s.to() <= watermark).isTrue());
        }
    }

    // Retention (docs/contracts.md "Retention and coverage"): hour rows kept from hourRowsFrom, raw calls from rawCallsFrom.

    @Test
    void hoursWhoseRowsExpiredAreReadLiveWhileTheirCallsAreKept() {
        // raw calls kept from day 40, hour rows from day 55 (the demo profile's order: hour rows go first)
        DataHorizons h = new DataHorizons(100 * D, 55 * D, 40 * D);
        long start = 45 * D + 3 * H + 5;
        BucketPlan plan = BucketPlan.of(start, 47 * D + 2 * H, h);

        // [start, 45d 4h) was live anyway, [45d 4h, 46d) and [47d, 47d 2h) were hour rows: all live now
        assertThat(plan.live()).containsExactly(new Span(start, 46 * D), new Span(47 * D, 47 * D + 2 * H));
        assertThat(plan.hourRows()).isEmpty();
        assertThat(plan.dayRows()).containsExactly(new Span(46 * D, 47 * D));
        assertThat(plan.lost()).isEmpty();
        assertThat(plan.complete()).isTrue();
        assertThat(plan.exactFrom()).isEqualTo(start);
    }

    @Test
    void beforeBothHorizonsOnlyWholeUtcDaysAreCounted() {
        DataHorizons h = new DataHorizons(100 * D, 55 * D, 40 * D);
        long start = 30 * D + 5 * H + 17;
        long end = 60 * D + 7 * H + 300;
        BucketPlan plan = BucketPlan.of(start, end, h);

        assertThat(plan.lost()).containsExactly(new Span(start, 31 * D)); // the first partial day: no row, no calls
        assertThat(plan.dayRows()).containsExactly(new Span(31 * D, 60 * D));
        assertThat(plan.hourRows()).containsExactly(new Span(60 * D, 60 * D + 7 * H));
        assertThat(plan.live()).containsExactly(new Span(60 * D + 7 * H, end));
        assertThat(plan.complete()).isFalse();
        assertThat(plan.exactFrom()).isEqualTo(31 * D);
    }

    @Test
    void partialHoursAreLostWhereOnlyHourRowsAreKept() {
        // raw calls kept from day 55 only, hour rows from day 40
        DataHorizons h = new DataHorizons(100 * D, 40 * D, 55 * D);
        long start = 50 * D + 1_800;
        long end = 52 * D + 600;
        BucketPlan plan = BucketPlan.of(start, end, h);

        assertThat(plan.lost()).containsExactly(new Span(start, 50 * D + H), new Span(52 * D, end));
        assertThat(plan.hourRows()).containsExactly(new Span(50 * D + H, 51 * D));
        assertThat(plan.dayRows()).containsExactly(new Span(51 * D, 52 * D));
        assertThat(plan.live()).isEmpty();
        assertThat(plan.exactFrom()).isEqualTo(end); // not even the last second is counted
    }

    @Test
    void aKathmanduDayBeforeBothHorizonsIsLostWhole() {
        // a day of UTC+05:45 starts at 18:15 UTC: no UTC day row fits in it
        DataHorizons h = new DataHorizons(100 * D, 55 * D, 40 * D);
        long start = 20 * D + 18 * H + 900;
        BucketPlan plan = BucketPlan.of(start, start + D, h);

        assertThat(plan.lost()).containsExactly(new Span(start, start + D));
        assertThat(plan.dayRows()).isEmpty();
        assertThat(plan.hourRows()).isEmpty();
        assertThat(plan.live()).isEmpty();
    }

    @Test
    void nothingRemovedLosesNothing() {
        BucketPlan plan = BucketPlan.of(5 * D + 17, 9 * D + 3, DataHorizons.NONE);
        assertThat(plan.lost()).isEmpty();
        assertThat(plan.live()).containsExactly(new Span(5 * D + 17, 9 * D + 3)); // nothing flushed: all live
    }

    /**
     * Second by second: a second the plan without retention takes from a day row stays there; from an
     * hour row, it stays there at or after hourRowsFrom; otherwise it is read live where raw calls are
     * kept (at or after rawCallsFrom) and lost before.
     */
    @Test
    void everySecondGoesWhereItsDataIsKept() {
        Random random = new Random(13);
        for (int i = 0; i < 2_000; i++) {
            long start = random.nextInt(40 * (int) D);
            long end = start + 1 + random.nextInt(10 * (int) D);
            long watermark = random.nextInt(50 * (int) D);
            long hourFrom = random.nextInt(4) == 0 ? 0 : random.nextInt(50) * D;
            long rawFrom = random.nextInt(4) == 0 ? 0 : random.nextInt(50) * D;
            BucketPlan base = BucketPlan.of(start, end, watermark);
            BucketPlan plan = BucketPlan.of(start, end, new DataHorizons(watermark, hourFrom, rawFrom));
            List<Long> seconds = new ArrayList<>(List.of(start, end - 1, hourFrom, hourFrom - 1, rawFrom, rawFrom - 1));
            for (int k = 0; k < 200; k++) {
                seconds.add(start + (long) (random.nextDouble() * (end - start)));
            }
            long lastLost = start;
            for (long t : seconds) {
                if (t < start || t >= end) {
                    continue;
                }
                List<Span> want;
                if (in(base.dayRows(), t)) {
                    want = plan.dayRows();
                } else if (in(base.hourRows(), t) && t >= hourFrom) {
                    want = plan.hourRows();
                } else {
                    want = t >= rawFrom ? plan.live() : plan.lost();
                }
                assertThat(in(want, t)).as("second %d of [%d, %d) with %s", t, start, end, plan).isTrue();
                int places = (in(plan.dayRows(), t) ? 1 : 0) + (in(plan.hourRows(), t) ? 1 : 0) + (in(plan.live(), t) ? 1 : 0)
                        + (in(plan.lost(), t) ? 1 : 0);
                assertThat(places).as("second %d in one place", t).isEqualTo(1);
                if (in(plan.lost(), t)) {
                    lastLost = Math.max(lastLost, t + 1);
                }
            }
            assertThat(plan.complete()).isEqualTo(plan.lost().isEmpty());
            assertThat(plan.exactFrom()).isGreaterThanOrEqualTo(lastLost);
            plan.lost().forEach(s -> assertThat(s.to()).isLessThanOrEqualTo(Math.max(rawFrom, start)));
            plan.hourRows().forEach(s -> assertThat(s.from()).isGreaterThanOrEqualTo(hourFrom));
            plan.live().forEach(s -> assertThat(s.from()).isGreaterThanOrEqualTo(rawFrom));
        }
    }

    private static boolean in(List<Span> spans, long t) {
        return spans.stream().anyMatch(s -> s.from() <= t && t < s.to());
    }
}
