package io.aigne.usage.query.rest;

import io.aigne.usage.query.service.CallFilter;
import io.aigne.usage.query.service.CallRepository;
import io.aigne.usage.query.service.CallSelection;
import io.aigne.usage.query.service.Coverage;
import io.aigne.usage.support.PageRequest;
import io.aigne.usage.support.Params;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

@Path(ProjectListResource.PROJECTS)
@Authenticated
@LimitedPerUser
@SecurityRequirement(name = "bearer")
public class CallsResource {
    static final String SORT_DOC = "time (default: callTime desc, id desc) | duration (durationMs desc, then callTime desc, id desc)";
    static final int DEFAULT_SAMPLE = 500;
    static final int MAX_SAMPLE = 2000;

    @Inject
    CallRepository calls;

    @Inject
    ProjectAccess access;

    @Inject
    Clock clock;

    @GET
    @Path("/{appDid}/calls")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listProjectCalls", summary = "A project's calls, newest first (live, not pre-aggregated)",
            description = "All filters combine with AND; count is the number of calls matching all of them. Calls before"
                    + " coverage.exactFrom have expired (retention): the list and count hold the kept calls only.")
    @APIResponse(responseCode = "200", description = "One page of calls")
    public CallList list(
            @PathParam("appDid") String appDid,
            @Parameter(description = "Unix seconds, inclusive; default endTime - 30 days") @QueryParam("startTime") String startTime,
            @Parameter(description = "Unix seconds, inclusive; default now") @QueryParam("endTime") String endTime,
            @Parameter(description = "Days back from now (1-366), instead of startTime/endTime") @QueryParam("timeRange") String timeRange,
            @Parameter(description = ">= 1, default 1") @QueryParam("page") String page,
            @Parameter(description = "1-100, default 20") @QueryParam("pageSize") String pageSize,
            @Parameter(description = CallFilterParams.MODEL_DOC) @QueryParam("model") List<String> model,
            @Parameter(description = CallFilterParams.STATUS_DOC) @QueryParam("status") String status,
            @Parameter(description = CallFilterParams.TYPE_DOC) @QueryParam("type") String type,
            @Parameter(description = CallFilterParams.MIN_DURATION_DOC) @QueryParam("minDuration") String minDuration,
            @Parameter(description = CallFilterParams.CHARGED_DOC) @QueryParam("charged") String charged,
            @Parameter(description = CallFilterParams.SEARCH_DOC) @QueryParam("search") String search,
            @Parameter(description = SORT_DOC) @QueryParam("sort") String sort,
            @Parameter(description = "Admins only: whose calls") @QueryParam("userDid") String userDid) {
        TimeRange range = TimeRange.parse(startTime, endTime, timeRange, clock);
        PageRequest paging = PageRequest.parse(page, pageSize);
        CallFilter filter = CallFilterParams.parse(model, status, type, minDuration, charged, search);
        boolean byDuration = byDuration(sort);
        String user = access.ownerOf(appDid, userDid);
        CallSelection selection = new CallSelection(user, appDid, range.start(), range.end(), filter, byDuration);
        CallRepository.Counted counted = calls.countWithHorizons(selection);
        return new CallList(calls.page(selection, paging.pageSize(), paging.offset()).stream().map(CallList.Item::of).toList(),
                counted.count(), paging.page(), paging.pageSize(), Coverage.ofCalls(range.start(), counted.horizons()));
    }

    @GET
    @Path("/{appDid}/calls/sample")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "sampleProjectCalls", summary = "A fixed sample of a project's finished calls, for a latency scatter plot",
            description = UsageResource.RANGE_DOC + ". At most limit terminal calls (success or failed), chosen by the md5 of"
                    + " their id: the same calls on every request for the same parameters, each call equally likely. Calls before"
                    + " coverage.exactFrom have expired (retention), as in the call list: total and list hold the kept calls only.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CallSample.class), examples = @ExampleObject(name = "two points", value = """
                    {"total":1702,"list":[{"id":"call-8d1f","model":"gpt-4o","status":"success","duration":1843.5,
                     "totalUsage":1203,"credits":0.0123},{"id":"call-02aa","model":"claude-3-5-sonnet","status":"failed",
                     "duration":30001.0,"totalUsage":0,"credits":0}],
                     "coverage":{"complete":true,"exactFrom":1764300000,"dailyOnlyBefore":null}}""")))
    public CallSample sample(
            @PathParam("appDid") String appDid,
            @Parameter(description = "Unix seconds, inclusive; default endTime - 30 days") @QueryParam("startTime") String startTime,
            @Parameter(description = "Unix seconds, inclusive; default now") @QueryParam("endTime") String endTime,
            @Parameter(description = "Days back from now (1-366), instead of startTime/endTime") @QueryParam("timeRange") String timeRange,
            @Parameter(description = CallFilterParams.MODEL_DOC) @QueryParam("model") List<String> model,
            @Parameter(description = "1-2000, default 500: the most points answered") @QueryParam("limit") String limit,
            @Parameter(description = "Admins only: whose calls") @QueryParam("userDid") String userDid) {
        TimeRange range = TimeRange.parse(startTime, endTime, timeRange, clock);
        CallFilter filter = CallFilter.ofModels(Params.texts("model", model, CallFilterParams.MAX_MODELS, 256))
                .withStatuses(CallFilter.TERMINAL);
        int size = Params.intInRange("limit", limit, DEFAULT_SAMPLE, 1, MAX_SAMPLE);
        String user = access.ownerOf(appDid, userDid);
        CallSelection selection = new CallSelection(user, appDid, range.start(), range.end(), filter, false);
        CallRepository.Counted counted = calls.countWithHorizons(selection);
        return new CallSample(counted.count(), calls.sample(selection, size).stream().map(CallSample.SamplePoint::of).toList(),
                Coverage.ofCalls(range.start(), counted.horizons()));
    }

    /** {@code sort=duration}: latency first; default (or {@code time}): newest first. */
    static boolean byDuration(String sort) {
        return "duration".equals(Params.oneOf("sort", sort, "time", "duration"));
    }
}
