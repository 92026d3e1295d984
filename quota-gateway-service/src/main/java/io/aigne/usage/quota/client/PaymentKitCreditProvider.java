package io.aigne.usage.quota.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.quota.config.QuotaConfig;
import io.aigne.usage.quota.service.AutoRecharge;
import io.aigne.usage.quota.service.Balance;
import io.aigne.usage.quota.service.CreditProvider;
import io.aigne.usage.quota.service.CreditTransaction;
import io.aigne.usage.quota.service.ProviderUnavailableException;
import io.aigne.usage.quota.service.TransactionPage;
import io.aigne.usage.support.Credits;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.RestClientBuilder;

/**
 * {@link CreditProvider} over payment-kit. Every call is bounded: a timeout per attempt, one
 * retry with a short backoff, and a circuit breaker that stops hammering a failing backend;
 * whatever fails surfaces as {@link ProviderUnavailableException}. The customer is the user's DID.
 */
@ApplicationScoped
@Typed(PaymentKitCreditProvider.class) // only the selection produces a CreditProvider
public class PaymentKitCreditProvider implements CreditProvider {

    @Inject
    QuotaConfig config;

    @Inject
    Clock clock;

    private volatile PaymentKitApi api;

    private PaymentKitApi api() {
        if (api == null) {
            String url = config.paymentKit().url().orElseThrow(() -> new IllegalStateException("usage.quota.payment-kit.url is not set"));
            RestClientBuilder builder = RestClientBuilder.newBuilder().baseUri(URI.create(url))
                    .connectTimeout(300, java.util.concurrent.TimeUnit.MILLISECONDS)
                    .readTimeout(250, java.util.concurrent.TimeUnit.MILLISECONDS);
            config.paymentKit().apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
            api = builder.build(PaymentKitApi.class);
        }
        return api;
    }

    @Override
    public String name() {
        return "payment-kit";
    }

