package io.aigne.usage.query.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.aigne.usage.query.service.Coverage;
import io.aigne.usage.query.service.ProjectProfiles.Profile;
import io.aigne.usage.query.service.Totals;
import io.aigne.usage.support.Credits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The JSON answers of the statistics endpoints (docs/product-spec.md §4). */
public final class UsageAnswers {
    // docs/contracts.md §2: no data is not zero, so these are null rather than 0
    static final String RATE = "success / terminal calls, a fraction; null without calls";
    static final String AVG = "mean durationMs of success calls; null without success calls";
    static final String P95 = "95th percentile of durationMs of success calls; null without success calls";
    static final String MODEL_P95 = "95th percentile of durationMs of this model's success calls in the range, computed like"
            + " the project's p95Duration (/stats); null without success calls of the model";

    private UsageAnswers() {
    }

    static final String COVERAGE = "what the numbers count: all calls of the range unless retention removed some (complete false)";

    /** Endpoint 2; {@code previous} only with {@code compare=previous}. */
    public record Overview(long startTime, long endTime, long totalCalls, BigInteger totalTokens, BigDecimal totalCredits,
            @Schema(nullable = true, description = RATE) Double successRate, @Schema(description = COVERAGE) Coverage coverage,
            @JsonInclude(JsonInclude.Include.NON_NULL) Overview previous) {
        static Overview of(long start, long end, Totals t, Coverage coverage, Overview previous) {
            return new Overview(start, end, t.calls(), t.usage(), Credits.forApi(t.credits()), t.successRate(), coverage, previous);
        }
    }

    static final String NAME = "the project's name from its profile (PUT /api/ingest/projects/{appDid}); null without one: show the DID";
    static final String LOGO = "https URL of the project's logo; null without one";
    static final String APP_URL = "http(s) URL of the app; null without one";

    /** One row of endpoint 3, with the project's name and logo when a producer gave them. */
    public record ProjectSummary(String appDid, @Schema(nullable = true, description = NAME) String name,
            @Schema(nullable = true, description = LOGO) String logoUrl, @Schema(nullable = true, description = APP_URL) String appUrl,
            long totalCalls, BigInteger totalTokens, BigDecimal totalCredits,
            @Schema(nullable = true, description = RATE) Double successRate, Long lastCallTime) {
        static ProjectSummary of(String appDid, Profile profile, Totals t) {
            Profile p = profile == null ? NO_PROFILE : profile;
            return new ProjectSummary(appDid, p.name(), p.logoUrl(), p.appUrl(), t.calls(), t.usage(), Credits.forApi(t.credits()),
                    t.successRate(), t.lastCallTime());
        }
    }

    private static final Profile NO_PROFILE = new Profile(null, null, null);

    public record ProjectList(List<ProjectSummary> projects, long count, int page, int pageSize,
            @Schema(description = COVERAGE) Coverage coverage) {
    }

    /** One point of endpoint 4 (user) and 7 (project): empty buckets have null rate and latency. */
    public record TrendPoint(long timestamp, long calls, @Schema(nullable = true, description = RATE) Double successRate,
            @Schema(nullable = true, description = AVG) Double avgDuration, BigDecimal totalCredits, BigInteger totalTokens) {
        static TrendPoint of(long timestamp, Totals t) {
            return new TrendPoint(timestamp, t.calls(), t.successRate(), t.avgDurationMs(), Credits.forApi(t.credits()), t.usage());
        }
    }

    /** Endpoints 4 and 7: a bucket retention cut into is left out of {@code trends} (a gap, not a zero). */
    public record Trends(String granularity, String timezone,
            @Schema(description = "ascending; one point per bucket except buckets of which retention removed calls") List<TrendPoint> trends,
            @Schema(description = COVERAGE) Coverage coverage) {
    }

    /** Endpoint 6; {@code previous} only with {@code compare=previous}. */
    public record ProjectStats(String appDid, @Schema(nullable = true, description = NAME) String name,
            @Schema(nullable = true, description = LOGO) String logoUrl, @Schema(nullable = true, description = APP_URL) String appUrl,
            long startTime, long endTime, long totalCalls, BigInteger totalTokens,
            BigDecimal totalCredits, @Schema(nullable = true, description = RATE) Double successRate,
            @Schema(nullable = true, description = AVG) Double avgDuration,
            @Schema(nullable = true, description = P95) Double p95Duration, @Schema(description = COVERAGE) Coverage coverage,
            @JsonInclude(JsonInclude.Include.NON_NULL) ProjectStats previous) {
        static ProjectStats of(String appDid, Profile profile, long start, long end, Totals t, Double p95, Coverage coverage,
                ProjectStats previous) {
            Profile p = profile == null ? NO_PROFILE : profile;
            return new ProjectStats(appDid, p.name(), p.logoUrl(), p.appUrl(), start, end, t.calls(), t.usage(), Credits.forApi(t.credits()), t.successRate(),
                    t.avgDurationMs(), p95, coverage, previous);
        }
    }

    /** One model of endpoint 8: its terminal calls, their share, and the P95 of its success calls (as in endpoint 6). */
    public record ModelShare(String model, long calls, BigDecimal percentage,
            @Schema(nullable = true, description = MODEL_P95) Double p95Duration) {
    }

    /** Endpoint 8: most calls first (ties by model name), percentages adding up to exactly 100. */
    public record ModelDistribution(List<ModelShare> modelDistribution, @Schema(description = COVERAGE) Coverage coverage) {
        /** {@code p95} per model; a model without success calls has none. */
        static ModelDistribution of(Map<String, Totals> byModel, Map<String, Double> p95, Coverage coverage) {
            List<Map.Entry<String, Totals>> models = byModel.entrySet().stream().filter(e -> e.getValue().calls() > 0)
                    .sorted(Comparator.comparingLong((Map.Entry<String, Totals> e) -> e.getValue().calls()).reversed()
                            .thenComparing(Map.Entry::getKey))
                    .toList();
            List<BigDecimal> shares = Shares.percentages(models.stream().map(e -> e.getValue().calls()).toList());
            List<ModelShare> distribution = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                Map.Entry<String, Totals> m = models.get(i);
                distribution.add(new ModelShare(m.getKey(), m.getValue().calls(), shares.get(i),
                        m.getValue().success() == 0 ? null : p95.get(m.getKey())));
            }
            return new ModelDistribution(distribution, coverage);
        }
    }
}
