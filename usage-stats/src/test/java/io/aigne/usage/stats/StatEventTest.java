package io.aigne.usage.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigne.usage.events.CallStatus;
import io.aigne.usage.events.ModelCallJson;
import org.junit.jupiter.api.Test;

class StatEventTest {
    private static final StatKey HOUR = new StatKey("did:u", "did:app:a", "gpt-4o", TimeType.hour, 1_764_504_000L);

    private static CallStats stats(int calls) {
        CallStats s = CallStats.empty();
        for (int i = 0; i < calls; i++) {
            s.add(CallStatsTest.call("c" + i, i % 4 == 0 ? CallStatus.failed : CallStatus.success, 100 + i, "0.25",
                    HOUR.timestamp() + i));
        }
        return s;
    }

    @Test
    void aFlushedHourEventKeepsTheContractFieldsAndAddsItsSketch() throws Exception {
        CallStats s = stats(40);
        JsonNode json = ModelCallJson.MAPPER.readTree(new StatEvent(HOUR, s, 3, false).toJson());
        assertThat(json.get("userDid").asText()).isEqualTo("did:u");
        assertThat(json.get("timeType").asText()).isEqualTo("hour");
        assertThat(json.get("version").asInt()).isEqualTo(3);
        assertThat(json.get("stats").toString()).isEqualTo(s.toJson().toString());
        assertThat(json.get("p95Duration").asDouble()).isEqualTo(s.p95DurationMs());
        assertThat(json.has("provisional")).isFalse();
        StatEvent back = StatEvent.parse(json.toString(), CallStats.DEFAULT_K);
        assertThat(back.key()).isEqualTo(HOUR);
        assertThat(back.stats().sameTotals(s)).isTrue();
        assertThat(back.stats().p95DurationMs()).isEqualTo(s.p95DurationMs()); // the sketch travelled
    }

    @Test
    void dayEventsCarryNoSketchAndRunningSnapshotsSayTheyAreProvisional() throws Exception {
        StatKey day = new StatKey("did:u", null, null, TimeType.day, 1_764_460_800L);
        JsonNode json = ModelCallJson.MAPPER.readTree(new StatEvent(day, stats(3), 1, false).toJson());
        assertThat(json.has("latencySketch")).isFalse();
        assertThat(json.get("appDid").isNull()).isTrue();
        StatEvent running = StatEvent.parse(new StatEvent(HOUR, stats(5), 0, true).toJson(), CallStats.DEFAULT_K);
        assertThat(running.provisional()).isTrue();
        assertThat(running.version()).isZero();
    }

    @Test
    void newerMeansFlushedOverRunningThenVersionThenMoreCalls() {
        assertThat(new StatEvent(HOUR, stats(5), 0, true).newerThan(0, 4)).isTrue();
        assertThat(new StatEvent(HOUR, stats(5), 0, true).newerThan(0, 5)).isFalse();
        assertThat(new StatEvent(HOUR, stats(50), 0, true).newerThan(1, 5)).as("a snapshot never beats a flushed row").isFalse();
        assertThat(new StatEvent(HOUR, stats(5), 2, false).newerThan(1, 50)).isTrue();
        assertThat(new StatEvent(HOUR, stats(5), 2, false).newerThan(2, 4)).as("same version: the same row").isFalse();
    }

    @Test
    void malformedEventsAreRefusedWithTheField() {
        assertThatThrownBy(() -> StatEvent.parse("[]", 400)).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> StatEvent.parse("{\"timeType\":\"hour\",\"timestamp\":1,\"stats\":{},\"version\":1}", 400))
                .hasMessageContaining("userDid");
        assertThatThrownBy(() -> StatEvent.parse("{\"userDid\":\"u\",\"timeType\":\"week\",\"timestamp\":1,\"stats\":{},"
                + "\"version\":1}", 400)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StatEvent.parse("{\"userDid\":\"u\",\"timeType\":\"hour\",\"timestamp\":1,\"stats\":{},"
                + "\"version\":1,\"latencySketch\":\"!!\"}", 400)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StatEvent.parse("{not json", 400)).isInstanceOf(IllegalArgumentException.class);
    }
}
