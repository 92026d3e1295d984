package io.aigne.usage.support;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns the exceptions we expect into problem+json. Deliberately no catch-all: an unexpected
 * error stays a 500 from Quarkus (which shows no stack trace in prod) and gets logged.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.problem().toResponse();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized() {
        return Response.fromResponse(Problem.of(Response.Status.UNAUTHORIZED, "A valid bearer token is required.").toResponse())
                .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.of(Response.Status.FORBIDDEN, "Your token does not grant access to this resource.").toResponse();
    }

    /** 404 for unknown paths, 405, 406, 415 and body-reading errors keep their status. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        String detail = status.getStatusCode() == 404 ? "No such resource." : status.getReasonPhrase();
        return Problem.of(status, detail).toResponse();
    }
}
