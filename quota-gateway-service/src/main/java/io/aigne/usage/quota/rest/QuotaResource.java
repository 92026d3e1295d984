package io.aigne.usage.quota.rest;

import io.aigne.usage.quota.service.AutoRecharge;
import io.aigne.usage.quota.service.CreditProvider;
import io.aigne.usage.quota.service.CreditTransaction;
import io.aigne.usage.quota.service.ProviderUnavailableException;
import io.aigne.usage.quota.service.Quota;
import io.aigne.usage.quota.service.QuotaService;
import io.aigne.usage.quota.service.TransactionPage;
import io.aigne.usage.support.CallerIdentity;
import io.aigne.usage.support.PageRequest;
import io.aigne.usage.support.Params;
import io.aigne.usage.support.Problem;
import io.aigne.usage.support.ProblemException;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The caller's credits: balance and estimate, history, auto-recharge settings. */
@APIResponse(responseCode = "400", description = "A parameter or the body is malformed or out of bounds",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "401", description = "No, bad or expired token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "userDid names another user and the caller is not an admin",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "The billing backend is unavailable; retry after the given seconds",
        headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@Path("/api/usage")
@Authenticated
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
public class QuotaResource {
    private static final BigDecimal MAX_CREDITS = new BigDecimal("1000000000");

    @Inject
    QuotaService quota;

    @Inject
    CreditProvider provider;

    @Inject
    CallerIdentity caller;

    @GET
    @Path("/quota")
    @Operation(operationId = "getQuota", summary = "Credits granted, remaining, used, and the days they last at the last 30 days' pace",
            description = "estimatedDaysRemaining is null when nothing was spent in 30 days, 0 when nothing remains. While the "
                    + "billing backend is down the last known value is returned with stale: true (asOf = when it was read).")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Quota.class), examples = @ExampleObject(
            name = "ledger", value = """
                    {"total":1000,"remaining":612.5,"used":387.5,"estimatedDaysRemaining":47.4,"currency":"credits",
                     "asOf":1764547200,"stale":false}""")))
    @APIResponse(responseCode = "503", description = "The billing backend is down and no value is known yet",
            headers = @Header(name = "Retry-After", description = "Seconds to wait", schema = @Schema(type = SchemaType.INTEGER)),
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Blocking // a worker, like the other endpoints; the answer itself is awaited off it (QuotaService)
    public CompletionStage<Quota> quota(@QueryParam("userDid") String userDid) {
        return quota.quota(caller.effectiveUser(userDid));
    }

    @GET
    @Path("/quota-details")
    @Operation(operationId = "listCreditTransactions", summary = "The caller's credit transactions, newest first, with signed amounts")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TransactionPage.class), examples = @ExampleObject(
            name = "page", value = """
                    {"list":[{"id":"ctx_1","amount":-1.25,"type":"consumption","createdAt":1764543600,
                     "description":"Model calls 2025-11-30T23:00 UTC","metadata":{"calls":212}}],"count":37,"page":1,"pageSize":20}""")))
    public TransactionPage details(@QueryParam("page") String page, @QueryParam("pageSize") String pageSize,
            @QueryParam("type") String type, @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        PageRequest paging = PageRequest.parse(page, pageSize);
        String typeFilter = Params.oneOf("type", type, CreditTransaction.TYPES.toArray(String[]::new));
        return provider.transactions(user, paging.page(), paging.pageSize(), typeFilter);
    }

    @GET
    @Path("/quota/auto-recharge")
    @Operation(operationId = "getAutoRecharge", summary = "The caller's auto-recharge settings (disabled defaults when never set)")
    @APIResponse(responseCode = "200", description = "The settings")
    public AutoRecharge autoRecharge(@QueryParam("userDid") String userDid) {
        return provider.autoRecharge(caller.effectiveUser(userDid));
    }

    @PUT
    @Path("/quota/auto-recharge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "saveAutoRecharge", summary = "Save the caller's auto-recharge settings",
            description = "threshold >= 0, quantity > 0, dailyLimit.maxAttempts 0-100, dailyLimit.maxAmount >= 0")
    @APIResponse(responseCode = "200", description = "The settings as saved")
    public AutoRecharge saveAutoRecharge(AutoRecharge body, @QueryParam("userDid") String userDid) {
        String user = caller.effectiveUser(userDid);
        return provider.saveAutoRecharge(user, validate(body));
    }

    static AutoRecharge validate(AutoRecharge body) {
        if (body == null || body.threshold() == null || body.quantity() == null || body.dailyLimit() == null
                || body.dailyLimit().maxAmount() == null) {
            throw ProblemException.badRequest("enabled, threshold, quantity and dailyLimit {maxAttempts, maxAmount} are required.");
        }
        if (body.threshold().signum() < 0 || body.threshold().compareTo(MAX_CREDITS) > 0) {
            throw ProblemException.badRequest("threshold must be between 0 and 1e9.");
        }
        if (body.quantity().signum() <= 0 || body.quantity().compareTo(MAX_CREDITS) > 0) {
            throw ProblemException.badRequest("quantity must be greater than 0 and at most 1e9.");
        }
        if (body.dailyLimit().maxAttempts() < 0 || body.dailyLimit().maxAttempts() > 100) {
            throw ProblemException.badRequest("dailyLimit.maxAttempts must be between 0 and 100.");
        }
        if (body.dailyLimit().maxAmount().signum() < 0 || body.dailyLimit().maxAmount().compareTo(MAX_CREDITS) > 0) {
            throw ProblemException.badRequest("dailyLimit.maxAmount must be between 0 and 1e9.");
        }
        for (BigDecimal d : new BigDecimal[] {body.threshold(), body.quantity(), body.dailyLimit().maxAmount()}) {
            if (d.stripTrailingZeros().scale() > 10) {
                throw ProblemException.badRequest("Credit amounts have at most 10 decimal places.");
            }
        }
        return body;
    }

    @ServerExceptionMapper({ProviderUnavailableException.class, FaultToleranceException.class})
    public Response unavailable() {
        return Response.fromResponse(Problem.of(Response.Status.SERVICE_UNAVAILABLE,
                "The billing service is not answering right now. Please retry shortly.").toResponse())
                .header("Retry-After", "10").build();
    }
}
