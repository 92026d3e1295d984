package io.aigne.usage.web.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** usage-web settings: where the gateway routes, how users sign in, how long a session lives. */
@ConfigMapping(prefix = "usage.web")
public interface WebConfig {

    /** {@code oidc}: authorization-code flow against the configured issuer; {@code demo}: pick a demo user. */
    @WithDefault("oidc")
    AuthMode authMode();

    /**
     * The site is only ever served over HTTPS (behind the Ingress): Strict-Transport-Security, and
     * the session cookie {@code Secure} with the {@code __Host-} prefix. Off in the demo profile
     * (the local stack serves plain HTTP on 127.0.0.1) and in tests.
     */
    @WithName("https-only")
    @WithDefault("true")
    boolean httpsOnly();

    Upstream upstream();

    Session session();

    Demo demo();

    enum AuthMode { OIDC, DEMO }

    interface Upstream {
        /** usage-query-service base URL */
        URI query();

        /** quota-gateway-service base URL */
        URI quota();

        /** usage-alerts-service base URL */
        URI alerts();

        @WithDefault("10s")
        Duration timeout();
    }

    interface Session {
        /** A session (and the tokens kept for it) ends this long after sign-in. */
        @WithDefault("12h")
        Duration maxAge();
    }

    interface Demo {
        /** The users the demo sign-in offers; nobody else can sign in. */
        @WithDefault("did:abt:demo-alice,did:abt:demo-bob,did:abt:demo-carol,did:abt:demo-dave")
        List<String> users();

        /** The issuer the services trust locally (their quarkus.oidc.token.issuer). */
        Optional<String> issuer();

        /** The audience the services check (their quarkus.oidc.token.audience); none: no {@code aud} claim. */
        Optional<String> audience();
    }
}
