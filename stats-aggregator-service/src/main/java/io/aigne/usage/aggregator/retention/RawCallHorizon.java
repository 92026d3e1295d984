package io.aigne.usage.aggregator.retention;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.stats.DataHorizons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The raw-call horizon as ingest sees it: read at most every 10 s, so ingest can tell a producer
 * right away that a call is too old to be kept. Only a courtesy: the consumer checks each batch
 * against the horizon of that moment, which is what decides.
 */
@ApplicationScoped
public class RawCallHorizon {
    private static final long REFRESH_NANOS = 10_000_000_000L;

    @Inject
    AgroalDataSource dataSource;

    private volatile long value;
    private volatile long readAt = Long.MIN_VALUE;

    /** Calls before this (Unix seconds) were archived; 0: nothing was. */
    public long rawCallsFrom() {
        long now = System.nanoTime();
        if (readAt == Long.MIN_VALUE || now - readAt > REFRESH_NANOS) {
            try (Connection c = dataSource.getConnection()) {
                value = DataHorizons.read(c).rawCallsFrom();
                readAt = now;
            } catch (SQLException e) {
                return value; // the consumer still decides; ingest keeps working without the database
            }
        }
        return value;
    }
}
