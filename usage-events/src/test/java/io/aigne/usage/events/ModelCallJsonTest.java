package io.aigne.usage.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ModelCallJsonTest {

    static String fixture(String name) throws IOException {
        try (InputStream in = ModelCallJsonTest.class.getResourceAsStream("/fixtures/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsGoldenSuccessCallWithExactCredits() throws IOException {
        ValidationResult result = ModelCallJson.parse(fixture("success-call.json"));

        assertThat(result).isInstanceOf(ValidationResult.Valid.class);
        ModelCall call = ((ValidationResult.Valid) result).call();
        assertThat(call.id()).isEqualTo("call-0001");
        assertThat(call.userDid()).isEqualTo("z1user");
        assertThat(call.appDid()).isEqualTo("z2app");
        assertThat(call.model()).isEqualTo("gpt-4o");
        assertThat(call.type()).isEqualTo(CallType.chatCompletion);
        assertThat(call.status()).isEqualTo(CallStatus.success);
        assertThat(call.durationMs()).isEqualTo(1234.5);
        assertThat(call.totalUsage()).isEqualTo(1520L);
        assertThat(call.credits()).isEqualTo(new BigDecimal("0.0123456789"));
        assertThat(call.callTime()).isEqualTo(1764300000L);
        assertThat(call.usageMetrics().get("outputTokens").asInt()).isEqualTo(520);
        assertThat(call.metadata().get("tags").get(1).asText()).isEqualTo("b");
        assertThat(call.schemaVersion()).isEqualTo(1);
    }

    @Test
    void writesTheGoldenFixtureBackUnchanged() throws IOException {
        String golden = fixture("success-call.json");
        ModelCall call = ((ValidationResult.Valid) ModelCallJson.parse(golden)).call();

        JsonNode written = ModelCallJson.MAPPER.readTree(ModelCallJson.toJson(call));

        assertThat(written).isEqualTo(ModelCallJson.MAPPER.readTree(golden));
    }

    @Test
    void processingCallMayOmitMeasuresAndOptionalFields() throws IOException {
        ModelCall call = ((ValidationResult.Valid) ModelCallJson.parse(fixture("processing-call-minimal.json"))).call();

        assertThat(call.status().isTerminal()).isFalse();
        assertThat(call.appDid()).isNull();
        assertThat(call.credits()).isEqualByComparingTo("0");
        assertThat(call.durationMs()).isZero();
        assertThat(call.schemaVersion()).isEqualTo(1);
    }

    @Test
    void malformedJsonIsInvalidNotAnException() {
        ValidationResult result = ModelCallJson.parse("{\"id\": ");

        assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
        assertThat(((ValidationResult.Invalid) result).reason()).startsWith("$: malformed JSON");
    }
}
