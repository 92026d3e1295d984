package io.aigne.usage.aggregator.rest;

import io.aigne.usage.aggregator.retention.ArchiveManifest;
import io.aigne.usage.aggregator.retention.ArchiveRestore;
import io.aigne.usage.aggregator.retention.CallArchive;
import io.aigne.usage.aggregator.retention.RetentionConfig;
import io.aigne.usage.aggregator.retention.RetentionJob;
import io.aigne.usage.support.CallerIdentity;
import io.aigne.usage.support.Params;
import io.aigne.usage.support.Problem;
import io.aigne.usage.support.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.aigne.usage.stats.DataHorizons;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Retention for admins: what is kept, run the job now, restore a month from its archive. */
@APIResponse(responseCode = "401", description = "No, bad or expired token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The token lacks the admin role",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@Path("/api/admin/retention")
@RolesAllowed(CallerIdentity.ADMIN)
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class RetentionResource {

    @Inject
    RetentionJob job;

    @Inject
    ArchiveRestore restore;

    @Inject
    CallArchive archive;

    @Inject
    ArchiveManifest manifest;

    @Inject
    RetentionConfig config;

    @Inject
    AgroalDataSource dataSource;

    /** The settings, the horizons and the archives written so far. */
    public record State(boolean enabled, int rawDays, int hourDays, String archiveDir, long rawCallsFrom, long hourRowsFrom,
            List<ArchiveManifest.Entry> archives) {
    }

    @GET
    @Operation(operationId = "retentionState", summary = "Retention settings, what is kept (horizons, 0: nothing removed) and the archives")
    @APIResponse(responseCode = "200", description = "The state")
    public State state() throws SQLException {
        DataHorizons h;
        try (Connection c = dataSource.getConnection()) {
            h = DataHorizons.read(c);
        }
        return new State(config.enabled(), config.rawDays(), config.hourDays(), archive.directory().toAbsolutePath().toString(),
                h.rawCallsFrom(), h.hourRowsFrom(), manifest.read(archive.directory()));
    }

    @POST
    @Path("/run")
    @Operation(operationId = "runRetention", summary = "Run the retention job now (what the schedule does)",
            description = "Deletes hour rows older than hourDays, archives and drops months of calls wholly older than rawDays."
                    + " ran=false when another run holds the lock.")
    @APIResponse(responseCode = "200", description = "What the run did")
    public RetentionJob.Report run() {
        return job.run();
    }

    @POST
    @Path("/restore")
    @Operation(operationId = "restoreArchive", summary = "Bring a month of calls back from its archive",
            description = "file names an archive in the archive directory; its SHA-256 must match the manifest. The month's calls"
                    + " return to the call list through the topic, marked as restored (never counted twice); the month is held"
                    + " (not expired again) for holdDays.")
    @APIResponse(responseCode = "200", description = "The month, the calls sent, the raw-call horizon now, and the hold")
    @APIResponse(responseCode = "400", description = "Bad file name or holdDays, a damaged archive, an invalid line, more than one month",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such archive",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A newer month must be restored first, or the file cannot be checked",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ArchiveRestore.Result restore(@QueryParam("file") String file, @QueryParam("holdDays") String holdDays) {
        if (file == null) {
            throw ProblemException.badRequest("file is required (an archive's name, e.g. model-calls-2025-01.ndjson.gz).");
        }
        Duration hold = config.restoreHold();
        if (holdDays != null) {
            long days = Params.parseLong("holdDays", holdDays);
            if (days < 1 || days > 3_650) {
                throw ProblemException.badRequest("holdDays must be 1 to 3650.");
            }
            hold = Duration.ofDays(days);
        }
        return restore.restore(file, hold);
    }
}
