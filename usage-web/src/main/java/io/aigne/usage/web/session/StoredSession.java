package io.aigne.usage.web.session;

import java.time.Instant;

/** What the server keeps for one browser session. */
public record StoredSession(String userDid, String accessToken, String idToken, String refreshToken, Long accessExpiresIn,
        Instant expiresAt) {
}
