package io.aigne.usage.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.events.CallStatus;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.events.ModelCallJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Running statistics of one bucket: exact totals (credits and the latency sum as decimals, so
 * any merge order gives the same answer) and a KLL sketch of success latencies for P95.
 * Durations (sum, sketch, average) cover success calls only (docs/contracts.md §2). Token sums are
 * BigIntegers: a bucket of a few thousand calls at the per-call limit (2^53) passes a long.
 */
public final class CallStats {
    public static final int DEFAULT_K = 400;
    /** A missing sketch (rows older than sketches) read only: an empty one's bytes. */
    private static final byte[] EMPTY_SKETCH = SketchCodec.toBytes(KllDoublesSketch.newHeapInstance(DEFAULT_K));

    private BigInteger totalUsage = BigInteger.ZERO;
    private BigDecimal totalCredits = BigDecimal.ZERO;
    private long totalCalls;
    private long successCalls;
    private long failedCalls;
    private BigDecimal totalDurationMs = BigDecimal.ZERO;
    private long maxCallTime;
    private final Map<String, TypeStats> byType = new TreeMap<>();
    private final KllDoublesSketch latency;
    /** The stored bytes of a row read only to be announced ({@link #readOnly}); null for a row that may change. */
    private final byte[] storedSketch;

    /** Per call type: calls, tokens, credits. */
    public static final class TypeStats {
        long calls;
        BigInteger totalUsage = BigInteger.ZERO;
        BigDecimal totalCredits = BigDecimal.ZERO;

        public long calls() {
            return calls;
        }
    }

    private CallStats(KllDoublesSketch latency) {
        this(latency, null);
    }

    private CallStats(KllDoublesSketch latency, byte[] storedSketch) {
        this.latency = latency;
        this.storedSketch = storedSketch;
    }

    public static CallStats empty(int k) {
        return new CallStats(KllDoublesSketch.newHeapInstance(k));
    }

    public static CallStats empty() {
        return empty(DEFAULT_K);
    }

    /** Adds one terminal call. */
    public void add(ModelCall call) {
        requireWritable();
        if (!call.status().isTerminal()) {
            throw new IllegalArgumentException("only terminal calls count in statistics: " + call.id());
        }
        totalCalls++;
        totalUsage = totalUsage.add(BigInteger.valueOf(call.totalUsage()));
        totalCredits = totalCredits.add(call.credits());
        maxCallTime = Math.max(maxCallTime, call.callTime());
        if (call.status() == CallStatus.success) {
            successCalls++;
            totalDurationMs = totalDurationMs.add(BigDecimal.valueOf(call.durationMs()));
            latency.update(call.durationMs());
        } else {
            failedCalls++;
        }
        TypeStats t = byType.computeIfAbsent(call.type().name(), x -> new TypeStats());
        t.calls++;
        t.totalUsage = t.totalUsage.add(BigInteger.valueOf(call.totalUsage()));
        t.totalCredits = t.totalCredits.add(call.credits());
    }

    public void merge(CallStats other) {
        requireWritable();
        totalCalls += other.totalCalls;
        totalUsage = totalUsage.add(other.totalUsage);
        totalCredits = totalCredits.add(other.totalCredits);
        successCalls += other.successCalls;
        failedCalls += other.failedCalls;
        totalDurationMs = totalDurationMs.add(other.totalDurationMs);
        maxCallTime = Math.max(maxCallTime, other.maxCallTime);
        other.byType.forEach((type, o) -> {
            TypeStats t = byType.computeIfAbsent(type, x -> new TypeStats());
            t.calls += o.calls;
            t.totalUsage = t.totalUsage.add(o.totalUsage);
            t.totalCredits = t.totalCredits.add(o.totalCredits);
        });
        if (!other.latency.isEmpty()) {
            latency.merge(other.latency);
        }
    }

    /** The {@code stats} JSON of a ModelCallStat row (everything but the sketch). */
    public ObjectNode toJson() {
        ObjectNode n = ModelCallJson.MAPPER.createObjectNode();
        n.put(StatsJson.TOTAL_USAGE, totalUsage);
        n.put(StatsJson.TOTAL_CREDITS, totalCredits);
        n.put(StatsJson.TOTAL_CALLS, totalCalls);
        n.put(StatsJson.SUCCESS_CALLS, successCalls);
        n.put(StatsJson.FAILED_CALLS, failedCalls);
        n.put(StatsJson.TOTAL_DURATION_MS, totalDurationMs);
        n.put(StatsJson.MAX_CALL_TIME, maxCallTime);
        ObjectNode types = n.putObject(StatsJson.BY_TYPE);
        byType.forEach((type, t) -> types.putObject(type).put(StatsJson.CALLS, t.calls).put(StatsJson.TOTAL_USAGE, t.totalUsage)
                .put(StatsJson.TOTAL_CREDITS, t.totalCredits));
        return n;
    }

