package io.aigne.usage.query.rest;

import io.aigne.usage.query.service.CallPoint;
import io.aigne.usage.query.service.Coverage;
import io.aigne.usage.support.Credits;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A deterministic sample of a project's finished calls for a latency/usage scatter plot, and from
 * when on the range's calls are still kept (as the call list says it: calls before rawCallsFrom expired).
 */
@Schema(description = "At most `limit` of the range's terminal calls, the same ones on every request (ordered by md5 of the id)")
public record CallSample(
        @Schema(description = "Terminal calls (success or failed) in the range matching the model filter: the population sampled from")
        long total,
        List<SamplePoint> list,
        @Schema(description = "calls before coverage.exactFrom expired (retention): total and list hold only kept calls, as in the call list")
        Coverage coverage) {

    /** One call of the sample, its numbers as the call list gives them. */
    @Schema(description = "One sampled call; duration in ms, credits rounded to 6 decimals as in the call list")
    public record SamplePoint(String id, @Schema(description = "Model without provider, as the call list shows it") String model,
            @Schema(description = "success | failed") String status, double duration, long totalUsage, BigDecimal credits) {

        static SamplePoint of(CallPoint p) {
            return new SamplePoint(p.id(), p.model(), p.status(), p.durationMs(), p.totalUsage(), Credits.forApi(p.credits()));
        }
    }
}
