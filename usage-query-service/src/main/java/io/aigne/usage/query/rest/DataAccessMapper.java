package io.aigne.usage.query.rest;

import io.aigne.usage.query.service.DataAccessException;
import io.aigne.usage.support.Problem;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Database failures without their SQL: a value the database refuses (SQLState class 22) is the
 * request's fault (400); a statement cut off by {@code statement_timeout} and everything else
 * (pool exhausted, connection lost) is passing (503 with Retry-After).
 */
public class DataAccessMapper {
    private static final Logger LOG = Logger.getLogger(DataAccessMapper.class);
    static final String QUERY_CANCELED = "57014";

    @ServerExceptionMapper
    public Response unavailable(DataAccessException e) {
        String state = sqlState(e);
        if (state != null && state.startsWith("22")) {
            LOG.warnf("Query refused a value (SQLState %s)", state);
            return Problem.of(Response.Status.BAD_REQUEST, "A parameter holds a value the database cannot use.").toResponse();
        }
        if (QUERY_CANCELED.equals(state)) {
            LOG.warn("Query exceeded the statement timeout");
            return retryLater("The query took too long. Please retry, or ask for a shorter range.");
        }
        LOG.error("Query failed", e.getCause());
        return retryLater("Usage data is temporarily unavailable. Please retry.");
    }

    private static Response retryLater(String detail) {
        return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE, detail).toResponse())
                .header("Retry-After", "5").build();
    }

    /** The first SQLState in the cause chain (drivers and pools wrap each other). */
    static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
