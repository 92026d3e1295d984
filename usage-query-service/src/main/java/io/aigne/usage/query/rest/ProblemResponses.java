package io.aigne.usage.query.rest;

import io.aigne.usage.support.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The problem+json answers every {@code /api/usage} operation can give (docs/api.md "Errors and
 * access"), declared here once instead of on each resource: 400, 401, 403, 404 for a project's
 * paths, 429 and 503 with Retry-After — before the operation's own answers, as the stored document
 * always listed them. An operation that declares one of these codes itself keeps its wording.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {
    private static final String PROBLEM = "Problem";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        ensureProblemSchema(openAPI);
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/usage/")) {
                item.getOperations().values().forEach(op -> addProblems(op, path.startsWith("/api/usage/projects/{appDid}/")));
            }
        });
    }

    private static void addProblems(Operation op, boolean ofOneProject) {
        APIResponses declared = op.getResponses();
        Map<String, APIResponse> own = declared.getAPIResponses() == null ? Map.of() : declared.getAPIResponses();
        Map<String, APIResponse> ordered = new LinkedHashMap<>();
        ordered.put("400", own.getOrDefault("400", problem("A parameter is malformed or out of bounds", false)));
        ordered.put("401", own.getOrDefault("401", problem("No, bad or expired token", false)));
        ordered.put("403", own.getOrDefault("403", problem("userDid names another user and the caller is not an admin", false)));
        if (ofOneProject) {
            ordered.put("404", own.getOrDefault("404", problem("The caller has no calls in this project", false)));
        }
        ordered.put("429", own.getOrDefault("429",
                problem("More than usage.query.max-concurrent-per-user requests of this caller at once", true)));
        ordered.put("503", own.getOrDefault("503",
                problem("The database is unavailable or the read took longer than the statement timeout", true)));
        own.forEach(ordered::putIfAbsent);
        declared.setAPIResponses(ordered);
    }

    private static APIResponse problem(String description, boolean retryAfter) {
        APIResponse response = OASFactory.createAPIResponse().description(description);
        if (retryAfter) {
            response.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        }
        return response.content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM))));
    }

    /** The {@link Problem} record as a component, in case no annotation names it any more. */
    private static void ensureProblemSchema(OpenAPI openAPI) {
        if (openAPI.getComponents().getSchemas() != null && openAPI.getComponents().getSchemas().containsKey(PROBLEM)) {
            return;
        }
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        openAPI.getComponents().addSchema(PROBLEM, OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("type", string).addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32"))
                .addProperty("detail", string));
    }
}
