package io.aigne.usage.query.rest;

import io.aigne.usage.query.service.CallListQuery;
import io.aigne.usage.query.service.CallRepository;
import io.aigne.usage.support.PageRequest;
import io.aigne.usage.support.Params;
import io.aigne.usage.support.Problem;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

@APIResponse(responseCode = "400", description = "A parameter is malformed or out of bounds",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No, bad or expired token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "userDid names another user and the caller is not an admin",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "404", description = "The caller has no calls in this project",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "429", description = "More than usage.query.max-concurrent-per-user requests of this caller at once",
        headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "The database is unavailable or the read took longer than the statement timeout",
        headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@Path("/api/usage/projects/{appDid}/calls")
@Authenticated
@LimitedPerUser
@SecurityRequirement(name = "bearer")
public class CallsResource {

    @Inject
    CallRepository calls;

    @Inject
    ProjectAccess access;

    @Inject
    Clock clock;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listProjectCalls", summary = "A project's calls, newest first (live, not pre-aggregated)")
    @APIResponse(responseCode = "200", description = "One page of calls")
    public CallList list(
            @PathParam("appDid") String appDid,
            @Parameter(description = "Unix seconds, inclusive; default endTime - 30 days") @QueryParam("startTime") String startTime,
            @Parameter(description = "Unix seconds, inclusive; default now") @QueryParam("endTime") String endTime,
            @Parameter(description = "Days back from now (1-366), instead of startTime/endTime") @QueryParam("timeRange") String timeRange,
            @Parameter(description = ">= 1, default 1") @QueryParam("page") String page,
            @Parameter(description = "1-100, default 20") @QueryParam("pageSize") String pageSize,
            @Parameter(description = "Exact model name") @QueryParam("model") String model,
            @Parameter(description = "success | failed | processing") @QueryParam("status") String status,
            @Parameter(description = "time (default: callTime desc, id desc) | duration (durationMs desc)") @QueryParam("sort") String sort,
            @Parameter(description = "Admins only: whose calls") @QueryParam("userDid") String userDid) {
        TimeRange range = TimeRange.parse(startTime, endTime, timeRange, clock);
        PageRequest paging = PageRequest.parse(page, pageSize);
        String statusFilter = Params.oneOf("status", status, "success", "failed", "processing");
        String order = Params.oneOf("sort", sort, "time", "duration");
        String modelFilter = Params.text("model", model, 256);
        String user = access.ownerOf(appDid, userDid);
        CallListQuery q = new CallListQuery(user, appDid, range.start(), range.end(), modelFilter, statusFilter,
                "duration".equals(order), paging.pageSize(), paging.offset());
        return new CallList(calls.page(q).stream().map(CallList.Item::of).toList(), calls.count(q), paging.page(),
                paging.pageSize());
    }
}
