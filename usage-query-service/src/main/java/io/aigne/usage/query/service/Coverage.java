package io.aigne.usage.query.service;

import io.aigne.usage.stats.DataHorizons;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How much of an answer's range its numbers count, after retention (docs/contracts.md "Retention
 * and coverage"): {@code complete} when every call of the range is counted; from {@code exactFrom}
 * to the range's end every call is counted ({@code endTime + 1} when not even the last second is);
 * before {@code dailyOnlyBefore} neither hour rows nor raw calls are kept, only UTC day rows (null
 * when no such time exists: retention removed nothing, or only one of the two).
 */
@Schema(description = "What the answer counts after retention removed old calls and hour rows (docs/contracts.md, \"Retention and coverage\")")
public record Coverage(
        @Schema(description = "true: every call of the range is counted") boolean complete,
        @Schema(description = "Unix s: every call from here to endTime is counted (startTime when complete; endTime + 1 when not even"
                + " the last second is)") long exactFrom,
        @Schema(nullable = true, description = "Unix s: before this only daily UTC totals are kept (no hour rows, no calls); null when"
                + " no such time exists") Long dailyOnlyBefore) {

    /** A statistics answer over one plan: the lost spans' calls are not counted. */
    public static Coverage of(BucketPlan plan, DataHorizons h) {
        return new Coverage(plan.complete(), plan.exactFrom(), dailyOnlyBefore(h));
    }

    /**
     * A trend over its buckets' plans (clipped to the range, ascending): a bucket with a lost span is
     * left out whole, so the calls are counted from the end of the last such bucket.
     */
    public static Coverage ofTrend(long start, List<BucketPlan> buckets, DataHorizons h) {
        boolean complete = true;
        long exactFrom = start;
        for (BucketPlan b : buckets) {
            if (!b.complete()) {
                complete = false;
                exactFrom = b.end();
            }
        }
        return new Coverage(complete, exactFrom, dailyOnlyBefore(h));
    }

    /** The call list: the calls before {@code rawCallsFrom} are gone. */
    public static Coverage ofCalls(long start, DataHorizons h) {
        return new Coverage(start >= h.rawCallsFrom(), Math.max(start, h.rawCallsFrom()), dailyOnlyBefore(h));
    }

    /** Before both horizons only day rows remain; between them hour rows or raw calls still answer by the hour. */
    static Long dailyOnlyBefore(DataHorizons h) {
        return h.hourRowsFrom() > 0 && h.rawCallsFrom() > 0 ? Math.min(h.hourRowsFrom(), h.rawCallsFrom()) : null;
    }
}
