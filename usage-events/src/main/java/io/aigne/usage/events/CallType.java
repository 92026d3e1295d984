package io.aigne.usage.events;

import java.util.Arrays;
import java.util.Optional;

/** What kind of model call it was; the JSON names are the enum constant names. */
public enum CallType {
    chatCompletion, embedding, imageGeneration, audioGeneration, video, custom;

    public static Optional<CallType> fromJson(String value) {
        return Arrays.stream(values()).filter(t -> t.name().equals(value)).findFirst();
    }
}
