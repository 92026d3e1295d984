package io.aigne.usage.query.rest;

import io.aigne.usage.query.service.DataAccessException;
import io.aigne.usage.support.Problem;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

public class DataAccessMapper {
    private static final Logger LOG = Logger.getLogger(DataAccessMapper.class);

    @ServerExceptionMapper
    public Response unavailable(DataAccessException e) {
        LOG.error("Query failed", e.getCause());
        return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                "Usage data is temporarily unavailable. Please retry.").toResponse()).header("Retry-After", "5").build();
    }
}
