package io.aigne.usage.query.service;

/** A database error; mapped to a 503 problem without its SQL. */
public class DataAccessException extends RuntimeException {
    public DataAccessException(Throwable cause) {
        super("database error", cause);
    }
}
