package io.aigne.usage.web.session;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One row of {@code web_sessions} (Flyway owns the table: db/web/V1__web_sessions.sql). */
@Entity
@Table(name = "web_sessions")
class WebSession extends PanacheEntityBase {

    /** SHA-256 of the cookie value, never the value itself. */
    @Id
    @Column(name = "id_hash")
    String idHash;

    @Column(name = "user_did")
    String userDid;

    @Column(name = "access_token", nullable = false)
    String accessToken;

    @Column(name = "id_token")
    String idToken;

    @Column(name = "refresh_token")
    String refreshToken;

    @Column(name = "access_expires_in")
    Long accessExpiresIn;

    @Column(name = "expires_at", nullable = false)
    Instant expiresAt;

    static WebSession of(String idHash, StoredSession s) {
        WebSession row = new WebSession();
        row.idHash = idHash;
        row.userDid = s.userDid();
        row.accessToken = s.accessToken();
        row.idToken = s.idToken();
        row.refreshToken = s.refreshToken();
        row.accessExpiresIn = s.accessExpiresIn();
        row.expiresAt = s.expiresAt();
        return row;
    }

    StoredSession stored() {
        return new StoredSession(userDid, accessToken, idToken, refreshToken, accessExpiresIn, expiresAt);
    }
}
