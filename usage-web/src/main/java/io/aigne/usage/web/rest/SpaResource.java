package io.aigne.usage.web.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The single-page app: every {@code /usage/**} route is the same index.html; the router picks the page. */
@Path("/")
public class SpaResource {
    private static final byte[] INDEX = load();

    @GET
    @Path("usage")
    @Produces(MediaType.TEXT_HTML)
    public Response usage() {
        return index();
    }

    @GET
    @Path("usage/{route: .*}")
    @Produces(MediaType.TEXT_HTML)
    public Response index() {
        // never cached: a new deployment's asset names must reach the browser at once
        return Response.ok(INDEX).header("Cache-Control", "no-cache").build();
    }

    private static byte[] load() {
        try (InputStream in = SpaResource.class.getResourceAsStream("/META-INF/resources/index.html")) {
            if (in == null) {
                return "<!doctype html><p>The web pages were not built (npm run build).</p>".getBytes();
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
