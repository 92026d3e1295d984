package io.aigne.usage.alerts.rest;

import io.aigne.usage.support.CallerIdentity;
import io.aigne.usage.support.PageRequest;
import io.aigne.usage.support.Params;
import io.aigne.usage.support.Problem;
import io.aigne.usage.support.ProblemException;
import io.quarkus.security.Authenticated;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

/** The caller's in-app notifications (the bell): the list with the unread count, marking read. */
@APIResponse(responseCode = "400", description = "A parameter is malformed or out of bounds",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No, bad or expired token, or a token without a user",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "userDid names another user and the caller is not an admin",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "The database is unavailable; retry after the given seconds",
        headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@Path("/api/usage/alerts/notifications")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationsResource {
    @Inject
    NotificationStore notifications;

    @Inject
    CallerIdentity caller;

    @GET
    @Operation(operationId = "listAlertNotifications", summary = "The caller's notifications, newest first, and how many are unread",
            description = "unread=true: only unread ones (total counts them); unread is the count of all unread ones either way.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = NotificationAnswer.Page.class), examples = @ExampleObject(name = "one unread", value = """
                    {"unread":1,"total":1,"page":1,"pageSize":20,"items":[{"id":42,"ruleId":"9b1c4a52-3a0e-4d0c-9a51-6f1e0c2a7d11",
                     "ruleName":"chatbot errors","kind":"errorRate","event":"opened","at":1764461000,"read":false,"episodeId":7,
                     "value":7.5,"threshold":5,"notifyAt":null,"appDid":"did:app:alice-chatbot","modelId":null,
                     "message":"Error rate 7.5 % over the last 1 h (120 calls) is above 5 %"}]}""")))
    public NotificationAnswer.Page list(
            @Parameter(description = "true: only unread notifications", schema = @Schema(type = SchemaType.BOOLEAN)) @QueryParam("unread") String unread,
            @QueryParam("page") String page, @QueryParam("pageSize") String pageSize,
            @Parameter(description = RulesResource.USER_DID_DOC) @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        boolean unreadOnly = Boolean.TRUE.equals(Params.bool("unread", unread));
        return notifications.page(user, unreadOnly, PageRequest.parse(page, pageSize));
    }

    @POST
    @Path("/{id}/read")
    @Operation(operationId = "markAlertNotificationRead", summary = "Mark one of the caller's notifications read (again: no change)")
    @APIResponse(responseCode = "204", description = "Read")
    @APIResponse(responseCode = "404", description = "The caller has no such notification",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public void markRead(@PathParam("id") String id, @Parameter(description = RulesResource.USER_DID_DOC) @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        if (!notifications.markRead(user, notificationId(id))) {
            throw noSuchNotification();
        }
    }

    @POST
    @Path("/read-all")
    @Operation(operationId = "markAllAlertNotificationsRead", summary = "Mark all of the caller's notifications read")
    @APIResponse(responseCode = "204", description = "All read")
    public void markAllRead(@Parameter(description = RulesResource.USER_DID_DOC) @QueryParam("userDid") String userDid) {
        notifications.markAllRead(caller.effectiveUser(userDid));
    }

    /** A notification id is a positive integer; anything else names no notification. */
    private static long notificationId(String id) {
        if (id != null && !id.isEmpty() && id.length() <= 18 && id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Long.parseLong(id);
        }
        throw noSuchNotification();
    }

    private static ProblemException noSuchNotification() {
        return ProblemException.notFound("No such notification.");
    }
}
