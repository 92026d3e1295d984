package io.aigne.usage.alerts.rest;

import io.aigne.usage.support.CallerIdentity;
import io.aigne.usage.support.PageRequest;
import io.aigne.usage.support.Params;
import io.aigne.usage.support.Problem;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The episodes of the caller's rules, newest first. */
@APIResponse(responseCode = "400", description = "A parameter is malformed or out of bounds",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No, bad or expired token, or a token without a user",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "userDid names another user and the caller is not an admin",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "The database is unavailable; retry after the given seconds",
        headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@Path("/api/usage/alerts/episodes")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class EpisodesResource {
    @Inject
    EpisodeReader episodes;

    @Inject
    CallerIdentity caller;

    @GET
    @Operation(operationId = "listAlertEpisodes", summary = "Episodes of the caller's rules, newest first (by openedAt)",
            description = "state=open: only episodes not resolved yet; all (default): every episode. Episodes of a deleted rule are gone.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = EpisodeAnswer.Page.class), examples = @ExampleObject(name = "one open", value = """
                    {"items":[{"id":7,"ruleId":"9b1c4a52-3a0e-4d0c-9a51-6f1e0c2a7d11","ruleName":"chatbot errors","kind":"errorRate",
                     "appDid":"did:app:alice-chatbot","modelId":null,"slot":null,"state":"open","openedAt":1764461000,
                     "openValue":7.5,"resolvedAt":null,"closeValue":null}],"total":1,"page":1,"pageSize":20}""")))
    public EpisodeAnswer.Page list(
            @Parameter(description = "open or all (default)", schema = @Schema(enumeration = {"open", "all"})) @QueryParam("state") String state,
            @QueryParam("page") String page, @QueryParam("pageSize") String pageSize,
            @Parameter(description = RulesResource.USER_DID_DOC) @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        boolean openOnly = "open".equals(Params.oneOf("state", state, "open", "all"));
        return episodes.page(user, openOnly, PageRequest.parse(page, pageSize));
    }
}
