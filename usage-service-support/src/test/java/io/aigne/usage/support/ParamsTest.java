package io.aigne.usage.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
