package io.aigne.usage.support;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Every authenticated caller names a user: a token without the user claim ({@code sub} unless
 * {@code usage.identity.user-claim} says otherwise) is refused as unauthenticated (401) on every
 * endpoint, whatever roles it carries, so an admin or ingest action always has someone behind it.
 * Done once here so each service gets it, rather than in each resource.
 */
@ApplicationScoped
public class UserClaimRequired implements SecurityIdentityAugmentor {
    /** A userDid is stored in varchar(256) columns (grants, sessions, calls). */
    static final int MAX_LENGTH = 256;

    @ConfigProperty(name = "usage.identity.user-claim", defaultValue = "sub")
    String userClaim;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token) || user(token, userClaim) != null) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().failure(new AuthenticationFailedException("the token has no usable '" + userClaim + "' claim"));
    }

    /**
     * The user the token names: its claim as text when that is non-blank, at most 256 characters and
     * free of control characters (e.g. U+0000); otherwise null.
     */
    static String user(JsonWebToken token, String claim) {
        Object value = token.getClaim(claim);
        String user = value instanceof JsonString json ? json.getString() : value instanceof String s ? s : null;
        if (user == null || user.isBlank() || user.length() > MAX_LENGTH || user.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        return user;
    }
}
