package io.aigne.usage.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns the exceptions we expect into problem+json. No catch-all here: an unexpected exception
 * reaches {@link HttpEdge}, which logs it with an id and answers a generic 500 problem.
 */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return e.toResponse();
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
        return Problem.ofStatus(e.getResponse().getStatus()).toResponse();
    }

    /**
     * A body that is not JSON of the expected shape. Ahead of quarkus-rest-jackson's own mapper,
     * whose answer is not problem+json and names our classes in dev and test.
     */
    @ServerExceptionMapper(value = {JsonProcessingException.class, MismatchedInputException.class}, priority = Priorities.USER - 100)
    public Response unreadableBody() {
        return Problem.of(Response.Status.BAD_REQUEST, "The request body is not JSON of the expected shape.").toResponse();
    }
}
