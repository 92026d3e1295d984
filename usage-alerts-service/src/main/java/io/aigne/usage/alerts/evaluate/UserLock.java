package io.aigne.usage.alerts.evaluate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One decision about a user's episodes at a time, across replicas and between the stream's
 * batches and the tick: a transaction-scoped advisory lock per user (released at commit).
 */
public final class UserLock {
    private static final int NAMESPACE = 0x5A77;

    private UserLock() {
    }

    public static void lock(Connection c, String userDid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, hashtext(?))")) {
            ps.setInt(1, NAMESPACE);
            ps.setString(2, userDid);
            ps.execute();
        }
    }
}
