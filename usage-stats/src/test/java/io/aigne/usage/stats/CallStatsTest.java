package io.aigne.usage.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigne.usage.events.CallStatus;
import io.aigne.usage.events.CallType;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.events.ModelCallJson;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CallStatsTest {

    static ModelCall call(String id, CallStatus status, double durationMs, String credits, long callTime) {
        return new ModelCall(id, "u", "app", "gpt-4o", "openai", CallType.chatCompletion, status, durationMs, 100,
                new BigDecimal(credits), callTime, null, null, null, null, null, 1);
    }

    /** Nearest-rank P95 computed from the sorted values: the ceil(0.95·n)-th smallest. */
    static double exactP95(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
    }

    @Test
    void sumsExactlyAndCountsDurationsOfSuccessCallsOnly() {
        CallStats s = CallStats.empty();
        s.add(call("a", CallStatus.success, 100.1, "0.0000000001", 10));
        s.add(call("b", CallStatus.success, 200.2, "0.1", 30));
        s.add(call("c", CallStatus.failed, 5000, "0", 20));

        assertThat(s.totalCalls()).isEqualTo(3);
        assertThat(s.successCalls()).isEqualTo(2);
        assertThat(s.failedCalls()).isEqualTo(1);
        assertThat(s.totalCredits()).isEqualByComparingTo("0.1000000001");
        assertThat(s.totalDurationMs()).isEqualByComparingTo("300.3");
        assertThat(s.maxCallTime()).isEqualTo(30);
        assertThat(s.sketchN()).isEqualTo(2);
        assertThat(s.byType().get("chatCompletion").calls()).isEqualTo(3);
    }

    @Test
    void storedFormRoundTripsThroughJsonAndSketchBytes() throws Exception {
        CallStats s = CallStats.empty();
        for (int i = 0; i < 500; i++) {
            s.add(call("c" + i, i % 7 == 0 ? CallStatus.failed : CallStatus.success, i * 1.5, "0.0000012345", 1000 + i));
        }
        String json = s.toJson().toString();

        CallStats back = CallStats.fromStored(ModelCallJson.MAPPER.readTree(json), s.sketchBytes(), 200);

        assertThat(back.sameTotals(s)).isTrue();
        assertThat(back.toJson()).isEqualTo(s.toJson());
        assertThat(back.p95DurationMs()).isEqualTo(s.p95DurationMs());
    }

    @Test
    void storedJsonIsReadTolerantly() throws Exception {
        // decimals as strings, a missing key, unknown keys (one nested), a null, and an exact long decimal
        String json = """
                {"totalCalls":"4","future":{"a":[1,{"b":2}]},"totalCredits":"0.12345678901234567890123",
                 "successCalls":3,"failedCalls":null,"totalDurationMs":12.50,"maxCallTime":1700000000,
                 "byType":{"embedding":{"calls":4,"totalUsage":9007199254740993,"totalCredits":"1.5","x":[]}},
                 "totalUsage":18014398509481986}""";

        CallStats s = CallStats.fromStored(ModelCallJson.MAPPER.readTree(json), null, 200);
        assertThat(s.totalCalls()).isEqualTo(4);
        assertThat(s.successCalls()).isEqualTo(3);
        assertThat(s.failedCalls()).isZero();
        assertThat(s.totalCredits()).isEqualTo(new BigDecimal("0.12345678901234567890123"));
        assertThat(s.totalDurationMs()).isEqualTo(new BigDecimal("12.50"));
        assertThat(s.maxCallTime()).isEqualTo(1_700_000_000L);
        assertThat(s.totalUsage()).isEqualTo(new java.math.BigInteger("18014398509481986"));
        assertThat(s.byType()).containsOnlyKeys("embedding");
        assertThat(s.byType().get("embedding").calls()).isEqualTo(4);
        assertThat(s.sketchN()).isZero();
    }

    @Test
    void p95EqualsTheExactNearestRankValueForSmallCounts() {
        Random random = new Random(3);
        for (int n : new int[] {1, 2, 19, 20, 21, 100, 199}) {
            CallStats s = CallStats.empty();
            List<Double> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double v = Math.round(random.nextDouble() * 100_000) / 10.0;
                values.add(v);
                s.add(call("c" + i, CallStatus.success, v, "0", 1));
            }
            assertThat(s.p95DurationMs()).as("n=%d", n).isEqualTo(exactP95(values));
        }
    }

    @Test
    void mergedSketchesKeepP95WithinOnePercentRank() {
        Random random = new Random(11);
        List<Double> all = new ArrayList<>();
        CallStats merged = CallStats.empty();
        for (int hour = 0; hour < 48; hour++) {
            CallStats h = CallStats.empty();
            for (int i = 0; i < 2_000; i++) {
                double v = Math.exp(7 + random.nextGaussian());
                all.add(v);
                h.add(call("h" + hour + "-" + i, CallStatus.success, v, "0", hour * 3600L));
            }
            merged.merge(h);
        }
        double p95 = merged.p95DurationMs();
        double[] sorted = all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double rank = (double) Arrays.stream(sorted).filter(v -> v <= p95).count() / sorted.length;

        assertThat(rank).isBetween(0.94, 0.96);
        assertThat(merged.totalCalls()).isEqualTo(96_000);
    }

    @Test
    void keysCoverThreeLevelsForProjectCallsAndOneWithout() {
        ModelCall inProject = call("a", CallStatus.success, 1, "0", 7_205);
        assertThat(StatKey.of(inProject)).containsExactlyInAnyOrder(
                new StatKey("u", null, null, TimeType.hour, 7_200), new StatKey("u", "app", null, TimeType.hour, 7_200),
                new StatKey("u", "app", "gpt-4o", TimeType.hour, 7_200), new StatKey("u", null, null, TimeType.day, 0),
                new StatKey("u", "app", null, TimeType.day, 0), new StatKey("u", "app", "gpt-4o", TimeType.day, 0));
        ModelCall noProject = new ModelCall("b", "u", null, "m", null, CallType.custom, CallStatus.failed, 0, 0,
                BigDecimal.ZERO, 90_000, null, null, null, null, null, 1);
        assertThat(StatKey.of(noProject)).containsExactly(new StatKey("u", null, null, TimeType.hour, 90_000),
                new StatKey("u", null, null, TimeType.day, 86_400));
    }
    @Test
    void aRowReadOnlyGivesItsStoredBytesBackAndRefusesChanges() throws Exception {
        CallStats s = CallStats.empty();
        for (int i = 0; i < 3000; i++) {
            s.add(call("r" + i, CallStatus.success, (i * 37) % 1000 + 0.25, "0.001", 5000 + i));
        }
        byte[] stored = s.sketchBytes();

        CallStats view = CallStats.readOnly(ModelCallJson.MAPPER.readTree(s.toJson().toString()), stored);

        assertThat(view.sketchBytes()).isSameAs(stored);
        assertThat(view.sameTotals(s)).isTrue();
        assertThat(view.p95DurationMs()).isEqualTo(s.p95DurationMs());
        assertThatThrownBy(() -> view.add(call("x", CallStatus.success, 1, "0", 1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> view.merge(CallStats.empty())).isInstanceOf(IllegalStateException.class);
        assertThat(view.sketchN()).isEqualTo(3000);
    }

    @Test
    void aRowWithoutASketchReadOnlyHasAnEmptyOne() throws Exception {
        CallStats view = CallStats.readOnly(ModelCallJson.MAPPER.readTree("{\"totalCalls\":2}"), null);

        assertThat(view.sketchN()).isZero();
        assertThat(view.p95DurationMs()).isNull();
        assertThat(CallStats.fromStored(ModelCallJson.MAPPER.readTree("{}"), view.sketchBytes(), 400).sketchN()).isZero();
    }
}
