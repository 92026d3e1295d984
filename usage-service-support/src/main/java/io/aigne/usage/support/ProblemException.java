package io.aigne.usage.support;

import jakarta.ws.rs.core.Response;

/** Thrown by resources to answer with a problem+json of the given status. */
public class ProblemException extends RuntimeException {
    private final Response.StatusType status;
    /** Seconds for a Retry-After header (429, 503), or 0 for none. */
    private final int retryAfterSeconds;

    public ProblemException(Response.StatusType status, String detail) {
        this(status, detail, 0);
    }

    public ProblemException(Response.StatusType status, String detail, int retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(Response.Status.BAD_REQUEST, detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Response.Status.FORBIDDEN, detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Response.Status.NOT_FOUND, detail);
    }

    /** 429: the caller should slow down and retry after the given seconds. */
    public static ProblemException tooManyRequests(String detail, int retryAfterSeconds) {
        return new ProblemException(Response.Status.TOO_MANY_REQUESTS, detail, retryAfterSeconds);
    }

    /** 503: a passing condition on our side; retrying after the given seconds is safe. */
    public static ProblemException unavailable(String detail, int retryAfterSeconds) {
        return new ProblemException(Response.Status.SERVICE_UNAVAILABLE, detail, retryAfterSeconds);
    }

    public Problem problem() {
        return Problem.of(status, getMessage());
    }

    public Response toResponse() {
        Response response = problem().toResponse();
        return retryAfterSeconds > 0
                ? Response.fromResponse(response).header("Retry-After", Integer.toString(retryAfterSeconds)).build()
                : response;
    }
}
