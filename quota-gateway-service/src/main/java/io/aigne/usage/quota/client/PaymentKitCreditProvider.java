package io.aigne.usage.quota.client;

import io.aigne.usage.support.ProblemException;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aigne.usage.quota.client.PaymentKitJson.AutoRechargeConfig;
import io.aigne.usage.quota.client.PaymentKitJson.CurrencyGrants;
import io.aigne.usage.quota.client.PaymentKitJson.DailyLimits;
import io.aigne.usage.quota.client.PaymentKitJson.PendingAmount;
import io.aigne.usage.quota.client.PaymentKitJson.SpendSummary;
import io.aigne.usage.quota.client.PaymentKitJson.SubmitAutoRecharge;
import io.aigne.usage.quota.client.PaymentKitJson.SubmitDailyLimits;
import io.aigne.usage.quota.client.PaymentKitJson.Transaction;
import io.aigne.usage.quota.client.PaymentKitJson.TransactionList;
import io.aigne.usage.quota.config.QuotaConfig;
import io.aigne.usage.quota.service.AutoRecharge;
import io.aigne.usage.quota.service.Balance;
import io.aigne.usage.quota.service.CreditProvider;
import io.aigne.usage.quota.service.CreditTransaction;
import io.aigne.usage.quota.service.ProviderUnavailableException;
import io.aigne.usage.quota.service.TransactionPage;
import io.aigne.usage.support.Credits;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * {@link CreditProvider} over payment-kit. Every call is bounded: a timeout per attempt, one
 * retry with a short backoff, and a circuit breaker that stops hammering a failing backend;
 * whatever fails surfaces as {@link ProviderUnavailableException}, an answer we cannot read as
 * {@link MalformedAnswerException} (never retried). The customer is the user's DID.
 */
@ApplicationScoped
@Typed(PaymentKitCreditProvider.class) // only the selection produces a CreditProvider
public class PaymentKitCreditProvider implements CreditProvider {

    @Inject
    QuotaConfig config;

    @Inject
    Clock clock;

    @Inject
    @RestClient
    PaymentKitApi api;

    @Override
    public String name() {
        return "payment-kit";
    }

