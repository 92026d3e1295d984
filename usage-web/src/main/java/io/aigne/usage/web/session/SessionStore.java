package io.aigne.usage.web.session;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
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
    AgroalDataSource db;

    @Inject
    Clock clock;

    /** Stores the session and returns the id for the cookie. Expired sessions are removed on the way. */
    public String create(StoredSession s) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        try (Connection c = db.getConnection()) {
            try (PreparedStatement purge = c.prepareStatement("DELETE FROM web_sessions WHERE expires_at < ?")) {
                purge.setTimestamp(1, Timestamp.from(clock.instant()));
                purge.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO web_sessions (id_hash, user_did, access_token, id_token, refresh_token, access_expires_in, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setString(1, hash(id));
                ps.setString(2, s.userDid());
                ps.setString(3, s.accessToken());
                ps.setString(4, s.idToken());
                ps.setString(5, s.refreshToken());
                if (s.accessExpiresIn() == null) {
                    ps.setNull(6, Types.BIGINT);
                } else {
                    ps.setLong(6, s.accessExpiresIn());
                }
                ps.setTimestamp(7, Timestamp.from(s.expiresAt()));
                ps.executeUpdate();
            }
            return id;
        } catch (SQLException e) {
            throw new SessionStoreException(e);
        }
    }

    /** The live session for a cookie value; empty when unknown or expired. */
    public Optional<StoredSession> find(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT user_did, access_token, id_token, refresh_token, access_expires_in, expires_at
                        FROM web_sessions WHERE id_hash = ? AND expires_at > ?""")) {
            ps.setString(1, hash(id));
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long expiresIn = rs.getLong(5);
                Long accessExpiresIn = rs.wasNull() ? null : expiresIn; // wasNull is about the column read last
                return Optional.of(new StoredSession(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        accessExpiresIn, rs.getTimestamp(6).toInstant()));
            }
        } catch (SQLException e) {
            throw new SessionStoreException(e);
        }
    }

    public void delete(String id) {
        if (id == null || id.isBlank()) {
            return;
        }
        try (Connection c = db.getConnection();
                PreparedStatement ps = c.prepareStatement("DELETE FROM web_sessions WHERE id_hash = ?")) {
            ps.setString(1, hash(id));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new SessionStoreException(e);
        }
    }

    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The session table could not be read or written. */
    public static class SessionStoreException extends RuntimeException {
        SessionStoreException(SQLException cause) {
            super("session store unavailable", cause);
        }
    }
}
