package io.aigne.usage.quota.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

/** The payment-kit HTTP API we use (docs/payment-kit.md), answers kept as JSON to map defensively. */
@Path("/api")
public interface PaymentKitApi {

    @GET
    @Path("/credit-grants/summary")
    JsonNode grantSummary(@QueryParam("customer_id") String customerId, @QueryParam("livemode") boolean livemode);

    @GET
    @Path("/meter-events/pending-amount")
    JsonNode pendingAmount(@QueryParam("customer_id") String customerId, @QueryParam("livemode") boolean livemode);

    @GET
    @Path("/credit-transactions")
    JsonNode transactions(@QueryParam("customer_id") String customerId, @QueryParam("page") int page,
            @QueryParam("pageSize") int pageSize, @QueryParam("type") String type, @QueryParam("livemode") boolean livemode);

    @GET
    @Path("/credit-transactions/summary")
    JsonNode spendSummary(@QueryParam("customer_id") String customerId, @QueryParam("start") long start,
            @QueryParam("end") long end, @QueryParam("livemode") boolean livemode);

    @GET
    @Path("/auto-recharge-configs/customer/{customerId}")
    JsonNode autoRecharge(@PathParam("customerId") String customerId, @QueryParam("livemode") boolean livemode);

    @POST
    @Path("/auto-recharge-configs/submit")
    JsonNode submitAutoRecharge(JsonNode config);
}
