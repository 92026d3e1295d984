package io.aigne.usage.quota.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.aigne.usage.quota.client.PaymentKitJson.AutoRechargeConfig;
import io.aigne.usage.quota.client.PaymentKitJson.CurrencyGrants;
import io.aigne.usage.quota.client.PaymentKitJson.PendingAmount;
import io.aigne.usage.quota.client.PaymentKitJson.SpendSummary;
import io.aigne.usage.quota.client.PaymentKitJson.SubmitAutoRecharge;
import io.aigne.usage.quota.client.PaymentKitJson.TransactionList;
import io.aigne.usage.quota.client.signing.ComponentCallSigning;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The payment-kit HTTP API we use (docs/payment-kit.md). Base URL and timeouts:
 * {@code quarkus.rest-client.payment-kit.*}; every request is signed as a Blocklet component call
 * ({@link ComponentCallSigning}). Like @blocklet/payment-js, {@code livemode} is always in the query.
 */
@Path("/api")
@RegisterRestClient(configKey = "payment-kit")
@RegisterProvider(ComponentCallSigning.class)
public interface PaymentKitApi {

    /** Currency id → that currency's grants, in payment-kit's order. */
    @GET
    @Path("/credit-grants/summary")
    Map<String, CurrencyGrants> grantSummary(@QueryParam("customer_id") String customerId, @QueryParam("livemode") boolean livemode);

    @GET
    @Path("/meter-events/pending-amount")
    PendingAmount pendingAmount(@QueryParam("customer_id") String customerId, @QueryParam("livemode") boolean livemode);

    @GET
    @Path("/credit-transactions")
    TransactionList transactions(@QueryParam("customer_id") String customerId, @QueryParam("page") int page,
            @QueryParam("pageSize") int pageSize, @QueryParam("type") String type, @QueryParam("livemode") boolean livemode);

    @GET
    @Path("/credit-transactions/summary")
    SpendSummary spendSummary(@QueryParam("customer_id") String customerId, @QueryParam("start") long start,
            @QueryParam("end") long end, @QueryParam("livemode") boolean livemode);

    /** null or {@code {}} when the customer never configured it. */
    @GET
    @Path("/auto-recharge-configs/customer/{customerId}")
    AutoRechargeConfig autoRecharge(@PathParam("customerId") String customerId, @QueryParam("livemode") boolean livemode);

    @POST
    @Path("/auto-recharge-configs/submit")
    void submitAutoRecharge(SubmitAutoRecharge config, @QueryParam("livemode") boolean livemode);

    /**
     * The service's JSON settings, with amounts kept exact where they arrive untyped (the pending
     * amount, metadata) and an empty string refused as an amount (Jackson would read it as null, i.e. 0).
     */
    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper defaultObjectMapper) {
        ObjectMapper mapper = defaultObjectMapper.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return mapper;
    }
}
