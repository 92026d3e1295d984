package io.aigne.usage.web.http;

import io.aigne.usage.support.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The calls that change something (sign-in, sign-out, the auto-recharge PUT) are only accepted from
 * our own pages, against CSRF: they send {@code X-Requested-With} (a cross-site form cannot); a
 * browser's {@code Sec-Fetch-Site}, when sent, must say {@code same-origin}; and {@code Origin} must be
 * this site's own origin — it may only be missing when {@code Sec-Fetch-Site} vouches for the request.
 * Anything else is a 403 problem.
 */
public final class OurPages {
    public static final String HEADER = "X-Requested-With";
    static final String FETCH_SITE = "Sec-Fetch-Site";
    static final String SAME_ORIGIN = "same-origin";

    private OurPages() {
    }

    public static void require(HttpHeaders headers, UriInfo uri) {
        if (headers.getHeaderString(HEADER) == null) {
            throw ProblemException.forbidden("Only accepted from the usage pages.");
        }
        String site = headers.getHeaderString(FETCH_SITE);
        if (site != null && !site.equals(SAME_ORIGIN)) {
            throw ProblemException.forbidden("Only accepted from the usage pages (not from another site).");
        }
        String origin = headers.getHeaderString("Origin");
        boolean trusted = origin == null ? SAME_ORIGIN.equals(site) : sameOrigin(origin, uri.getBaseUri());
        if (!trusted) {
            throw ProblemException.forbidden("Only accepted from the usage pages (origin).");
        }
    }

    /**
     * Whether an {@code Origin} header names {@code own}'s scheme, host and port. Behind the Ingress,
     * {@code own} is the public URL (quarkus.http.proxy.* applies X-Forwarded-Proto).
     */
    static boolean sameOrigin(String origin, URI own) {
        try {
            URI o = new URI(origin);
            return o.getScheme() != null && o.getHost() != null && (o.getRawPath() == null || o.getRawPath().isEmpty())
                    && o.getRawQuery() == null && o.getRawUserInfo() == null
                    && o.getScheme().equalsIgnoreCase(own.getScheme()) && o.getHost().equalsIgnoreCase(own.getHost())
                    && port(o) == port(own);
        } catch (URISyntaxException e) {
            return false; // e.g. "null" from a sandboxed frame
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }
}
