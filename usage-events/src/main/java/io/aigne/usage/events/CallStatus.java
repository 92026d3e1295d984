package io.aigne.usage.events;

import java.util.Arrays;
import java.util.Optional;

/** Lifecycle of a call: {@code processing} may later turn into one of the terminal states. */
public enum CallStatus {
    processing, success, failed;

    /** A terminal call counts in statistics and can no longer change. */
    public boolean isTerminal() {
        return this != processing;
    }

    public static Optional<CallStatus> fromJson(String value) {
        return Arrays.stream(values()).filter(s -> s.name().equals(value)).findFirst();
    }
}
