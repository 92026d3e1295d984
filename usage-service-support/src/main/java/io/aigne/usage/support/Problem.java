package io.aigne.usage.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem detail: never a stack trace, SQL or class name. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(Response.StatusType status, String detail) {
        return new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail);
    }

    /** A problem for a bare status code (one the framework chose), with a detail that reveals nothing internal. */
    public static Problem ofStatus(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : status >= 500 ? "Server Error" : "Client Error";
        return new Problem("about:blank", title, status, detailFor(status));
    }

    private static String detailFor(int status) {
        return switch (status) {
            case 400 -> "The request is malformed.";
            case 404 -> "No such resource.";
            case 405 -> "This method is not allowed on this resource.";
            case 406 -> "This resource cannot answer in a media type the request accepts.";
            case 413 -> "The request body is too large.";
            case 414 -> "The request URI is too long.";
            case 415 -> "The request body's media type is not supported here.";
            case 429 -> "Too many requests. Please retry later.";
            case 503 -> "The service is temporarily unavailable. Please retry.";
            default -> status >= 500 ? "An unexpected error occurred." : "The request cannot be answered.";
        };
    }

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }
}
