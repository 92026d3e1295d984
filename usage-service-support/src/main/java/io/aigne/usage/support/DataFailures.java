package io.aigne.usage.support;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Tells failures caused by the data of a record (retrying cannot help: set the record aside)
 * from failures of the surroundings (database or broker unavailable: retry the batch).
 * Data: SQLState class 22 (data exception) or 23 (integrity constraint), or arithmetic overflow.
 */
public final class DataFailures {
    private DataFailures() {
    }

    /** The data-related cause in {@code e}'s chain, or null when it is not a data failure. */
    public static Throwable dataCause(Throwable e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof ArithmeticException) {
                return t;
            }
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    String state = s.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                        return s;
                    }
                }
            }
        }
        return null;
    }

    /** A short reason for the dead-letter header: the SQLState and the first line of the message. */
    public static String reason(Throwable cause) {
        String message = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
        if (message.length() > 300) {
            message = message.substring(0, 300);
        }
        String state = cause instanceof SQLException s && s.getSQLState() != null ? " (SQLState " + s.getSQLState() + ")" : "";
        return "$: storage refused the event" + state + ": " + message;
    }
}
