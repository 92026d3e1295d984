package io.aigne.usage.support;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The authenticated caller. The user is always taken from the token (claim
 * {@code usage.identity.user-claim}, default {@code sub}); a {@code userDid} parameter may only
 * name someone else when the caller has the {@code admin} role.
 */
@RequestScoped
public class CallerIdentity {
    public static final String ADMIN = "admin";
    public static final String INGEST = "ingest";

    @Inject
    SecurityIdentity identity;

    @Inject
    JsonWebToken token;

    @ConfigProperty(name = "usage.identity.user-claim", defaultValue = "sub")
    String userClaim;

    /** The caller's own userDid. */
    public String userDid() {
        // UserClaimRequired already refused such tokens at authentication; kept for callers without it
        String user = UserClaimRequired.user(token, userClaim);
        if (user == null) {
            throw new ProblemException(jakarta.ws.rs.core.Response.Status.UNAUTHORIZED,
                    "The token has no '" + userClaim + "' claim.");
        }
        return user;
    }

    public boolean isAdmin() {
        return identity.hasRole(ADMIN);
    }

    /**
     * The user whose data is asked for: the caller, or {@code requested} when it is the caller
     * or the caller is an admin. Anything else is a 403.
     */
    public String effectiveUser(String requested) {
        String own = userDid();
        if (requested == null || requested.equals(own)) {
            return own;
        }
        if (requested.isBlank() || requested.length() > 256) {
            throw ProblemException.badRequest("userDid must be 1-256 characters.");
        }
        if (!isAdmin()) {
            throw ProblemException.forbidden("Only an admin may view another user's data.");
        }
        return requested;
    }
}
