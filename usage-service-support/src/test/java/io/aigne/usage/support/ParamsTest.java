package io.aigne.usage.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ParamsTest {

    @Test
    void parsesAsciiIntegers() {
        assertThat(Params.parseLong("n", "42")).isEqualTo(42);
        assertThat(Params.parseLong("n", " -7 ")).isEqualTo(-7);
        assertThat(Params.parseLong("n", "9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Params.parseLong("n", "-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0663", "1\u0663", "\uFF11", "", " ", "-", "+", "1e3", "0x10", "9223372036854775808",
            "99999999999999999999999999999999", "1.0", "١٢"})
    void refusesWhatIsNotAnAsciiLong(String value) {
        assertThatThrownBy(() -> Params.parseLong("startTime", value)).isInstanceOf(ProblemException.class)
                .hasMessage("startTime must be an integer.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "\uD800", "x\uDC00", "\uDC00\uD800"})
    void refusesTextPostgresCannotStoreExactly(String value) {
        assertThatThrownBy(() -> Params.text("model", value, 256)).isInstanceOf(ProblemException.class);
    }

    @Test
    void keepsOrdinaryTextIncludingPairedSurrogates() {
        assertThat(Params.text("q", "chat \uD83D\uDE00 你好", 256)).isEqualTo("chat \uD83D\uDE00 你好");
    }

    @Test
    void repeatedTextsKeepTheGivenOnesOnce() {
        assertThat(Params.texts("model", null, 20, 256)).isEmpty();
        assertThat(Params.texts("model", List.of("", ""), 20, 256)).isEmpty();
        assertThat(Params.texts("model", List.of("gpt-4o", "", "claude", "gpt-4o"), 20, 256)).containsExactly("gpt-4o", "claude");
        assertThat(Params.texts("model", Collections.nCopies(20, "m"), 20, 256)).containsExactly("m");
    }

    @Test
    void refusesTooManyOrTooLongRepeatedTexts() {
        assertThatThrownBy(() -> Params.texts("model", Collections.nCopies(21, "m"), 20, 256)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("at most 20");
        assertThatThrownBy(() -> Params.texts("model", Arrays.asList("ok", "m".repeat(257)), 20, 256))
                .isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Params.texts("model", List.of("a\u0000b"), 20, 256)).isInstanceOf(ProblemException.class);
    }

    @Test
    void parsesNonNegativeDecimals() {
        assertThat(Params.nonNegativeDecimal("minDuration", null)).isNull();
        assertThat(Params.nonNegativeDecimal("minDuration", "0")).isEqualByComparingTo("0");
        assertThat(Params.nonNegativeDecimal("minDuration", "1500")).isEqualByComparingTo("1500");
        assertThat(Params.nonNegativeDecimal("minDuration", " 1500.25 ")).isEqualByComparingTo(new BigDecimal("1500.25"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "-1", "-0.5", "+1", "1e3", "1.", ".5", "1,5", "abc", "NaN", "Infinity", "\u0663",
            "0x10", "123456789012345678901234567890123"})
    void refusesWhatIsNotANonNegativeDecimal(String value) {
        assertThatThrownBy(() -> Params.nonNegativeDecimal("minDuration", value)).isInstanceOf(ProblemException.class)
                .hasMessageStartingWith("minDuration must be a number >= 0");
    }

    @Test
    void booleansAreTrueOrFalseOnly() {
        assertThat(Params.bool("charged", null)).isNull();
        assertThat(Params.bool("charged", "true")).isTrue();
        assertThat(Params.bool("charged", "false")).isFalse();
        for (String bad : new String[] {"TRUE", "1", "yes", ""}) {
            assertThatThrownBy(() -> Params.bool("charged", bad)).isInstanceOf(ProblemException.class);
        }
    }
}
