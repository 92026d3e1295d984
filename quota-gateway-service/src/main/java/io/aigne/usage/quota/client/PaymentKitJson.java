package io.aigne.usage.quota.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The JSON payment-kit sends and takes (docs/payment-kit.md). Fields we do not use are ignored;
 * amounts are decimal strings or numbers, read exactly, and anything else in their place is a
 * malformed answer (Jackson fails, {@link PaymentKitCreditProvider} reports it as such).
 */
public final class PaymentKitJson {
    private PaymentKitJson() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CurrencyGrants(PaymentCurrency paymentCurrency, BigDecimal totalAmount, BigDecimal remainingAmount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PaymentCurrency(String id, String symbol) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SpendSummary(@JsonProperty("total_credit_amount") BigDecimal totalCreditAmount) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TransactionList(List<Transaction> list, Long count) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    /**
     * A credit transaction. payment-kit's model (@blocklet/payment-types) has {@code credit_amount} and
     * no type: a credit transaction there is credits consumed from a grant. payment-js' own interface
     * adds {@code type} and a signed {@code amount}; both shapes are read.
     */
    public record Transaction(String id, String type, BigDecimal amount, @JsonProperty("credit_amount") BigDecimal creditAmount,
            @JsonProperty("created_at") @JsonDeserialize(using = EpochSeconds.class) Long createdAt, String description,
            JsonNode metadata) {

        /** The type: as sent, else a consumption (the model's only kind). */
        String kind() {
            return type != null ? type : amount == null && creditAmount != null ? "consumption" : "";
        }

        BigDecimal value() {
            return amount != null ? amount : creditAmount;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AutoRechargeConfig(Boolean enabled, BigDecimal threshold, BigDecimal quantity,
            @JsonProperty("daily_limits") DailyLimits dailyLimits) {
        /** payment-kit answers {@code {}} (or nothing) for a customer who never configured it. */
        boolean isEmpty() {
            return enabled == null && threshold == null && quantity == null && dailyLimits == null;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DailyLimits(@JsonProperty("max_attempts") Integer maxAttempts, @JsonProperty("max_amount") BigDecimal maxAmount) {
    }

    /** Amounts as plain decimal strings, as payment-kit's SDK sends them. */
    public record SubmitAutoRecharge(@JsonProperty("customer_id") String customerId, @JsonProperty("currency_id") String currencyId,
            boolean enabled, String threshold, String quantity, @JsonProperty("daily_limits") SubmitDailyLimits dailyLimits) {
    }

    public record SubmitDailyLimits(@JsonProperty("max_attempts") int maxAttempts, @JsonProperty("max_amount") String maxAmount) {
    }

    /**
     * Credits used but not settled yet. payment-kit has sent a number, {@code {amount}} and a map
     * by currency; which value counts depends on the currency picked from the summary, so the
     * answer is kept as JSON until then.
     */
    public static final class PendingAmount {
        private final JsonNode answer;

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        PendingAmount(JsonNode answer) {
            this.answer = answer;
        }

        /** The pending amount of {@code currencyId}; 0 when payment-kit reports none. */
        BigDecimal of(String currencyId) {
            if (answer == null || answer.isNull() || answer.isMissingNode()) {
                return BigDecimal.ZERO;
            }
            if (answer.isNumber() || answer.isTextual()) {
                return decimal(answer);
            }
            if (answer.has(currencyId)) {
                return decimal(answer.get(currencyId));
            }
            return answer.has("amount") ? decimal(answer.get("amount")) : BigDecimal.ZERO;
        }

        private static BigDecimal decimal(JsonNode value) {
            if (value.isNumber()) {
                return value.decimalValue();
            }
            try {
                return new BigDecimal(value.asText());
            } catch (NumberFormatException e) {
                throw new MalformedAnswerException("payment-kit sent a non-numeric pending amount");
            }
        }
    }

    /** created_at as Unix seconds from an ISO-8601 instant, epoch seconds or epoch milliseconds. */
    static final class EpochSeconds extends JsonDeserializer<Long> {
        private static final long LARGEST_SECONDS = 99_999_999_999L; // year 5138: anything larger is milliseconds

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken().isNumeric()) {
                long n = p.getLongValue();
                return n > LARGEST_SECONDS ? n / 1000 : n;
            }
            if (!p.currentToken().equals(JsonToken.VALUE_STRING)) {
                return (Long) ctxt.handleUnexpectedToken(Long.class, p);
            }
            try {
                return Instant.parse(p.getText()).truncatedTo(ChronoUnit.SECONDS).getEpochSecond();
            } catch (DateTimeParseException e) {
                return (Long) ctxt.handleWeirdStringValue(Long.class, p.getText(), "not an ISO-8601 instant");
            }
        }
    }
}
