package io.aigne.usage.web.gateway;

import io.aigne.usage.support.ProblemException;
import io.aigne.usage.web.gateway.GatewayRoutes.Route;
import io.aigne.usage.web.http.OurPages;
import io.aigne.usage.web.session.SessionResolver;
import io.aigne.usage.web.session.UserSession;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * The API gateway: {@code /api/usage/**} from the browser, with the session cookie, goes to the
 * service that answers it with the session's bearer token. The user is the session's: a
 * {@code userDid} parameter from the browser (in any case) is refused, and only the parameters the
 * route knows are passed on ({@link ForwardedQuery}), so nobody can ask for someone else's data.
 */
@Path("/api/usage")
public class UsageGateway {
    @Inject
    SessionResolver sessions;

    @Inject
    UpstreamClient upstream;

    @GET
    @Path("{path: .+}")
    public Response get(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers) {
        return forward("GET", path, uri, headers, null);
    }

    @PUT
    @Path("{path: .+}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers, String body) {
        OurPages.require(headers, uri);
        return forward("PUT", path, uri, headers, body == null ? "" : body);
    }

    /**
     * The alerts' POSTs: a rule (JSON body) or an action without a body (mark read). Not limited to
     * JSON by {@code @Consumes}, as a bodyless POST has no media type; a body must still be JSON.
     */
    @POST
    @Path("{path: .+}")
    public Response post(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers, String body) {
        OurPages.require(headers, uri);
        if (body == null || body.isEmpty()) {
            return forward("POST", path, uri, headers, null);
        }
        MediaType type = headers.getMediaType();
        if (type == null || !type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
            throw new ProblemException(Response.Status.UNSUPPORTED_MEDIA_TYPE, "The request body must be JSON.");
        }
        return forward("POST", path, uri, headers, body);
    }

    @DELETE
    @Path("{path: .+}")
    public Response delete(@PathParam("path") String path, @Context UriInfo uri, @Context HttpHeaders headers) {
        OurPages.require(headers, uri);
        return forward("DELETE", path, uri, headers, null);
    }

    private Response forward(String method, String path, UriInfo uri, HttpHeaders headers, String body) {
        Route route = GatewayRoutes.find(path)
                .filter(r -> r.methods().contains(method))
                .orElseThrow(() -> ProblemException.notFound("No such resource."));
        String target = uri.getRequestUri().getRawPath() + ForwardedQuery.of(uri.getRequestUri().getRawQuery(), route.params());
        UserSession session = sessions.require(headers);
        Response answer = route.streamed()
                ? upstream.stream(route.upstream(), target, session.accessToken())
                : upstream.forward(route.upstream(), method, target, session.accessToken(), body);
        if (answer.getStatus() == Response.Status.UNAUTHORIZED.getStatusCode()) {
            sessions.end(headers);
        }
        return answer;
    }
}
