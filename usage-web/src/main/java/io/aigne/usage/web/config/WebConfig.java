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

    /** The first answers of a page, put into the HTML usage-web serves for it (docs/web.md "First load"). */
    FirstAnswers firstAnswers();

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

    interface FirstAnswers {
        /** Whether the Dashboard's and Project Detail's HTML carries their first answers for the signed-in user. */
        @WithDefault("true")
        boolean enabled();

        /**
         * How long the HTML's end waits for them (the head with the scripts goes out at once): an answer
         * that takes longer is left out and the page asks for it itself.
         */
        @WithDefault("200ms")
        Duration deadline();

        /**
         * After an answer missed the deadline, how long pages go without first answers: a late answer keeps
         * working in its service and holds one of the user's concurrent-request permits there while the page
         * asks for the same again, so slow services would get every request twice.
         */
        @WithDefault("10s")
        Duration quietAfterLate();
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
