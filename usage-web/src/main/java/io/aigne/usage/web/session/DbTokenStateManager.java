package io.aigne.usage.web.session;

import io.aigne.usage.web.config.WebConfig;
import io.quarkus.oidc.AuthorizationCodeTokens;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TokenStateManager;
import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Keeps the OIDC code-flow tokens in {@link SessionStore} instead of quarkus-oidc's encrypted
 * cookie: the browser's session cookie then carries only a random id (production sign-in).
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class DbTokenStateManager implements TokenStateManager {

    @Inject
    SessionStore sessions;

    @Inject
    WebConfig config;

    @Inject
    Clock clock;

    @Override
    public Uni<String> createTokenState(RoutingContext ctx, OidcTenantConfig oidc, AuthorizationCodeTokens tokens,
            OidcRequestContext<String> request) {
        return request.runBlocking(() -> sessions.create(new StoredSession(null, tokens.getAccessToken(), tokens.getIdToken(),
                tokens.getRefreshToken(), tokens.getAccessTokenExpiresIn(), clock.instant().plus(config.session().maxAge()))));
    }

    @Override
    public Uni<AuthorizationCodeTokens> getTokens(RoutingContext ctx, OidcTenantConfig oidc, String state,
            OidcRequestContext<AuthorizationCodeTokens> request) {
        return request.runBlocking(() -> sessions.find(state)
                .map(s -> new AuthorizationCodeTokens(s.idToken(), s.accessToken(), s.refreshToken(), s.accessExpiresIn()))
                .orElse(null))
                // unknown or expired: quarkus-oidc then starts a new sign-in
                .onItem().ifNull().failWith(() -> new AuthenticationFailedException("session expired"));
    }

    @Override
    public Uni<Void> deleteTokens(RoutingContext ctx, OidcTenantConfig oidc, String state, OidcRequestContext<Void> request) {
        return request.runBlocking(() -> {
            sessions.delete(state);
            return null;
        });
    }
}