    public byte[] sketchBytes() {
        return storedSketch != null ? storedSketch : SketchCodec.toBytes(latency);
    }

    /** Reads a stored row back; a missing sketch (pre-refactor rows) is an empty one. */
    public static CallStats fromStored(JsonNode stats, byte[] sketch, int k) {
        return readTotals(new CallStats(SketchCodec.read(sketch, k)), stats);
    }

    /**
     * Reads a stored row only to look at it or announce it: the sketch is read in place, not copied
     * into a heap sketch, and {@link #sketchBytes} gives its stored bytes back as they are.
     * {@link #add} and {@link #merge} refuse it.
     */
    public static CallStats readOnly(JsonNode stats, byte[] sketch) {
        byte[] bytes = sketch == null || sketch.length == 0 ? EMPTY_SKETCH.clone() : sketch;
        return readTotals(new CallStats(SketchCodec.view(bytes), bytes), stats);
    }

    private void requireWritable() {
        if (storedSketch != null) {
            throw new IllegalStateException("a row read only to be announced cannot change");
        }
    }

    private static CallStats readTotals(CallStats s, JsonNode stats) {
        s.totalUsage = integer(stats.path(StatsJson.TOTAL_USAGE));
        s.totalCredits = decimal(stats.path(StatsJson.TOTAL_CREDITS));
        s.totalCalls = stats.path(StatsJson.TOTAL_CALLS).asLong();
        s.successCalls = stats.path(StatsJson.SUCCESS_CALLS).asLong();
        s.failedCalls = stats.path(StatsJson.FAILED_CALLS).asLong();
        s.totalDurationMs = decimal(stats.path(StatsJson.TOTAL_DURATION_MS));
        s.maxCallTime = stats.path(StatsJson.MAX_CALL_TIME).asLong();
        stats.path(StatsJson.BY_TYPE).fields().forEachRemaining(e -> {
            TypeStats t = new TypeStats();
            t.calls = e.getValue().path(StatsJson.CALLS).asLong();
            t.totalUsage = integer(e.getValue().path(StatsJson.TOTAL_USAGE));
            t.totalCredits = decimal(e.getValue().path(StatsJson.TOTAL_CREDITS));
            s.byType.put(e.getKey(), t);
        });
        return s;
    }

    private static BigInteger integer(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? BigInteger.ZERO : n.bigIntegerValue();
    }

    private static BigDecimal decimal(JsonNode n) {
        if (n.isMissingNode() || n.isNull()) {
            return BigDecimal.ZERO;
        }
        return n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText());
    }

    public long totalCalls() {
        return totalCalls;
    }

    public long successCalls() {
        return successCalls;
    }

    public long failedCalls() {
        return failedCalls;
    }

    public BigInteger totalUsage() {
        return totalUsage;
    }

    public BigDecimal totalCredits() {
        return totalCredits;
    }

    public BigDecimal totalDurationMs() {
        return totalDurationMs;
    }

    public long maxCallTime() {
        return maxCallTime;
    }

    public Map<String, TypeStats> byType() {
        return byType;
    }

    /** Number of latencies the sketch has seen (= success calls when consistent). */
    public long sketchN() {
        return latency.getN();
    }

    /** P95 of success latencies by {@link LatencyP95}; null without success calls. */
    public Double p95DurationMs() {
        return LatencyP95.of(latency);
    }

    public KllDoublesSketch latencySketch() {
        return latency;
    }

    /**
     * Same totals and the same number of sketched latencies. Sketch bytes are not compared: KLL
     * compaction is randomized, so equal data can give different (equally valid) sketches.
     */
    public boolean sameTotals(CallStats o) {
        return totalCalls == o.totalCalls && successCalls == o.successCalls && failedCalls == o.failedCalls
                && totalUsage.equals(o.totalUsage) && totalCredits.compareTo(o.totalCredits) == 0
                && totalDurationMs.compareTo(o.totalDurationMs) == 0 && maxCallTime == o.maxCallTime
                && latency.getN() == o.latency.getN()
                && Objects.equals(toJson().get(StatsJson.BY_TYPE), o.toJson().get(StatsJson.BY_TYPE));
    }
}
