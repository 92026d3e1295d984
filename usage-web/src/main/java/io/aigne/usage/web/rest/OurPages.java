package io.aigne.usage.web.rest;

import io.aigne.usage.support.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Our pages send {@code X-Requested-With} with every call; a cross-site form cannot, so requiring it
 * guards the calls that change something (sign-in, sign-out, the auto-recharge PUT) against CSRF.
 */
public final class OurPages {
    public static final String HEADER = "X-Requested-With";

    private OurPages() {
    }

    public static void require(HttpHeaders headers) {
        if (headers.getHeaderString(HEADER) == null) {
            throw ProblemException.forbidden("Only accepted from the usage pages.");
        }
    }
}
