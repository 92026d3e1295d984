package io.aigne.usage.alerts.credits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which quota answers credits rules decide on (the quota gateway's shape: docs/api.md "Credits"). */
class QuotaReadingTest {

    @Test
    void aFreshAnswerIsAReading() {
        var r = QuotaReading.of(200, """
                {"total":465,"remaining":240.460303,"used":224.539697,"estimatedDaysRemaining":94.12905067530802,
                 "currency":"credits","asOf":1796050217,"stale":false}""").orElseThrow();
        assertThat(r.remaining()).isEqualByComparingTo("240.460303");
        assertThat(r.daysLeft()).isEqualByComparingTo("94.12905067530802");
        assertThat(QuotaReading.of(200, "{\"remaining\":0,\"estimatedDaysRemaining\":null,\"stale\":false}").orElseThrow().daysLeft())
                .as("nothing spent recently").isNull();
    }

    @Test
    void staleFailedOrUnreadableAnswersAreNot() {
        assertThat(QuotaReading.of(200, "{\"remaining\":1,\"estimatedDaysRemaining\":2,\"stale\":true}")).isEmpty();
        assertThat(QuotaReading.of(200, "{\"remaining\":1,\"estimatedDaysRemaining\":2}")).as("no stale flag").isEmpty();
        assertThat(QuotaReading.of(503, "{\"remaining\":1,\"stale\":false}")).isEmpty();
        assertThat(QuotaReading.of(200, "{\"remaining\":\"1\",\"stale\":false}")).isEmpty();
        assertThat(QuotaReading.of(200, "not json")).isEmpty();
        assertThat(QuotaReading.of(200, "[]")).isEmpty();
        assertThat(QuotaReading.of(200, null)).isEmpty();
    }
}
