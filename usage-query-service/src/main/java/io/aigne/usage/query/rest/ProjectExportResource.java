package io.aigne.usage.query.rest;

import io.aigne.usage.query.rest.UsageAnswers.ProjectSummary;
import io.aigne.usage.query.service.ProjectProfiles;
import io.aigne.usage.query.service.UsageService;
import io.aigne.usage.support.CallerIdentity;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * The caller's whole project list for a range as CSV. The list is computed before the answer starts
 * (as for the JSON list, from the statistics rows), so the ordinary per-user slot covers the work.
 */
@Path(ProjectListResource.PROJECTS)
@Authenticated
@LimitedPerUser
@SecurityRequirement(name = "bearer")
public class ProjectExportResource {

    @Inject
    UsageService usage;

    @Inject
    ProjectProfiles profiles;

    @Inject
    CallerIdentity caller;

    @Inject
    Clock clock;

    @GET
    @Path("/export")
    @Blocking
    @Produces(CsvDownload.TEXT_CSV)
    @Operation(operationId = "exportProjects", summary = "All of the caller's projects with calls in the range, as CSV",
            description = UsageResource.RANGE_DOC + ". Same q and sort as listProjects, without paging. Columns: appDid,totalCalls,"
                    + "totalTokens,totalCredits,successRate,lastCallTime (values as the list answers them; successRate empty"
                    + " when null). CSV rules as in exportProjectCalls.")
    @APIResponse(responseCode = "200", description = "The CSV, header row first",
            headers = {
                    @Header(name = "X-Total-Count", description = "The number of data rows that follow the header row",
                            schema = @Schema(type = SchemaType.INTEGER)),
                    @Header(name = "Content-Disposition", description = "attachment; filename=\"projects-<yyyyMMdd>.csv\"",
                            schema = @Schema(type = SchemaType.STRING))},
            content = @Content(mediaType = CsvDownload.TEXT_CSV, schema = @Schema(type = SchemaType.STRING)))
    public Response export(
            @Parameter(description = "Unix seconds, inclusive; default endTime - 30 days") @QueryParam("startTime") String startTime,
            @Parameter(description = "Unix seconds, inclusive; default now") @QueryParam("endTime") String endTime,
            @Parameter(description = "Days back from now (1-366), instead of startTime/endTime") @QueryParam("timeRange") String timeRange,
            @Parameter(description = ProjectRanking.SORT_DOC) @QueryParam("sort") String sort,
            @Parameter(description = ProjectRanking.Q_DOC) @QueryParam("q") String q,
            @Parameter(description = "Admins only: whose data") @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        TimeRange range = TimeRange.parse(startTime, endTime, timeRange, clock);
        List<ProjectSummary> all = ProjectRanking.of(usage, profiles, user, range, sort, q).projects();
        return CsvDownload.of(CsvDownload.fileName("projects", null, clock), all.size(), csv -> {
            ProjectCsv.header(csv);
            for (ProjectSummary p : all) {
                ProjectCsv.row(csv, p);
            }
        });
    }
}
