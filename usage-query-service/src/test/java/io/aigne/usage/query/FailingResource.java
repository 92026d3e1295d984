package io.aigne.usage.query;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Test-only endpoint whose failure no mapper knows, to see what a client gets for a bug of ours. */
@Path("/test-only/failing")
public class FailingResource {
    static final String SECRET = "SELECT secret FROM internals";

    @GET
    @Operation(hidden = true)
    public String fail() {
        throw new IllegalStateException(SECRET);
    }
}
