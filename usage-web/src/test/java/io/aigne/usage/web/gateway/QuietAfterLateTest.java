package io.aigne.usage.web.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class QuietAfterLateTest {
    private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - 5_000_000_000L); // wraps during the test

    @Test
    void offUntilAnAnswerIsLateThenOnForTheQuietTimeOnly() {
        QuietAfterLate quiet = new QuietAfterLate(Duration.ofSeconds(10), now::get);
        assertThat(quiet.isOn()).isFalse();
        quiet.late();
        assertThat(quiet.isOn()).isTrue();
        now.addAndGet(9_999_000_000L);
        assertThat(quiet.isOn()).as("9.999 s later").isTrue();
        now.addAndGet(1_000_000L);
        assertThat(quiet.isOn()).as("10 s later").isFalse();
        quiet.late();
        now.addAndGet(1_000_000_000L);
        assertThat(quiet.isOn()).as("a later miss starts it again").isTrue();
    }

    @Test
    void zeroNeverGoesQuiet() {
        QuietAfterLate quiet = new QuietAfterLate(Duration.ZERO, now::get);
        quiet.late();
        assertThat(quiet.isOn()).isFalse();
    }
}
