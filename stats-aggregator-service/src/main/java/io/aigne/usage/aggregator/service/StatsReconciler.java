package io.aigne.usage.aggregator.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.stats.CallStats;
import io.aigne.usage.stats.StatKey;
import io.aigne.usage.stats.TimeType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recomputes the flushed ModelCallStat rows of one UTC day from model_calls and compares them
 * with what is stored: missing rows, rows whose totals differ, rows that should not exist. With
 * {@code repair} it writes the recomputed rows (version + 1, so a stats event goes out) and
 * deletes the extra ones. Buckets still open in some aggregator's memory are left alone. Holds
 * the exclusive stats lock, so no batch or flush writes in between.
 */
@ApplicationScoped
public class StatsReconciler {
    public static final int SAMPLE = 50;

    private final StatsStore store;

    @Inject
    public StatsReconciler(StatsStore store) {
        this.store = store;
    }

    public record Drift(StatKey key, String kind, ObjectNode stored, ObjectNode expected) {
    }

    public record DayReport(int rowsChecked, List<Drift> drifts, int missing, int mismatched, int extra) {
    }

    public DayReport day(Connection c, long dayStart, boolean repair, int k) throws SQLException {
        store.lockExclusive(c);
        Map<Integer, Long> marks = store.watermarks(c);
        long dayEnd = dayStart + TimeType.day.seconds();
        Map<StatKey, CallStats> expected = new HashMap<>();
        Set<StatKey> open = new HashSet<>();
        store.forEachTerminalCall(c, null, dayStart, dayEnd, (call, partition) -> {
            for (StatKey key : StatKey.of(call)) {
                // calls stored before partitions were recorded are never in anyone's memory
                boolean flushed = partition == null || key.end() <= marks.getOrDefault(partition, 0L);
                if (flushed) {
                    expected.computeIfAbsent(key, x -> CallStats.empty(k)).add(call);
                } else {
                    open.add(key);
                }
            }
        });
        expected.keySet().removeAll(open);
        Map<StatKey, CallStats> stored = store.rowsBetween(c, dayStart, dayEnd, k);
        stored.keySet().removeAll(open);

        List<Drift> drifts = new ArrayList<>();
        Map<StatKey, CallStats> toWrite = new HashMap<>();
        int missing = 0;
        int mismatched = 0;
        for (Map.Entry<StatKey, CallStats> e : expected.entrySet()) {
            CallStats have = stored.get(e.getKey());
            if (have == null || !have.sameTotals(e.getValue())) {
                if (have == null) {
                    missing++;
                } else {
                    mismatched++;
                }
                toWrite.put(e.getKey(), e.getValue());
                sample(drifts, new Drift(e.getKey(), have == null ? "missing" : "mismatch",
                        have == null ? null : have.toJson(), e.getValue().toJson()));
            }
        }
        List<StatKey> extra = stored.keySet().stream().filter(key -> !expected.containsKey(key)).toList();
        extra.forEach(key -> sample(drifts, new Drift(key, "extra", stored.get(key).toJson(), null)));
        if (repair) {
            store.upsert(c, toWrite);
            store.delete(c, extra);
        }
        return new DayReport(expected.size() + extra.size(), drifts, missing, mismatched, extra.size());
    }

    private static void sample(List<Drift> drifts, Drift drift) {
        if (drifts.size() < SAMPLE) {
            drifts.add(drift);
        }
    }
}