    @Override
    @Timeout(250) // QuotaService answers stale after usage.quota.answer-deadline (300 ms) anyway
    // errors are retried once; a slow backend is not (a retry would only double the wait)
    @Retry(maxRetries = 1, delay = 50, retryOn = Exception.class,
            abortOn = {MalformedAnswerException.class, org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class})
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5_000, successThreshold = 1)
    public Balance balance(String userDid) {
        try {
            JsonNode summary = api().grantSummary(userDid, config.paymentKit().livemode());
            Map.Entry<String, JsonNode> currency = pickCurrency(summary);
            BigDecimal total = decimal(currency.getValue(), "totalAmount");
            BigDecimal remaining = decimal(currency.getValue(), "remainingAmount");
            BigDecimal pending = pendingFor(api().pendingAmount(userDid, config.paymentKit().livemode()), currency.getKey());
            long now = clock.instant().getEpochSecond();
            JsonNode spend = api().spendSummary(userDid, now - 30 * 86_400L, now, config.paymentKit().livemode());
            String name = currency.getValue().path("paymentCurrency").path("symbol").asText(currency.getKey());
            return new Balance(total, remaining.subtract(pending), decimal(spend, "total_credit_amount"), name);
        } catch (MalformedAnswerException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProviderUnavailableException("payment-kit did not answer", e);
        }
    }

    @Override
    @Timeout(800)
    @Retry(maxRetries = 1, delay = 50, retryOn = Exception.class, abortOn = MalformedAnswerException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5_000, successThreshold = 1)
    public TransactionPage transactions(String userDid, int page, int pageSize, String type) {
        JsonNode answer;
        try {
            answer = api().transactions(userDid, page, pageSize, type, config.paymentKit().livemode());
        } catch (RuntimeException e) {
            throw new ProviderUnavailableException("payment-kit did not answer", e);
        }
        if (!answer.path("list").isArray()) {
            throw new MalformedAnswerException("payment-kit transactions without a list");
        }
        List<CreditTransaction> list = new ArrayList<>();
        for (JsonNode tx : answer.get("list")) {
            String txType = tx.path("type").asText();
            BigDecimal amount = decimal(tx, "amount").abs();
            BigDecimal signed = switch (txType) {
                case "grant" -> amount;
                case "consumption", "expiration" -> amount.negate();
                default -> decimal(tx, "amount");
            };
            list.add(new CreditTransaction(tx.path("id").asText(), Credits.forApi(signed), txType, epochSeconds(tx.path("created_at")),
                    tx.path("description").asText(null), tx.path("metadata").isMissingNode() ? null : tx.get("metadata")));
        }
        return new TransactionPage(list, answer.path("count").asLong(list.size()), page, pageSize);
    }

    @Override
    @Timeout(800)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5_000, successThreshold = 1)
    public AutoRecharge autoRecharge(String userDid) {
        try {
            JsonNode c = api().autoRecharge(userDid, config.paymentKit().livemode());
            if (c == null || c.isNull() || c.isMissingNode() || c.isEmpty()) {
                return AutoRecharge.disabled();
            }
            JsonNode limits = c.path("daily_limits");
            return new AutoRecharge(c.path("enabled").asBoolean(), decimal(c, "threshold"), decimal(c, "quantity"),
                    new AutoRecharge.DailyLimit(limits.path("max_attempts").asInt(), decimal(limits, "max_amount")));
        } catch (RuntimeException e) {
            throw new ProviderUnavailableException("payment-kit did not answer", e);
        }
    }

    @Override
    @Timeout(1_500)
    public AutoRecharge saveAutoRecharge(String userDid, AutoRecharge recharge) {
        ObjectNode body = ModelCallJson.MAPPER.createObjectNode().put("customer_id", userDid).put("enabled", recharge.enabled())
                .put("threshold", recharge.threshold().toPlainString()).put("quantity", recharge.quantity().toPlainString())
                .put("livemode", config.paymentKit().livemode());
        body.putObject("daily_limits").put("max_attempts", recharge.dailyLimit().maxAttempts())
                .put("max_amount", recharge.dailyLimit().maxAmount().toPlainString());
        try {
            api().submitAutoRecharge(body);
            return recharge;
        } catch (RuntimeException e) {
            throw new ProviderUnavailableException("payment-kit did not answer", e);
        }
    }

    private Map.Entry<String, JsonNode> pickCurrency(JsonNode summary) {
        if (summary == null || !summary.isObject()) {
            throw new MalformedAnswerException("payment-kit balance summary is not an object");
        }
        if (config.paymentKit().currencyId().isPresent() && summary.has(config.paymentKit().currencyId().get())) {
            String id = config.paymentKit().currencyId().get();
            return Map.entry(id, summary.get(id));
        }
        Iterator<Map.Entry<String, JsonNode>> it = summary.fields();
        if (!it.hasNext()) {
            return Map.entry("credits", ModelCallJson.MAPPER.createObjectNode().put("totalAmount", "0").put("remainingAmount", "0"));
        }
        return it.next();
    }

    /** The pending meter amount: a number, {@code {amount}}, or a map by currency. */
    private static BigDecimal pendingFor(JsonNode pending, String currencyId) {
        if (pending == null || pending.isNull() || pending.isMissingNode()) {
            return BigDecimal.ZERO;
        }
        if (pending.isNumber() || pending.isTextual()) {
            return new BigDecimal(pending.asText());
        }
        if (pending.has(currencyId)) {
            return new BigDecimal(pending.get(currencyId).asText());
        }
        return pending.has("amount") ? new BigDecimal(pending.get("amount").asText()) : BigDecimal.ZERO;
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return BigDecimal.ZERO;
        }
        try {
            return new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
            throw new MalformedAnswerException("payment-kit sent a non-numeric " + field);
        }
    }

    /** created_at as Unix seconds, whether payment-kit sends an ISO date or a number. */
    private static long epochSeconds(JsonNode v) {
        if (v.isNumber()) {
            long n = v.asLong();
            return n > 99_999_999_999L ? n / 1000 : n;
        }
        try {
            return java.time.Instant.parse(v.asText()).truncatedTo(ChronoUnit.SECONDS).getEpochSecond();
        } catch (java.time.format.DateTimeParseException e) {
            throw new MalformedAnswerException("payment-kit sent an unreadable created_at");
        }
    }

    /** payment-kit answered, but not in a shape we understand; retrying will not help. */
    public static class MalformedAnswerException extends ProviderUnavailableException {
        public MalformedAnswerException(String message) {
            super(message, null);
        }
    }
}
