package io.aigne.usage.query.rest;

import io.aigne.usage.query.rest.UsageAnswers.ProjectList;
import io.aigne.usage.query.rest.UsageAnswers.ProjectSummary;
import io.aigne.usage.query.service.ProjectProfiles;
import io.aigne.usage.query.service.UsageService;
import io.aigne.usage.support.CallerIdentity;
import io.aigne.usage.support.PageRequest;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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

/**
 * The Dashboard's project list. Every resource below /api/usage/projects has this one class path
 * ({@link #PROJECTS}) with its own method paths: Quarkus REST merges classes of one path, and only
 * within one class path do the literal /projects/export and /projects/{appDid}/... both reach their
 * methods (a class at /api/usage/projects/export would take /projects/export/calls from the project
 * named "export").
 */
@Path(ProjectListResource.PROJECTS)
@Authenticated
@LimitedPerUser
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class ProjectListResource {
    static final String PROJECTS = "/api/usage/projects";

    @Inject
    UsageService usage;

    @Inject
    ProjectProfiles profiles;

    @Inject
    CallerIdentity caller;

    @Inject
    Clock clock;

    @GET
    @Operation(operationId = "listProjects", summary = "The caller's projects with calls in the range", description = UsageResource.RANGE_DOC
            + ". Sorted by calls (default) or credits, descending; q filters appDid or name by substring; 20 per page.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectList.class), examples = @ExampleObject(
            name = "first page", value = """
                    {"projects":[{"appDid":"did:app:alice-chatbot","name":"Alice's Chatbot","logoUrl":"https://alice.example/logo.png",
                     "appUrl":"https://alice.example","totalCalls":7134,"totalTokens":9012345,
                     "totalCredits":101.2,"successRate":0.97,"lastCallTime":1764547000}],"count":4,"page":1,"pageSize":20,
                     "coverage":{"complete":true,"exactFrom":1761955200,"dailyOnlyBefore":null}}""")))
    public ProjectList projects(@QueryParam("startTime") String startTime, @QueryParam("endTime") String endTime,
            @QueryParam("timeRange") String timeRange,
            @Parameter(description = ProjectRanking.SORT_DOC) @QueryParam("sort") String sort,
            @Parameter(description = ProjectRanking.Q_DOC) @QueryParam("q") String q,
            @QueryParam("page") String page, @QueryParam("pageSize") String pageSize,
            @Parameter(description = "Admins only: whose data") @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        TimeRange range = TimeRange.parse(startTime, endTime, timeRange, clock);
        PageRequest paging = PageRequest.parse(page, pageSize);
        ProjectRanking.Ranking ranking = ProjectRanking.of(usage, profiles, user, range, sort, q);
        List<ProjectSummary> all = ranking.projects();
        List<ProjectSummary> pageItems = all.stream().skip(paging.offset()).limit(paging.pageSize()).toList();
        return new ProjectList(pageItems, all.size(), paging.page(), paging.pageSize(), ranking.coverage());
    }

}
