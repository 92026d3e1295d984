package io.aigne.usage.aggregator.rest;

import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.aggregator.messaging.KafkaUnavailableException;
import io.aigne.usage.aggregator.messaging.ModelCallPublisher;
import io.aigne.usage.aggregator.retention.RawCallHorizon;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.events.ValidationResult;
import io.aigne.usage.support.CallerIdentity;
import io.aigne.usage.support.EventRulesConfig;
import io.aigne.usage.support.Problem;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

@Path("/api/ingest/model-calls")
@RolesAllowed(CallerIdentity.INGEST)
@SecurityRequirement(name = "bearer")
public class IngestResource {

    @Inject
    ModelCallPublisher publisher;

    @Inject
    AggregatorConfig config;

    @Inject
    EventRulesConfig eventRules;

    @Inject
    Clock clock;

    @Inject
    RawCallHorizon horizon;

    public record RejectedEvent(int index, String reason) {
    }

    public record IngestResult(int accepted, List<RejectedEvent> rejected) {
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/x-ndjson", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "ingestModelCalls", summary = "Ingest ModelCall events",
            description = "A JSON array of at most 1000 events, or NDJSON. Valid events are produced to Kafka; "
                    + "the answer comes once Kafka acknowledged them. Invalid ones are listed with their reason, and so are calls older than what retention keeps (reason starting 'expired:').")
    @APIResponse(responseCode = "202", description = "Accepted events are durably in Kafka; invalid ones are listed with their reason",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IngestResult.class)))
    @APIResponse(responseCode = "400", description = "The body is not a JSON array or NDJSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No, bad or expired token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token lacks the ingest role",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "More than 1000 events, or a body over the size limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge; retrying is safe",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response ingest(String body) {
        List<ValidationResult> results = IngestBody.parse(body, config.ingest().maxEvents(),
                eventRules.window(), clock.instant().getEpochSecond());
        List<ModelCall> accepted = new ArrayList<>();
        List<RejectedEvent> rejected = new ArrayList<>();
        long rawCallsFrom = horizon.rawCallsFrom();
        for (int i = 0; i < results.size(); i++) {
            if (!(results.get(i) instanceof ValidationResult.Valid v)) {
                rejected.add(new RejectedEvent(i, ((ValidationResult.Invalid) results.get(i)).reason()));
            } else if (v.call().callTime() < rawCallsFrom) {
                rejected.add(new RejectedEvent(i, "expired: callTime " + v.call().callTime() + " is before " + rawCallsFrom
                        + ", from when calls are kept (older months were archived)"));
            } else {
                accepted.add(v.call());
            }
        }
        if (!accepted.isEmpty()) {
            publisher.publish(accepted);
        }
        return Response.accepted(new IngestResult(accepted.size(), rejected)).build();
    }

    @ServerExceptionMapper
    public Response kafkaUnavailable(KafkaUnavailableException e) {
        return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                "The event log did not acknowledge the events; none were promised. Retry: duplicates are harmless.")
                .toResponse()).header("Retry-After", "5").build();
    }
}
