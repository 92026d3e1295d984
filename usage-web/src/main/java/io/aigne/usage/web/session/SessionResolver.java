package io.aigne.usage.web.session;

import io.aigne.usage.web.config.WebConfig;
import io.aigne.usage.web.config.WebConfig.AuthMode;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.aigne.usage.support.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Who is signed in for this request. Demo mode: our own session cookie. OIDC mode: quarkus-oidc's
 * code-flow session (its tokens come from {@link DbTokenStateManager}).
 */
@ApplicationScoped
public class SessionResolver {
    public static final String DEMO_COOKIE = "usage_session";
    /** Over HTTPS only: a cookie the browser accepts only Secure, for this host, on path / (no subdomain can set it). */
    public static final String HOST_PREFIX = "__Host-";
    /** quarkus-oidc's session cookie; with {@link DbTokenStateManager} its value is our session id. */
    public static final String OIDC_COOKIE = "q_session";

    @Inject
    WebConfig config;

    @Inject
    SessionStore sessions;

    @Inject
    SecurityIdentity identity;

    /**
     * Ends the browser's session, e.g. when a service refused its token: the next request then
     * starts a new sign-in instead of looping with a token nobody accepts.
     */
    public void end(HttpHeaders headers) {
        sessions.delete(cookie(headers, config.authMode() == AuthMode.DEMO ? demoCookie() : OIDC_COOKIE));
    }

    /** The signed-in user, or a 401 problem. */
    public UserSession require(HttpHeaders headers) {
        return resolve(headers).orElseThrow(() -> new ProblemException(Response.Status.UNAUTHORIZED, "Sign in first."));
    }

    public Optional<UserSession> resolve(HttpHeaders headers) {
        if (config.authMode() == AuthMode.DEMO) {
            return sessions.find(cookie(headers, demoCookie())).map(s -> new UserSession(s.userDid(), s.accessToken()));
        }
        if (identity.isAnonymous()) {
            return Optional.empty();
        }
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        return token == null ? Optional.empty() : Optional.of(new UserSession(identity.getPrincipal().getName(), token.getToken()));
    }

    /** The demo session cookie's name: {@code __Host-usage_session} when the site is HTTPS only. */
    public String demoCookie() {
        return config.httpsOnly() ? HOST_PREFIX + DEMO_COOKIE : DEMO_COOKIE;
    }

    private static String cookie(HttpHeaders headers, String name) {
        Cookie cookie = headers.getCookies().get(name);
        return cookie == null ? null : cookie.getValue();
    }
}
