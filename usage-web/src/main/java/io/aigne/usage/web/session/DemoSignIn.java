package io.aigne.usage.web.session;

import io.aigne.usage.web.config.WebConfig;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * Demo sign-in (local profile only): a token for the picked demo user, signed with the local key
 * the services trust ({@code smallrye.jwt.sign.key.location}), kept server-side in a session.
 */
@ApplicationScoped
public class DemoSignIn {

    @Inject
    WebConfig config;

    @Inject
    SessionStore sessions;

    @Inject
    Clock clock;

    /** Returns the new session's cookie value. */
    public String signIn(String userDid) {
        Instant now = clock.instant();
        Instant expires = now.plus(config.session().maxAge());
        JwtClaimsBuilder claims = Jwt.issuer(config.demo().issuer().orElseThrow(() -> new IllegalStateException("usage.web.demo.issuer is not set")))
                .subject(userDid)
                .groups(Set.of())
                .issuedAt(now)
                .expiresAt(expires);
        // the services check the audience in production, and so locally
        config.demo().audience().ifPresent(claims::audience);
        String token = claims.sign();
        return sessions.create(new StoredSession(userDid, token, null, null, null, expires));
    }
}
