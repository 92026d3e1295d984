package io.aigne.usage.alerts.rest;

import io.aigne.usage.alerts.delivery.DeliveryLog;
import io.aigne.usage.alerts.delivery.WebhookTargetGuard;
import io.aigne.usage.alerts.rules.RuleInput;
import io.aigne.usage.alerts.rules.RuleStore;
import io.aigne.usage.alerts.rules.RuleValidation;
import io.aigne.usage.support.CallerIdentity;
import io.aigne.usage.support.PageRequest;
import io.aigne.usage.support.Problem;
import io.aigne.usage.support.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/** The caller's alert rules (docs/alerts.md "API"): list, create, read, replace, delete, and a rule's delivery log. */
@APIResponse(responseCode = "400", description = "A parameter or the body is malformed or out of bounds; the detail names the field",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No, bad or expired token, or a token without a user",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "userDid names another user and the caller is not an admin",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "The database is unavailable; retry after the given seconds",
        headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.INTEGER)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@Path(RulesResource.RULES)
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class RulesResource {
    static final String RULES = "/api/usage/alerts/rules";
    static final String USER_DID_DOC = "Admins only: act for this user";
    static final String RULE_EXAMPLE = """
            {"id":"9b1c4a52-3a0e-4d0c-9a51-6f1e0c2a7d11","name":"chatbot errors","kind":"errorRate","enabled":true,
             "appDid":"did:app:alice-chatbot","modelId":null,"threshold":5,"windowHours":1,"minCalls":20,"period":null,
             "notifyAt":null,"cooldownMinutes":10,"webhookUrl":"https://hooks.example.com/aigne",
             "webhookSecret":"whsec_kN4x0m2d9N8q1yVb7bQ0kD8w3s2f0v1h5Zq6c7e8g9A","createdAt":1764460800,"updatedAt":1764460800,
             "state":"firing"}""";
    static final String BODY_EXAMPLE = """
            {"name":"chatbot errors","kind":"errorRate","appDid":"did:app:alice-chatbot","threshold":5,"windowHours":1,
             "minCalls":20,"webhookUrl":"https://hooks.example.com/aigne"}""";

    @Inject
    RuleStore rules;

    @Inject
    WebhookTargetGuard webhookGuard;

    @Inject
    DeliveryLog deliveryLog;

    @Inject
    CallerIdentity caller;

    @GET
    @Operation(operationId = "listAlertRules", summary = "The caller's alert rules, oldest first (at most 100)")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RuleAnswer.RuleList.class)))
    public RuleAnswer.RuleList list(@Parameter(description = USER_DID_DOC) @QueryParam("userDid") String userDid) {
        var items = rules.list(caller.effectiveUser(userDid)).stream().map(RuleAnswer::of).toList();
        return new RuleAnswer.RuleList(items, items.size());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createAlertRule", summary = "Create a rule; the answer carries its webhookSecret",
            description = "Defaults: enabled true, cooldownMinutes 10; errorRate/p95Latency windowHours 1, minCalls 20; "
                    + "budget notifyAt [50, 80, 100]. A webhookUrl must be http(s) on a public address.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RuleInput.class), examples = @ExampleObject(name = "errorRate", value = BODY_EXAMPLE)))
    @APIResponse(responseCode = "201", description = "Created", headers = @Header(name = "Location", description = "The rule's path",
            schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RuleAnswer.class),
                    examples = @ExampleObject(name = "rule", value = RULE_EXAMPLE)))
    @APIResponse(responseCode = "409", description = "The user has 100 rules already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(String body, @Parameter(description = USER_DID_DOC) @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        RuleInput input = RuleValidation.parse(body, webhookGuard::refusal);
        RuleAnswer created = RuleAnswer.of(rules.create(user, input));
        return Response.status(Response.Status.CREATED).header("Location", RULES + "/" + created.id()).entity(created).build();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getAlertRule", summary = "One of the caller's rules")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RuleAnswer.class), examples = @ExampleObject(name = "rule", value = RULE_EXAMPLE)))
    @APIResponse(responseCode = "404", description = "The caller has no such rule",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RuleAnswer get(@PathParam("id") String id, @Parameter(description = USER_DID_DOC) @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        return rules.find(user, ruleId(id)).map(RuleAnswer::of).orElseThrow(RulesResource::noSuchRule);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "replaceAlertRule", summary = "Replace one of the caller's rules",
            description = "Every field as on create (absent ones take their defaults); id, webhookSecret and createdAt are kept.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RuleInput.class), examples = @ExampleObject(name = "errorRate", value = BODY_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "The rule as stored", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = RuleAnswer.class)))
    @APIResponse(responseCode = "404", description = "The caller has no such rule",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RuleAnswer replace(@PathParam("id") String id, String body,
            @Parameter(description = USER_DID_DOC) @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        UUID ruleId = ruleId(id);
        RuleInput input = RuleValidation.parse(body, webhookGuard::refusal);
        return rules.replace(user, ruleId, input).map(RuleAnswer::of).orElseThrow(RulesResource::noSuchRule);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteAlertRule", summary = "Delete one of the caller's rules",
            description = "Its open episodes end without a notification; its notifications stay (ruleId null).")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "The caller has no such rule",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void delete(@PathParam("id") String id, @Parameter(description = USER_DID_DOC) @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        if (!rules.delete(user, ruleId(id))) {
            throw noSuchRule();
        }
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(operationId = "listAlertRuleDeliveries", summary = "The webhook delivery log of one of the caller's rules",
            description = "Deliveries newest first, each with every attempt (HTTP status, error, duration), newest first.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DeliveryPage.class), examples = @ExampleObject(name = "one retried delivery", value = """
                    {"items":[{"id":"5f0e8d1c-2b7a-4c1e-9d3f-0a6b2c4d8e10","notificationId":42,"episodeId":7,"event":"opened",
                     "url":"https://hooks.example.com/aigne","state":"delivered","nextAttemptAt":null,"createdAt":1764461000,
                     "attempts":[{"attempt":2,"at":1764461010,"status":200,"error":null,"durationMs":84},
                                 {"attempt":1,"at":1764461000,"status":503,"error":"HTTP 503","durationMs":120}]}],
                     "total":1,"page":1,"pageSize":20}""")))
    @APIResponse(responseCode = "404", description = "The caller has no such rule",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DeliveryPage deliveries(@PathParam("id") String id, @QueryParam("page") String page, @QueryParam("pageSize") String pageSize,
            @Parameter(description = USER_DID_DOC) @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        UUID ruleId = ruleId(id);
        PageRequest paging = PageRequest.parse(page, pageSize);
        if (rules.find(user, ruleId).isEmpty()) {
            throw noSuchRule();
        }
        try {
            return DeliveryPage.of(deliveryLog.deliveries(ruleId, paging.page(), paging.pageSize()));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException) { // DeliveryLog's database failure: passing, like the store's
                throw ProblemException.unavailable("The database is not available right now; retrying is safe.", 5);
            }
            throw e;
        }
    }

    /** A rule id is a UUID; anything else names no rule (404, like another user's rule). */
    static UUID ruleId(String id) {
        try {
            if (id != null && id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // below
        }
        throw noSuchRule();
    }

    static ProblemException noSuchRule() {
        return ProblemException.notFound("No such rule.");
    }
}
