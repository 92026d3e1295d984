package io.aigne.usage.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class ModelCallValidatorTest {

    private static ObjectNode validEvent() throws IOException {
        return (ObjectNode) ModelCallJson.MAPPER.readTree(ModelCallJsonTest.fixture("success-call.json"));
    }

    @TestFactory
    Stream<DynamicTest> reportsEveryBrokenFieldOfTheGoldenInvalidEvents() throws IOException {
        JsonNode cases = ModelCallJson.MAPPER.readTree(ModelCallJsonTest.fixture("invalid-events.json"));
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> {
                ValidationResult result = ModelCallValidator.validate(c.get("event"));
                assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
                List<String> fields = ((ValidationResult.Invalid) result).violations().stream()
                        .map(Violation::field).toList();
                List<String> expected = new ArrayList<>();
                c.get("fields").forEach(f -> expected.add(f.asText()));
                assertThat(fields).containsExactlyInAnyOrderElementsOf(expected);
                ((ValidationResult.Invalid) result).violations()
                        .forEach(v -> assertThat(v.reason()).isNotBlank());
            }));
        }
        return tests.stream();
    }

    @Test
    void acceptsStringCreditsAndKeepsThemExact() throws IOException {
        ObjectNode e = validEvent();
        e.put("credits", "999999999.0000000001");

        ModelCall call = ((ValidationResult.Valid) ModelCallValidator.validate(e)).call();

        assertThat(call.credits().toPlainString()).isEqualTo("999999999.0000000001");
    }

    @Test
    void stripsAProviderPrefixFromTheModelName() throws IOException {
        ObjectNode e = validEvent();
        e.put("model", "openai/gpt-4o-mini");

        assertThat(((ValidationResult.Valid) ModelCallValidator.validate(e)).call().model()).isEqualTo("gpt-4o-mini");
    }

    @Test
    void keepsSlashesThatAreNotTheProviderPrefix() throws IOException {
        ObjectNode e = validEvent();
        e.put("model", "meta-llama/Llama-3-70b");

        assertThat(((ValidationResult.Valid) ModelCallValidator.validate(e)).call().model())
                .isEqualTo("meta-llama/Llama-3-70b");
    }

    @Test
    void truncatesLongErrorReasonsTo1000Characters() throws IOException {
        ObjectNode e = validEvent();
        e.put("status", "failed");
        e.put("errorReason", "x".repeat(1500));

        assertThat(((ValidationResult.Valid) ModelCallValidator.validate(e)).call().errorReason()).hasSize(1000);
    }

    @Test
    void rejectsOversizedMetadata() throws IOException {
        ObjectNode e = validEvent();
        e.putObject("metadata").put("blob", "y".repeat(17 * 1024));

        ValidationResult result = ModelCallValidator.validate(e);

        assertThat(((ValidationResult.Invalid) result).violations()).extracting(Violation::field)
                .containsExactly("metadata");
    }

    @Test
    void acceptsBoundaryLengths() throws IOException {
        ObjectNode e = validEvent();
        e.put("id", "i".repeat(128));
        e.put("userDid", "u".repeat(256));
        e.put("credits", 0);
        e.put("durationMs", 0);

        assertThat(ModelCallValidator.validate(e)).isInstanceOf(ValidationResult.Valid.class);

        e.put("id", "i".repeat(129));
        assertThat(ModelCallValidator.validate(e)).isInstanceOf(ValidationResult.Invalid.class);
    }

    @Test
    void acceptsEveryNumberAtItsLimit() throws IOException {
        ObjectNode e = validEvent();
        e.put("totalUsage", 9_007_199_254_740_992L); // 2^53
        e.put("credits", "1000000000.0000000000");
        e.put("durationMs", 604_800_000);
        e.put("callTime", 1_577_836_800L); // 2020-01-01T00:00:00Z
        e.putObject("metadata").put("big", new java.math.BigDecimal("1.7976931348623157E+308")).put("small", new java.math.BigDecimal("2.2250738585072014E-308"));

        ModelCall call = ((ValidationResult.Valid) ModelCallValidator.validate(e)).call();

        assertThat(call.totalUsage()).isEqualTo(9_007_199_254_740_992L);
        assertThat(call.credits()).isEqualByComparingTo("1000000000");
        assertThat(call.callTime()).isEqualTo(1_577_836_800L);
    }

    @Test
    void acceptsCreditTextOfFortyCharacters() throws IOException {
        ObjectNode e = validEvent();
        String forty = "1." + "0".repeat(38);
        e.put("credits", forty);

        assertThat(forty).hasSize(40);
        assertThat(((ValidationResult.Valid) ModelCallValidator.validate(e)).call().credits()).isEqualByComparingTo("1");
    }

    @Test
    void boundsCallTimeByTheGivenNowAndWindow() throws IOException {
        ObjectNode e = validEvent();
        CallTimeWindow window = new CallTimeWindow(1_700_000_000L, java.time.Duration.ofMinutes(10));
        long now = 1_800_000_000L;

        e.put("callTime", now + 600);
        assertThat(ModelCallValidator.validate(e, window, now)).isInstanceOf(ValidationResult.Valid.class);
        e.put("callTime", now + 601);
        assertThat(ModelCallValidator.validate(e, window, now)).isInstanceOf(ValidationResult.Invalid.class);
        e.put("callTime", 1_700_000_000L);
        assertThat(ModelCallValidator.validate(e, window, now)).isInstanceOf(ValidationResult.Valid.class);
        e.put("callTime", 1_699_999_999L);
        assertThat(ModelCallValidator.validate(e, window, now)).isInstanceOf(ValidationResult.Invalid.class);
    }

    @Test
    void keepsProperSurrogatePairsAndNeverTruncatesThroughOne() throws IOException {
        ObjectNode e = validEvent();
        e.put("id", "call-\uD83D\uDE80");
        e.put("status", "failed");
        e.put("errorReason", "x".repeat(999) + "\uD83D\uDE80" + "tail");

        ModelCall call = ((ValidationResult.Valid) ModelCallValidator.validate(e)).call();

        assertThat(call.id()).isEqualTo("call-\uD83D\uDE80");
        assertThat(call.errorReason()).isEqualTo("x".repeat(999)); // the rocket would be cut in half at 1000
        assertThat(TextRules.problem(call.errorReason())).isNull();
    }
}
