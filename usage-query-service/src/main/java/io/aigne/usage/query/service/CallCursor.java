package io.aigne.usage.query.service;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Every call of a selection, in the list's order, read through a server-side cursor so that a
 * million rows never sit in memory: autocommit off, forward-only, {@value #FETCH_SIZE} rows per
 * round trip. The count and the rows come from one REPEATABLE READ snapshot, so the count the
 * caller announces is exactly the number of rows that follow even while calls keep arriving.
 *
 * <p>The transaction raises {@code statement_timeout} to the export's own bound ({@code SET LOCAL},
 * via {@code set_config(..., true)}): the pool's 10 s would cut any large export, and only this
 * transaction gets the longer one. Holds one pooled connection until {@link #close()}.
 */
public final class CallCursor implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CallCursor.class);
    static final int FETCH_SIZE = 1000;

    /** Receives the rows one by one; may fail writing them out. */
    @FunctionalInterface
    public interface RowSink {
        void accept(CallRow row) throws IOException;
    }

    private final Connection connection;
    private final CallSelection selection;
    private long count;
    private boolean closed;

    private CallCursor(Connection connection, CallSelection selection) {
        this.connection = connection;
        this.selection = selection;
    }

    static CallCursor open(DataSource dataSource, CallSelection selection, Duration statementTimeout) {
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
            CallCursor cursor = new CallCursor(c, selection);
            try (Statement st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
                ps.setString(1, Long.toString(Math.max(1, statementTimeout.toMillis())));
                ps.execute();
            }
            cursor.count = CallRepository.count(c, selection);
            return cursor;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(c);
            throw e instanceof RuntimeException r ? r : new DataAccessException(e);
        }
    }

    /** The number of rows {@link #forEach} will hand over. */
    public long count() {
        return count;
    }

    public void forEach(RowSink sink) throws IOException {
        CallWhere where = CallWhere.of(selection);
        String sql = "SELECT " + CallRepository.ROW_COLUMNS + " FROM model_calls" + where.sql() + " ORDER BY " + selection.order("");
        try (PreparedStatement ps = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(FETCH_SIZE);
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(CallRepository.row(rs, false));
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** A setting as this export's transaction sees it (the tests check the timeout and the snapshot). */
    String setting(String name) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT current_setting(?)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new DataAccessException(e);
        }
    }

    /** Ends the (read-only) transaction and returns the connection; safe to call more than once, from any thread. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.debugf("rollback after export: %s", e.toString());
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.warnf("closing an export's connection: %s", e.toString());
        }
    }
}
