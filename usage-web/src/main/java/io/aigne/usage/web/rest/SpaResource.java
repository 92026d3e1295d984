package io.aigne.usage.web.rest;

import io.aigne.usage.web.gateway.FirstAnswers;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The single-page app: every {@code /usage/**} route is the same index.html; the router picks the page.
 * For a signed-in user the Dashboard's and Project Detail's HTML also carries the page's first answers
 * ({@link FirstAnswers}): the head with the scripts goes out at once, so the browser loads them while
 * usage-web asks the services; the answers follow before {@code </body>} (module scripts run only
 * once the document is complete, so they find them).
 */
@Path("/")
public class SpaResource {
    private static final byte[] INDEX = load();
    private static final String BODY_END = "</body>";
    /** index.html up to {@code </body>}, and from there; null when it has no {@code </body>}. */
    private static final byte[][] SPLIT = split(INDEX);

    @Inject
    FirstAnswers firstAnswers;

    @GET
    @Path("usage")
    @Produces(MediaType.TEXT_HTML)
    public Response usage() {
        return plain();
    }

    @GET
    @Path("usage/{route: .*}")
    @Produces(MediaType.TEXT_HTML)
    public Response index(@Context UriInfo uri, @Context HttpHeaders headers) {
        Optional<FirstAnswers.Pending> pending = SPLIT == null ? Optional.empty()
                : firstAnswers.start(uri.getRequestUri().getRawPath(), uri.getRequestUri().getRawQuery(), headers);
        if (pending.isEmpty()) {
            return plain();
        }
        StreamingOutput page = out -> {
            try {
                out.write(SPLIT[0]);
                out.flush();
                out.write(pending.get().script().getBytes(StandardCharsets.UTF_8));
                out.write(SPLIT[1]);
            } finally {
                pending.get().cancel(); // the browser may have gone: nothing keeps asking for it
            }
        };
        // this user's numbers: never stored by a browser's or anyone else's cache
        return Response.ok(page, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).header("Cache-Control", "no-store").build();
    }

    private static Response plain() {
        // never cached: a new deployment's asset names must reach the browser at once
        return Response.ok(INDEX).header("Cache-Control", "no-cache").build();
    }

    private static byte[][] split(byte[] index) {
        String text = new String(index, StandardCharsets.UTF_8);
        int at = text.lastIndexOf(BODY_END);
        if (at < 0) {
            return null;
        }
        byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        return new byte[][] {head, Arrays.copyOfRange(index, head.length, index.length)};
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
