package io.aigne.usage.aggregator.rest;

import io.aigne.usage.aggregator.service.FlushRequests;
import io.aigne.usage.aggregator.service.ReconcileService;
import io.aigne.usage.aggregator.service.StatsFlusher;
import io.aigne.usage.support.CallerIdentity;
import io.aigne.usage.support.Params;
import io.aigne.usage.support.Problem;
import io.aigne.usage.support.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Operations on the statistics, for admins: flush now, and reconcile/backfill from model_calls. */
@APIResponse(responseCode = "401", description = "No, bad or expired token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The token lacks the admin role",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@Path("/api/admin/stats")
@RolesAllowed(CallerIdentity.ADMIN)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AdminStatsResource {
    private static final long MAX_RANGE = 400L * 86_400;

    @Inject
    FlushRequests flushes;

    @Inject
    ReconcileService reconcile;

    @Inject
    Clock clock;

    @POST
    @Path("/flush")
    @Operation(operationId = "flushStats", summary = "Flush every closed hour now (what the cron does); a second run writes nothing")
    @APIResponse(responseCode = "200", description = "What was flushed")
    @APIResponse(responseCode = "503", description = "The flush did not complete within 2 minutes; it will be retried",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public StatsFlusher.Result flush() throws InterruptedException {
        try {
            return flushes.request().get(120, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ProblemException(Response.Status.SERVICE_UNAVAILABLE,
                    "The flush did not complete; it will be retried.");
        }
    }

    @POST
    @Path("/reconcile")
    @Operation(operationId = "reconcileStats", summary = "Recompute flushed ModelCallStat rows of whole UTC days from model_calls",
            description = "Reports missing, mismatched and extra rows; with repair=true writes the recomputed rows "
                    + "(and deletes extra ones). Also the backfill of project and model rows after the V2 migration.")
    @APIResponse(responseCode = "200", description = "What differs (and, with repair=true, was repaired)")
    @APIResponse(responseCode = "400", description = "from/to are not Unix seconds at most 400 days apart, or repair is not true/false",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The range starts before what retention kept (archived calls, removed hour rows)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReconcileService.Report reconcile(@QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("repair") String repair) {
        long now = clock.instant().getEpochSecond();
        long end = to == null ? now : Params.parseLong("to", to);
        long start = from == null ? end - 30 * 86_400L : Params.parseLong("from", from);
        if (start > end || end - start > MAX_RANGE || start < 0) {
            throw ProblemException.badRequest("from must be <= to, both Unix seconds, at most 400 days apart.");
        }
        if (repair != null && !repair.equals("true") && !repair.equals("false")) {
            throw ProblemException.badRequest("repair must be true or false.");
        }
        return reconcile.reconcile(start, end, "true".equals(repair));
    }
}
