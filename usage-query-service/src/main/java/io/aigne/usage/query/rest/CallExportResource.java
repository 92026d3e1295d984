package io.aigne.usage.query.rest;

import io.aigne.usage.query.service.CallCursor;
import io.aigne.usage.query.service.CallFilter;
import io.aigne.usage.query.service.CallRepository;
import io.aigne.usage.query.service.CallSelection;
import io.aigne.usage.support.Problem;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.logging.Logger;

/**
 * Every call of the call list's selection as CSV, streamed from a database cursor. Not
 * {@link LimitedPerUser}: the body is written after the method returns, so the caller's slot is held
 * until the response ends instead ({@link PermitUntilResponseEnds}).
 */
@APIResponse(responseCode = "503", description = "The database is unavailable or counting took longer than the export's statement timeout",
        headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@Path(ProjectListResource.PROJECTS)
@Authenticated
@SecurityRequirement(name = "bearer")
public class CallExportResource {
    private static final Logger LOG = Logger.getLogger(CallExportResource.class);

    @Inject
    CallRepository calls;

    @Inject
    ProjectAccess access;

    @Inject
    PermitUntilResponseEnds permit;

    @Inject
    Clock clock;

    @GET
    @Path("/{appDid}/calls/export")
    @Blocking // a worker thread writes the body while the cursor reads, never the event loop
    @Produces(CsvDownload.TEXT_CSV)
    @Operation(operationId = "exportProjectCalls", summary = "All of a project's calls matching the call list's filters, as CSV",
            description = "Same range, filters and sort as listProjectCalls, without paging: every matching call, in the list's order,"
                    + " streamed. Columns: id,callTime,callTimeIso,model,type,status,durationMs,totalUsage,credits,requestId,traceId,"
                    + "errorReason (values as the list answers them; callTimeIso in UTC). RFC 4180: CRLF line ends, fields with a"
                    + " comma, quote, CR or LF quoted, inner quotes doubled; a text field starting with = + - @, tab or CR is"
                    + " prefixed with ' so that spreadsheets do not run it as a formula.")
    @APIResponse(responseCode = "200", description = "The CSV, header row first",
            headers = {
                    @Header(name = "X-Total-Count", description = "The number of data rows that follow the header row",
                            schema = @Schema(type = SchemaType.INTEGER)),
                    @Header(name = "Content-Disposition", description = "attachment; filename=\"calls-<appDid, safe>-<yyyyMMdd>.csv\"",
                            schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = CsvDownload.TEXT_CSV, schema = @Schema(type = SchemaType.STRING)))
    public Response export(
            @PathParam("appDid") String appDid,
            @Parameter(description = "Unix seconds, inclusive; default endTime - 30 days") @QueryParam("startTime") String startTime,
            @Parameter(description = "Unix seconds, inclusive; default now") @QueryParam("endTime") String endTime,
            @Parameter(description = "Days back from now (1-366), instead of startTime/endTime") @QueryParam("timeRange") String timeRange,
            @Parameter(description = CallFilterParams.MODEL_DOC) @QueryParam("model") List<String> model,
            @Parameter(description = CallFilterParams.STATUS_DOC) @QueryParam("status") String status,
            @Parameter(description = CallFilterParams.TYPE_DOC) @QueryParam("type") String type,
            @Parameter(description = CallFilterParams.MIN_DURATION_DOC) @QueryParam("minDuration") String minDuration,
            @Parameter(description = CallFilterParams.CHARGED_DOC) @QueryParam("charged") String charged,
            @Parameter(description = CallFilterParams.SEARCH_DOC) @QueryParam("search") String search,
            @Parameter(description = CallsResource.SORT_DOC) @QueryParam("sort") String sort,
            @Parameter(description = "Admins only: whose calls") @QueryParam("userDid") String userDid) {
        permit.hold();
        TimeRange range = TimeRange.parse(startTime, endTime, timeRange, clock);
        CallFilter filter = CallFilterParams.parse(model, status, type, minDuration, charged, search);
        boolean byDuration = CallsResource.byDuration(sort);
        String user = access.ownerOf(appDid, userDid);
        CallCursor cursor = calls.openExport(new CallSelection(user, appDid, range.start(), range.end(), filter, byDuration));
        AtomicBoolean written = new AtomicBoolean();
        // the body closes the cursor; if the body is never written (the exchange failed before), the
        // end of the exchange does, off the event loop where end handlers run
        permit.onEnd(() -> {
            if (written.compareAndSet(false, true)) {
                CompletableFuture.runAsync(cursor::close);
            }
        });
        return CsvDownload.of(CsvDownload.fileName("calls", appDid, clock), cursor.count(), csv -> {
            written.set(true);
            try (cursor) {
                CallCsv.header(csv);
                cursor.forEach(row -> CallCsv.row(csv, row));
            } catch (IOException | RuntimeException e) {
                // the status line is sent already: the connection is cut, and the count in the header shows the file is short
                LOG.warnf("Call export of %s stopped after its headers: %s", appDid, e.toString());
                throw e;
            }
        });
    }
}
