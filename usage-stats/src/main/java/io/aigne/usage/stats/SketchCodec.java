package io.aigne.usage.stats;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The stored form of a latency sketch ({@code model_call_stats.latency_sketch}): the KLL doubles
 * sketch's own serialization. Why one place: the writer, the readers and the golden bytes in the
 * tests must agree on it; an absent sketch (rows older than sketches) reads as an empty one.
 */
public final class SketchCodec {
    private SketchCodec() {
    }

    public static byte[] toBytes(KllDoublesSketch sketch) {
        return sketch.toByteArray();
    }

    /** A heap copy, to update or merge into; empty with {@code k} when there are no bytes. */
    public static KllDoublesSketch read(byte[] bytes, int k) {
        return isAbsent(bytes) ? KllDoublesSketch.newHeapInstance(k) : KllDoublesSketch.heapify(Memory.wrap(bytes));
    }

    /** A read-only view over the bytes (no copy), to merge from; null when there are no bytes. */
    public static KllDoublesSketch view(byte[] bytes) {
        return isAbsent(bytes) ? null : KllDoublesSketch.wrap(Memory.wrap(bytes));
    }

    private static boolean isAbsent(byte[] bytes) {
        return bytes == null || bytes.length == 0;
    }
}
