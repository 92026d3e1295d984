package io.aigne.usage.quota.service;

import io.aigne.usage.quota.config.QuotaConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.temporal.ChronoUnit;

/**
 * How long /quota waits for the provider: a SmallRye guard applied with
 * {@code @ApplyGuard(GUARD)}. A guard rather than {@code @Timeout} because the deadline is a
 * duration setting ({@code usage.quota.answer-deadline}, e.g. {@code 300ms}), which
 * {@code @Timeout}'s configuration (a number plus a unit) cannot take.
 */
@ApplicationScoped
public class AnswerDeadline {
    public static final String GUARD = "quota-answer-deadline";

    @Produces
    @Singleton
    @Identifier(GUARD)
    Guard guard(QuotaConfig config) {
        return Guard.create().withDescription(GUARD)
                .withTimeout().duration(config.answerDeadline().toMillis(), ChronoUnit.MILLIS).done()
                .build();
    }
}
