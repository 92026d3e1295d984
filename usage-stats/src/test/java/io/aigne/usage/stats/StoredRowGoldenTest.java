package io.aigne.usage.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigne.usage.events.ModelCallJson;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

/**
 * The stored form of a ModelCallStat row is a contract with every row already in a database: the
 * golden JSON and sketch bytes (see {@link GoldenRow}) must come out of the same calls unchanged
 * and read back to the same row, as datasketches-java checks its stored {@code .sk} files.
 */
class StoredRowGoldenTest {

    @Test
    void theSameCallsWriteTheGoldenJsonByteForByte() throws IOException {
        assertThat(GoldenRow.build().toJson().toString()).isEqualTo(new String(resource(GoldenRow.JSON), StandardCharsets.UTF_8));
    }

    @Test
    void theSameCallsWriteTheGoldenSketchByteForByte() throws IOException {
        assertThat(GoldenRow.build().sketchBytes()).isEqualTo(resource(GoldenRow.SKETCH));
    }

    @Test
    void theGoldenRowReadsBackKeyForKey() throws IOException {
        JsonNode stored = ModelCallJson.MAPPER.readTree(resource(GoldenRow.JSON));
        CallStats back = CallStats.fromStored(stored, resource(GoldenRow.SKETCH), CallStats.DEFAULT_K);

        assertSameKeysAndNumbers("", back.toJson(), stored);
        assertThat(back.toJson().toString()).isEqualTo(new String(resource(GoldenRow.JSON), StandardCharsets.UTF_8));
        assertThat(back.sketchBytes()).isEqualTo(resource(GoldenRow.SKETCH));
        assertThat(back.sameTotals(GoldenRow.build())).isTrue();
    }

    @Test
    void theGoldenRowHasTheContractKeysAndNumberForms() throws IOException {
        JsonNode stored = ModelCallJson.MAPPER.readTree(resource(GoldenRow.JSON));
        List<String> keys = new ArrayList<>();
        stored.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("totalUsage", "totalCredits", "totalCalls", "successCalls", "failedCalls",
                "totalDurationMs", "maxCallTime", "byType");
        assertThat(stored.get("totalUsage").bigIntegerValue()).isEqualTo(new BigInteger("9007199254818954")); // past a double's 2^53
        assertThat(stored.get("totalCredits").decimalValue()).isEqualByComparingTo("0.0010122900");
        assertThat(stored.get("totalCalls").asLong()).isEqualTo(40);
        assertThat(stored.get("successCalls").asLong()).isEqualTo(32);
        assertThat(stored.get("failedCalls").asLong()).isEqualTo(8);
        assertThat(stored.get("maxCallTime").asLong()).isEqualTo(1_760_002_340L);
        stored.get("byType").forEach(t -> {
            List<String> typeKeys = new ArrayList<>();
            t.fieldNames().forEachRemaining(typeKeys::add);
            assertThat(typeKeys).containsExactly("calls", "totalUsage", "totalCredits");
        });
        assertThat(stored.get("byType").size()).isEqualTo(2);
    }

    @Test
    void theGoldenSketchDecodesToTheSuccessLatencies() throws IOException {
        byte[] bytes = resource(GoldenRow.SKETCH);
        KllDoublesSketch heap = SketchCodec.read(bytes, CallStats.DEFAULT_K);
        KllDoublesSketch view = SketchCodec.view(bytes);

        for (KllDoublesSketch s : List.of(heap, view)) {
            assertThat(s.getN()).isEqualTo(32);
            assertThat(s.getMinItem()).isEqualTo(12.5);
            assertThat(s.getMaxItem()).isEqualTo((125 + 38 * 317) / 10.0);
            // nearest rank: the 31st of 32 success latencies (calls 0-38 without every fifth)
            assertThat(LatencyP95.of(s)).isEqualTo((125 + 37 * 317) / 10.0);
        }
        assertThat(SketchCodec.read(null, 200).isEmpty()).isTrue();
        assertThat(SketchCodec.view(new byte[0])).isNull();
        assertThat(LatencyP95.of(null)).isNull();
    }

    @Test
    void theSqlSumsNameExactlyTheNumberKeysTheWriterWrites() {
        Set<String> written = new LinkedHashSet<>();
        GoldenRow.build().toJson().fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) {
                written.add(e.getKey());
            }
        });
        Set<String> summed = new LinkedHashSet<>();
        Matcher m = Pattern.compile("stats->>'([^']*)'").matcher(StatSums.COLUMNS);
        while (m.find()) {
            summed.add(m.group(1));
        }
        assertThat(summed).containsExactlyInAnyOrderElementsOf(written);
        assertThat(written).containsExactlyElementsOf(StatsJson.TOTALS);
        assertThat(Pattern.compile("\\b(count|sum|max)\\(").matcher(StatSums.COLUMNS).results().count())
                .isEqualTo(StatSums.COLUMN_COUNT);
    }

    /** Same field names in the same order, and leaves with the same text (the number's form). */
    private static void assertSameKeysAndNumbers(String path, JsonNode actual, JsonNode expected) {
        List<String> actualKeys = new ArrayList<>();
        List<String> expectedKeys = new ArrayList<>();
        actual.fieldNames().forEachRemaining(actualKeys::add);
        expected.fieldNames().forEachRemaining(expectedKeys::add);
        assertThat(actualKeys).as("keys of %s", path).containsExactlyElementsOf(expectedKeys);
        for (String key : expectedKeys) {
            if (expected.get(key).isObject()) {
                assertSameKeysAndNumbers(path + "/" + key, actual.get(key), expected.get(key));
            } else {
                assertThat(actual.get(key).toString()).as("%s/%s", path, key).isEqualTo(expected.get(key).toString());
            }
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = StoredRowGoldenTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
