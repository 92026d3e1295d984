package io.aigne.usage.aggregator.projects;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigne.usage.support.CallerIdentity;
import io.aigne.usage.support.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** Producers (the AIGNE Hub reporter, the history import) name their projects here. */
@Path("/api/ingest/projects/{appDid}")
@RolesAllowed(CallerIdentity.INGEST)
@SecurityRequirement(name = "bearer")
public class ProjectProfileResource {

    @Inject
    ProjectProfileStore store;

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "putProjectProfile", summary = "Set a project's name, logo and app URL",
            description = "Replaces the profile of appDid (absent logoUrl/appUrl clear them). The pages show the name with the DID"
                    + " as secondary text; without a profile they show the DID.")
    @APIResponse(responseCode = "200", description = "The stored profile",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ProjectProfile.class)))
    @APIResponse(responseCode = "400", description = "Not a JSON object, or a field breaks its rule (all are named)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No, bad or expired token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token lacks the ingest role",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The database is unavailable; retrying is safe",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ProjectProfile put(@PathParam("appDid") String appDid, JsonNode body) {
        ProjectProfile profile = ProjectProfile.parse(appDid, body);
        store.put(profile);
        return profile;
    }
}
