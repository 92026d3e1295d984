package io.aigne.usage.aggregator.rest;

import io.aigne.usage.aggregator.messaging.ModelCallConsumerLoop;
import io.aigne.usage.aggregator.service.ReconcileService;
import io.aigne.usage.aggregator.service.StatsFlusher;
import io.aigne.usage.support.CallerIdentity;
import io.aigne.usage.support.Params;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Operations on the statistics, for admins: flush now, and reconcile/backfill from model_calls. */
@Path("/api/admin/stats")
@RolesAllowed(CallerIdentity.ADMIN)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class AdminStatsResource {
    private static final long MAX_RANGE = 400L * 86_400;

    @Inject
    ModelCallConsumerLoop loop;

    @Inject
    ReconcileService reconcile;

    @Inject
    Clock clock;

    @POST
    @Path("/flush")
    @Operation(summary = "Flush every closed hour now (what the cron does); a second run writes nothing")
    public StatsFlusher.Result flush() throws InterruptedException {
        try {
            return loop.requestFlush().get(120, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new ProblemException(Response.Status.SERVICE_UNAVAILABLE,
                    "The flush did not complete; it will be retried.");
        }
    }

    @POST
    @Path("/reconcile")
    @Operation(summary = "Recompute flushed ModelCallStat rows of whole UTC days from model_calls",
            description = "Reports missing, mismatched and extra rows; with repair=true writes the recomputed rows "
                    + "(and deletes extra ones). Also the backfill of project and model rows after the V2 migration.")
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
