package io.aigne.usage.web.session;

import io.aigne.usage.web.config.WebConfig;
import io.aigne.usage.web.config.WebConfig.AuthMode;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.impl.ServerCookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * quarkus-oidc names its session cookie {@code q_session} and has no setting for a prefix. When the
 * site is HTTPS only, the browser holds it as {@code __Host-q_session} (Secure, this host only, path
 * /: no subdomain can plant or overwrite it): renamed on the way out, and back on the way in before
 * quarkus-oidc reads it. A plain {@code q_session} from the browser is dropped, since anyone on a
 * sibling host could have set it.
 */
@ApplicationScoped
public class HostPrefixedOidcCookie {
    static final String NAME = SessionResolver.OIDC_COOKIE;
    static final String PREFIXED = SessionResolver.HOST_PREFIX + NAME;

    void register(@Observes Filters filters, WebConfig config) {
        if (config.httpsOnly() && config.authMode() == AuthMode.OIDC) {
            // before the security handlers, which read the cookie lazily when a request needs the user
            filters.register(HostPrefixedOidcCookie::rename, 900);
        }
    }

    private static void rename(RoutingContext rc) {
        String header = rc.request().getHeader(HttpHeaders.COOKIE);
        if (header != null) {
            rc.request().headers().set(HttpHeaders.COOKIE, incoming(header));
        }
        // runs before Vert.x writes the response's cookies
        rc.addHeadersEndHandler(v -> outgoing(rc));
        rc.next();
    }

    /** The Cookie header as quarkus-oidc should see it: {@code __Host-q_session} as {@code q_session}, a plain one dropped. */
    static String incoming(String header) {
        StringJoiner out = new StringJoiner("; ");
        for (String pair : header.split(";")) {
            String p = pair.strip();
            if (p.startsWith(PREFIXED + "=")) {
                out.add(p.substring(SessionResolver.HOST_PREFIX.length()));
            } else if (!p.startsWith(NAME + "=") && !p.isEmpty()) {
                out.add(p);
            }
        }
        return out.toString();
    }

    /** Session cookies quarkus-oidc set (or cleared) in this answer go out under the prefixed name, Secure, on path /. */
    private static void outgoing(RoutingContext rc) {
        List<Cookie> set = new ArrayList<>();
        for (Cookie c : rc.request().cookies(NAME)) {
            if (c instanceof ServerCookie server && server.isChanged()) {
                set.add(c);
            }
        }
        for (Cookie c : set) {
            ((ServerCookie) c).setChanged(false); // not written under its own name
            Cookie renamed = Cookie.cookie(PREFIXED, c.getValue()).setPath("/").setSecure(true).setHttpOnly(c.isHttpOnly())
                    .setSameSite(c.getSameSite());
            if (c.getMaxAge() != Long.MIN_VALUE) {
                renamed.setMaxAge(c.getMaxAge());
            }
            rc.response().addCookie(renamed);
        }
    }
}
