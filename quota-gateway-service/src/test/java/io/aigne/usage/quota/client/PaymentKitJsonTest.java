package io.aigne.usage.quota.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigne.usage.quota.client.PaymentKitJson.CurrencyGrants;
import io.aigne.usage.quota.client.PaymentKitJson.PendingAmount;
import io.aigne.usage.quota.client.PaymentKitJson.Transaction;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** How payment-kit's answers are read, with the client's own ObjectMapper settings ({@link PaymentKitApi#objectMapper}). */
class PaymentKitJsonTest {
    private final ObjectMapper mapper = PaymentKitApi.objectMapper(new ObjectMapper());

    private BigDecimal pending(String json, String currency) throws JsonProcessingException {
        return mapper.readValue(json, PendingAmount.class).of(currency);
    }

    @Test
    void thePendingAmountIsANumberAStringAnAmountOrAMapByCurrency() throws Exception {
        assertThat(pending("0.25", "pc_credit")).isEqualByComparingTo("0.25");
        assertThat(pending("\"1.25\"", "pc_credit")).isEqualByComparingTo("1.25");
        assertThat(pending("{\"amount\": \"2.25\"}", "pc_credit")).isEqualByComparingTo("2.25");
        assertThat(pending("{\"pc_credit\": 3.25, \"amount\": \"99\"}", "pc_credit")).isEqualByComparingTo("3.25");
        assertThat(pending("{\"pc_other\": \"9\"}", "pc_credit")).isZero();
        // exact, as a double would not keep it
        assertThat(pending("123456789.0123456789", "pc_credit")).isEqualTo(new BigDecimal("123456789.0123456789"));
        assertThatThrownBy(() -> pending("{\"pc_credit\": \"soon\"}", "pc_credit")).isInstanceOf(MalformedAnswerException.class);
    }

    @Test
    void amountsAreExactFromStringsOrNumbersAndAnythingElseFails() throws Exception {
        CurrencyGrants g = mapper.readValue("""
                {"paymentCurrency": {"id": "pc", "symbol": "AIC"}, "totalAmount": 1000.0000000001, "remainingAmount": "400.25",
                 "grantCount": 2, "somethingNew": true}""", CurrencyGrants.class);
        assertThat(g.totalAmount()).isEqualTo(new BigDecimal("1000.0000000001"));
        assertThat(g.remainingAmount()).isEqualTo(new BigDecimal("400.25"));
        assertThat(g.paymentCurrency().symbol()).isEqualTo("AIC");
        for (String bad : new String[] {"\"lots\"", "\"\"", "true", "{\"v\": 1}"}) {
            assertThatThrownBy(() -> mapper.readValue("{\"totalAmount\": " + bad + "}", CurrencyGrants.class)).as(bad)
                    .isInstanceOf(JsonProcessingException.class);
        }
    }

    @Test
    void createdAtIsAnInstantOrEpochSecondsOrMilliseconds() throws Exception {
        assertThat(createdAt("\"2025-11-30T10:00:00.999Z\"")).isEqualTo(1764496800L);
        assertThat(createdAt("1764400000")).isEqualTo(1764400000L);
        assertThat(createdAt("1764400000123")).isEqualTo(1764400000L);
        for (String bad : new String[] {"\"yesterday\"", "\"1764400000\"", "[1]"}) {
            assertThatThrownBy(() -> createdAt(bad)).as(bad).isInstanceOf(JsonProcessingException.class);
        }
    }

    private Long createdAt(String json) throws JsonProcessingException {
        return mapper.readValue("{\"id\": \"ct\", \"created_at\": " + json + "}", Transaction.class).createdAt();
    }
}