    @Override
    @Timeout(250) // QuotaService answers stale after usage.quota.answer-deadline (300 ms) anyway
    // errors are retried once; a slow backend is not (a retry would only double the wait)
    @Retry(maxRetries = 1, delay = 50, retryOn = Exception.class, abortOn = {MalformedAnswerException.class, TimeoutException.class})
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5_000, successThreshold = 1)
    @CircuitBreakerName("payment-kit-balance")
    public Balance balance(String userDid) {
        boolean live = config.paymentKit().livemode();
        return answer(() -> {
            Map.Entry<String, CurrencyGrants> currency = pickCurrency(api.grantSummary(userDid, live));
            PendingAmount pending = api.pendingAmount(userDid, live);
            long now = clock.instant().getEpochSecond();
            SpendSummary spend = api.spendSummary(userDid, now - 30 * 86_400L, now, live);
            CurrencyGrants grants = currency.getValue();
            String symbol = grants.paymentCurrency() != null && grants.paymentCurrency().symbol() != null
                    ? grants.paymentCurrency().symbol() : currency.getKey();
            BigDecimal remaining = orZero(grants.remainingAmount()).subtract(pending == null ? BigDecimal.ZERO : pending.of(currency.getKey()));
            return new Balance(orZero(grants.totalAmount()), remaining, spend == null ? BigDecimal.ZERO : orZero(spend.totalCreditAmount()),
                    symbol);
        });
    }

    @Override
    @Timeout(800)
    @Retry(maxRetries = 1, delay = 50, retryOn = Exception.class, abortOn = MalformedAnswerException.class)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5_000, successThreshold = 1)
    @CircuitBreakerName("payment-kit-transactions")
    public TransactionPage transactions(String userDid, int page, int pageSize, String type) {
        TransactionList answer = answer(() -> api.transactions(userDid, page, pageSize, type, config.paymentKit().livemode()));
        if (answer == null || answer.list() == null) {
            throw new MalformedAnswerException("payment-kit transactions without a list");
        }
        List<CreditTransaction> list = new ArrayList<>();
        for (Transaction tx : answer.list()) {
            if (tx == null || tx.createdAt() == null) {
                throw new MalformedAnswerException("payment-kit sent a transaction without created_at");
            }
            String txType = tx.kind();
            BigDecimal amount = orZero(tx.value());
            BigDecimal signed = switch (txType) {
                case "grant" -> amount.abs();
                case "consumption", "expiration" -> amount.abs().negate();
                default -> amount;
            };
            list.add(new CreditTransaction(Objects.requireNonNullElse(tx.id(), ""), Credits.forApi(signed), txType, tx.createdAt(),
                    tx.description(), tx.metadata()));
        }
        return new TransactionPage(list, answer.count() != null ? answer.count() : list.size(), page, pageSize);
    }

    @Override
    @Timeout(800)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 5_000, successThreshold = 1)
    @CircuitBreakerName("payment-kit-auto-recharge")
    public AutoRecharge autoRecharge(String userDid) {
        AutoRechargeConfig c = answer(() -> api.autoRecharge(userDid, config.paymentKit().livemode()));
        if (c == null || c.isEmpty()) {
            return AutoRecharge.disabled();
        }
        DailyLimits limits = c.dailyLimits() != null ? c.dailyLimits() : new DailyLimits(null, null);
        return new AutoRecharge(Boolean.TRUE.equals(c.enabled()), orZero(c.threshold()), orZero(c.quantity()),
                new AutoRecharge.DailyLimit(Objects.requireNonNullElse(limits.maxAttempts(), 0), orZero(limits.maxAmount())));
    }

    @Override
    @Timeout(1_500)
    public AutoRecharge saveAutoRecharge(String userDid, AutoRecharge recharge) {
        boolean live = config.paymentKit().livemode();
        answer(() -> {
            // payment-kit needs the credit currency: the configured one, else the user's first (as the balance uses)
            String currency = config.paymentKit().currencyId().orElseGet(() -> firstCurrency(api.grantSummary(userDid, live)));
            api.submitAutoRecharge(new SubmitAutoRecharge(userDid, currency, recharge.enabled(), recharge.threshold().toPlainString(),
                    recharge.quantity().toPlainString(),
                    new SubmitDailyLimits(recharge.dailyLimit().maxAttempts(), recharge.dailyLimit().maxAmount().toPlainString())), live);
            return null;
        });
        return recharge;
    }

    /** Calls payment-kit: JSON it cannot read is a malformed answer, any other failure an unavailable backend. */
    private static <T> T answer(Supplier<T> call) {
        try {
            return call.get();
        } catch (MalformedAnswerException | ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof JsonProcessingException) {
                    throw new MalformedAnswerException("payment-kit sent JSON we cannot read: " + t.getMessage(), e);
                }
            }
            throw new ProviderUnavailableException("payment-kit did not answer", e);
        }
    }

    private Map.Entry<String, CurrencyGrants> pickCurrency(Map<String, CurrencyGrants> summary) {
        if (summary == null) {
            throw new MalformedAnswerException("payment-kit balance summary is not an object");
        }
        String id = config.paymentKit().currencyId().filter(summary::containsKey)
                .orElse(summary.isEmpty() ? null : summary.keySet().iterator().next());
        if (id == null) {
            return Map.entry("credits", new CurrencyGrants(null, BigDecimal.ZERO, BigDecimal.ZERO));
        }
        CurrencyGrants grants = summary.get(id);
        return Map.entry(id, grants != null ? grants : new CurrencyGrants(null, null, null));
    }

    /** The user's first credit currency; a user without any cannot have auto-recharge yet (409, not a 5xx). */
    private static String firstCurrency(Map<String, CurrencyGrants> summary) {
        if (summary == null || summary.isEmpty()) {
            throw new ProblemException(Response.Status.CONFLICT,
                    "payment-kit knows no credit currency for this user yet (or set usage.quota.payment-kit.currency-id).");
        }
        return summary.keySet().iterator().next();
    }

    private static BigDecimal orZero(BigDecimal amount) {
        return amount != null ? amount : BigDecimal.ZERO;
    }
}
