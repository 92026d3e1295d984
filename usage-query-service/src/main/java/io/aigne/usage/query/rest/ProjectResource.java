package io.aigne.usage.query.rest;

import io.aigne.usage.query.rest.UsageAnswers.ModelDistribution;
import io.aigne.usage.query.rest.UsageAnswers.ProjectStats;
import io.aigne.usage.query.rest.UsageAnswers.Trends;
import io.aigne.usage.query.service.ProjectProfiles;
import io.aigne.usage.query.service.Scope;
import io.aigne.usage.query.service.Totals;
import io.aigne.usage.query.service.UsageService;
import io.aigne.usage.query.service.ReadPoint;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The Project Detail page's statistics: the six cards, the trend and the model mix. */
@Path(ProjectListResource.PROJECTS)
@Authenticated
@LimitedPerUser
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectResource {

    @Inject
    UsageService usage;

    @Inject
    ProjectAccess access;

    @Inject
    Clock clock;

    @GET
    @Path("/{appDid}/stats")
    @Operation(operationId = "getProjectStats", summary = "A project's name, totals, success rate, average and P95 latency", description = UsageResource.RANGE_DOC
            + ". Latencies are over success calls; P95 comes from merged KLL sketches (rank within 0.95 ± 0.01).")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UsageAnswers.ProjectStats.class), examples = @ExampleObject(
            name = "last 7 days", value = """
                    {"appDid":"did:app:alice-chatbot","name":"Alice's Chatbot","logoUrl":null,"appUrl":null,"startTime":1763942400,"endTime":1764547199,"totalCalls":1702,
                     "totalTokens":2290311,"totalCredits":24.301,"successRate":0.9671,"avgDuration":1843.5,"p95Duration":6120.4,
                     "coverage":{"complete":true,"exactFrom":1763942400,"dailyOnlyBefore":null}}""")))
    public ProjectStats stats(@PathParam("appDid") String appDid, @QueryParam("startTime") String startTime,
            @QueryParam("endTime") String endTime, @QueryParam("timeRange") String timeRange,
            @Parameter(description = "previous: also answer for the period of equal length before") @QueryParam("compare") String compare,
            @Parameter(description = "Admins only: whose data") @QueryParam("userDid") String userDid) {
        ReadPoint p = access.readPointOf(appDid, userDid); // the access check first, as everywhere: 404 before 400
        TimeRange range = TimeRange.parse(startTime, endTime, timeRange, clock);
        Scope scope = Scope.project(p.userDid(), appDid);
        ProjectProfiles.Profile profile = p.profile(); // read with the access check
        ProjectStats previous = null;
        if (StatsParams.comparePrevious(compare)) {
            previous = statsOf(scope, profile, StatsParams.previous(range), p, null);
        }
        return statsOf(scope, profile, range, p, previous);
    }

    private ProjectStats statsOf(Scope scope, ProjectProfiles.Profile profile, TimeRange range, ReadPoint p, ProjectStats previous) {
        Totals t = usage.total(scope, range.start(), range.end(), p);
        Double p95 = t.success() == 0 ? null : usage.p95(scope, range.start(), range.end(), p);
        return ProjectStats.of(scope.appDid(), profile, range.start(), range.end(), t, p95,
                UsageService.coverage(range.start(), range.end(), p.horizons()), previous);
    }

    @GET
    @Path("/{appDid}/trends")
    @Operation(operationId = "getProjectTrends", summary = "A project's calls, average latency and credits per hour or day", description = UsageResource.RANGE_DOC
            + ". Dense buckets as in /api/usage/trends.")
    @APIResponse(responseCode = "200", description = "One point per bucket, ascending")
    public Trends trends(@PathParam("appDid") String appDid, @QueryParam("startTime") String startTime,
            @QueryParam("endTime") String endTime, @QueryParam("timeRange") String timeRange,
            @Parameter(description = "hour | day; default hour up to 7 days, day beyond") @QueryParam("granularity") String granularity,
            @Parameter(description = "IANA zone deciding where days start; default UTC") @QueryParam("tz") String tz,
            @Parameter(description = "Admins only: whose data") @QueryParam("userDid") String userDid) {
        ReadPoint p = access.readPointOf(appDid, userDid); // the access check first, as everywhere: 404 before 400
        TimeRange range = TimeRange.parse(startTime, endTime, timeRange, clock);
        return UsageResource.trendsOf(usage, Scope.project(p.userDid(), appDid), range, granularity, tz, p);
    }

    @GET
    @Path("/{appDid}/models")
    @Operation(operationId = "getProjectModels", summary = "A project's calls and P95 latency per model, with percentages adding up to 100",
            description = UsageResource.RANGE_DOC + ". p95Duration is each model's P95 over its success calls, computed as the"
                    + " project's in /stats (merged KLL sketches: rank within 0.95 ± 0.01); null without success calls of the model.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = UsageAnswers.ModelDistribution.class), examples = @ExampleObject(
            name = "three models", value = """
                    {"modelDistribution":[{"model":"gpt-4o","calls":500,"percentage":50.00,"p95Duration":6120.4},
                     {"model":"claude-3-5-sonnet","calls":333,"percentage":33.30,"p95Duration":8433.0},
                     {"model":"gpt-4o-mini","calls":167,"percentage":16.70,"p95Duration":null}],
                     "coverage":{"complete":false,"exactFrom":1759363200,"dailyOnlyBefore":1759276800}}""")))
    public ModelDistribution models(@PathParam("appDid") String appDid, @QueryParam("startTime") String startTime,
            @QueryParam("endTime") String endTime, @QueryParam("timeRange") String timeRange,
            @Parameter(description = "Admins only: whose data") @QueryParam("userDid") String userDid) {
        ReadPoint p = access.readPointOf(appDid, userDid); // the access check first, as everywhere: 404 before 400
        TimeRange range = TimeRange.parse(startTime, endTime, timeRange, clock);
        Scope scope = Scope.models(p.userDid(), appDid);
        Map<String, Totals> byModel = usage.totals(scope, range.start(), range.end(), p);
        boolean anySuccess = byModel.values().stream().anyMatch(t -> t.success() > 0);
        Map<String, Double> p95 = anySuccess ? usage.p95s(scope, range.start(), range.end(), p) : Map.of();
        return ModelDistribution.of(byModel, p95, UsageService.coverage(range.start(), range.end(), p.horizons()));
    }

}
