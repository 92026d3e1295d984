package io.aigne.usage.query.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigne.usage.query.service.BucketPlan.Span;
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
}
