package io.aigne.usage.quota.rest;

import io.aigne.usage.events.TextRules;
import io.aigne.usage.quota.ledger.LedgerService;
import io.aigne.usage.quota.service.CreditProvider;
import io.aigne.usage.support.CallerIdentity;
import io.aigne.usage.support.Problem;
import io.aigne.usage.support.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;

/**
 * Granting credits in the built-in ledger (admins). With payment-kit, grants are made there. Each
 * grant records who granted it (column granted_by, and {@code grantedBy} in its history line).
 */
@APIResponse(responseCode = "400", description = "The body is not a valid grant",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No, bad or expired token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The token lacks the admin role",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "409", description = "Credits are kept in payment-kit; grant them there",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@Path("/api/admin/credits/grants")
@RolesAllowed(CallerIdentity.ADMIN)
@SecurityRequirement(name = "bearer")
public class AdminCreditsResource {

    @Inject
    LedgerService ledger;

    @Inject
    CreditProvider provider;

    @Inject
    CallerIdentity caller;

    public record GrantRequest(String userDid, BigDecimal amount, @Schema(description = "paid (default) | promotional") String category,
            @Schema(nullable = true, description = "Unix seconds; none = never expires") Long expiresAt,
            @Schema(nullable = true) String name) {
    }

    public record Granted(String id) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "grantCredits", summary = "Grant credits to a user (paid or promotional, optional expiry in Unix seconds)")
    @APIResponse(responseCode = "201", description = "Granted", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Granted.class)))
    public Response grant(GrantRequest r) {
        if (!"ledger".equals(provider.name())) {
            throw new ProblemException(Response.Status.CONFLICT, "Credits are kept in payment-kit; grant them there.");
        }
        if (r == null || r.userDid() == null || r.userDid().isBlank() || r.userDid().length() > 256
                || TextRules.problem(r.userDid()) != null) {
            throw ProblemException.badRequest("userDid is required (1-256 characters, no U+0000 or unpaired surrogates).");
        }
        if (r.name() != null && (r.name().length() > 256 || TextRules.problem(r.name()) != null)) {
            throw ProblemException.badRequest("name must be at most 256 characters, without U+0000 or unpaired surrogates.");
        }
        if (r.amount() == null || r.amount().signum() <= 0 || r.amount().stripTrailingZeros().scale() > 10
                || r.amount().compareTo(new BigDecimal("1000000000")) > 0) {
            throw ProblemException.badRequest("amount must be > 0, at most 1e9, with at most 10 decimal places.");
        }
        String category = r.category() == null ? "paid" : r.category();
        if (!category.equals("paid") && !category.equals("promotional")) {
            throw ProblemException.badRequest("category must be paid or promotional.");
        }
        if (r.expiresAt() != null && r.expiresAt() <= ledger.nowSeconds()) {
            throw ProblemException.badRequest("expiresAt must be in the future (Unix seconds).");
        }
        // the admin's own user (their token's sub) is recorded as the grantor
        String id = ledger.grant(r.userDid(), r.amount(), category, r.expiresAt(), r.name(), caller.userDid());
        return Response.status(Response.Status.CREATED).entity(new Granted(id)).build();
    }
}
