package io.aigne.usage.events;

import java.util.List;
import java.util.stream.Collectors;

/** Outcome of validating one raw event: the call, or every rule it broke. */
public sealed interface ValidationResult {

    record Valid(ModelCall call) implements ValidationResult {
    }

    record Invalid(List<Violation> violations) implements ValidationResult {
        public Invalid {
            violations = List.copyOf(violations);
        }

        /** All violations in one line, e.g. for a DLQ header or an ingest answer. */
        public String reason() {
            return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
        }
    }
}
