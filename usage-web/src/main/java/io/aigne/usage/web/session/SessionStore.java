package io.aigne.usage.web.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Server-side sessions in PostgreSQL, so any replica can serve any browser. The cookie value is a
 * random 256-bit id; the table only holds its hash, so a database dump cannot be replayed as cookies.
 */
@ApplicationScoped
public class SessionStore {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Clock clock;

    /** Stores the session and returns the id for the cookie. Expired sessions are removed on the way. */
    @Transactional
    public String create(StoredSession s) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        WebSession.delete("expiresAt < ?1", clock.instant());
        WebSession.of(hash(id), s).persist();
        return id;
    }

    /** The live session for a cookie value; empty when unknown or expired. */
    @Transactional
    public Optional<StoredSession> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        return WebSession.<WebSession>findByIdOptional(hash(id))
                .filter(row -> row.expiresAt.isAfter(clock.instant()))
                .map(WebSession::stored);
    }

    @Transactional
    public void delete(String id) {
        if (id != null && !id.isBlank()) {
            WebSession.deleteById(hash(id));
        }
    }

    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
