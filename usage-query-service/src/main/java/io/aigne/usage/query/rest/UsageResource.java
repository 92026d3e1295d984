package io.aigne.usage.query.rest;

import io.aigne.usage.query.rest.UsageAnswers.Overview;
import io.aigne.usage.query.rest.UsageAnswers.TrendPoint;
import io.aigne.usage.query.rest.UsageAnswers.Trends;
import io.aigne.usage.query.service.Scope;
import io.aigne.usage.query.service.UsageService.Trend;
import io.aigne.usage.query.service.TrendBuckets.Granularity;
import io.aigne.usage.query.service.UsageService;
import io.aigne.usage.query.service.ReadPoint;
import io.aigne.usage.support.CallerIdentity;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The Dashboard's statistics for the caller: overview cards and the trend (the project list: {@link ProjectListResource}). */
@Path("/api/usage")
@Authenticated
@LimitedPerUser
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {
    static final String RANGE_DOC = "Range: startTime/endTime (Unix s, inclusive; default the last 30 days) or timeRange (days 1-366)";

    @Inject
    UsageService usage;

    @Inject
    CallerIdentity caller;

    @Inject
    Clock clock;

    @GET
    @Path("/overview")
    @Operation(operationId = "getOverview", summary = "Totals of the range: calls, tokens, credits, success rate", description = RANGE_DOC)
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Overview.class), examples = @ExampleObject(
            name = "last 30 days, compared", value = """
                    {"startTime":1761955200,"endTime":1764547199,"totalCalls":15234,"totalTokens":18803211,
                     "totalCredits":225.447562,"successRate":0.9671,"coverage":{"complete":true,"exactFrom":1761955200,
                     "dailyOnlyBefore":null},"previous":{"startTime":1759363200,"endTime":1761955199,"totalCalls":14002,
                     "totalTokens":17001923,"totalCredits":203.1,"successRate":0.958,"coverage":{"complete":true,
                     "exactFrom":1759363200,"dailyOnlyBefore":null}}}""")))
    public Overview overview(@QueryParam("startTime") String startTime, @QueryParam("endTime") String endTime,
            @QueryParam("timeRange") String timeRange,
            @Parameter(description = "previous: also answer for the period of equal length before") @QueryParam("compare") String compare,
            @Parameter(description = "Admins only: whose data") @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        TimeRange range = TimeRange.parse(startTime, endTime, timeRange, clock);
        boolean compared = StatsParams.comparePrevious(compare);
        ReadPoint p = usage.readPoint(user);
        Overview previous = compared ? overviewOf(Scope.user(user), StatsParams.previous(range), p, null) : null;
        return overviewOf(Scope.user(user), range, p, previous);
    }

    private Overview overviewOf(Scope scope, TimeRange r, ReadPoint p, Overview previous) {
        return Overview.of(r.start(), r.end(), usage.total(scope, r.start(), r.end(), p),
                UsageService.coverage(r.start(), r.end(), p.horizons()), previous);
    }

    @GET
    @Path("/trends")
    @Operation(operationId = "getTrends", summary = "Calls, success rate and average latency per hour or day", description = RANGE_DOC
            + ". Dense: one point per bucket from the bucket holding the start to the one holding the end; "
            + "empty buckets have calls 0 and null successRate/avgDuration. A bucket of which retention removed calls is left out"
            + " (coverage says from when the series is whole).")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Trends.class), examples = @ExampleObject(
            name = "daily", value = """
                    {"granularity":"day","timezone":"UTC","trends":[{"timestamp":1764460800,"calls":412,"successRate":0.97,
                     "avgDuration":1830.2,"totalCredits":6.1,"totalTokens":530211},{"timestamp":1764547200,"calls":0,
                     "successRate":null,"avgDuration":null,"totalCredits":0,"totalTokens":0}],
                     "coverage":{"complete":true,"exactFrom":1764460800,"dailyOnlyBefore":null}}""")))
    public Trends trends(@QueryParam("startTime") String startTime, @QueryParam("endTime") String endTime,
            @QueryParam("timeRange") String timeRange,
            @Parameter(description = "hour | day; default hour up to 7 days, day beyond") @QueryParam("granularity") String granularity,
            @Parameter(description = "IANA zone deciding where days start; default UTC") @QueryParam("tz") String tz,
            @Parameter(description = "Admins only: whose data") @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        TimeRange range = TimeRange.parse(startTime, endTime, timeRange, clock);
        return trendsOf(usage, Scope.user(user), range, granularity, tz, usage.readPoint(user));
    }

    static Trends trendsOf(UsageService usage, Scope scope, TimeRange range, String granularity, String tz, ReadPoint p) {
        Granularity g = StatsParams.granularity(granularity, range);
        ZoneId zone = StatsParams.zone(tz);
        Trend trend = usage.trend(scope, range.start(), range.end(), g, zone, p);
        List<TrendPoint> points = trend.points().stream().map(point -> TrendPoint.of(point.timestamp(), point.totals())).toList();
        return new Trends(g.name(), zone.getId(), points, trend.coverage());
    }
}
