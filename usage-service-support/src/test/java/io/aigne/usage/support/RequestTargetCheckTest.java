package io.aigne.usage.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"/api/usage/overview", "/api/usage/overview?startTime=1&endTime=2",
            "/api/usage/projects/did%3Aapp%3Aa/stats", "/api/usage/trends?tz=Asia%2FKathmandu",
            "/x?q=%E4%BD%A0%E5%A5%BD", "/x?q=%F0%9F%98%80", "/x?q=a+b&q=%25", "/x?model=%01%7F", "/"})
    void acceptsWellFormedUtf8(String target) {
        assertThat(RequestTargetCheck.problemIn(target)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/usage/projects/a%00b/stats", "/x?model=%00", "/x?userDid=%00", "/x?tz=%00",
            "/x?q=abc%00"})
    void refusesNul(String target) {
        assertThat(RequestTargetCheck.problemIn(target)).contains("NUL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/x?q=%", "/x?q=%4", "/x?q=%zz", "/x?q=%G0", "/x?q=%\u0663\u0663", "/x%2"})
    void refusesBrokenPercentEncoding(String target) {
        assertThat(RequestTargetCheck.problemIn(target)).contains("percent-encoding");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/x?q=%ED%A0%80", // a lone high surrogate, encoded as UTF-8 would (CESU)
            "/x?q=%ED%BF%BF", // a lone low surrogate
            "/x?q=%C0%80", // overlong NUL
            "/x?q=%FF", "/x?q=%C3", "/x?q=%80abc",
            "/x?q=\u00ED\u00A0\u0080", // the same surrogate bytes sent raw (one char per byte)
            "/x?q=\uD800"})
    void refusesTextThatIsNotUtf8(String target) {
        assertThat(RequestTargetCheck.problemIn(target)).contains("UTF-8");
    }

    @org.junit.jupiter.api.Test
    void neverEchoesTheValue() {
        assertThat(RequestTargetCheck.problemIn("/x?secret=abc%00def")).doesNotContain("abc").doesNotContain("secret");
    }
}
