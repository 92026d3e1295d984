package io.aigne.usage.events;

/** One broken rule of an event: the field and a reason a producer can act on. */
public record Violation(String field, String reason) {
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
