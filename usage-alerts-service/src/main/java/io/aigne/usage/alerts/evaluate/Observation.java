package io.aigne.usage.alerts.evaluate;

import java.math.BigDecimal;

/**
 * What one evaluation saw for one episode slot of a rule: whether the condition holds, the
 * measured value, and the sentence a notification shows. {@code slot} is "" except for budgets
 * ("<period start>:<percentage>"); {@code notifyAt} is the budget percentage, else null.
 */
public record Observation(String slot, boolean holds, BigDecimal value, String message, Integer notifyAt) {
}
