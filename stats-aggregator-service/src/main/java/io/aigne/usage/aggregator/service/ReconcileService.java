package io.aigne.usage.aggregator.service;

import io.aigne.usage.aggregator.config.AggregatorConfig;
import io.aigne.usage.stats.DataHorizons;
import io.aigne.usage.stats.TimeType;
import io.aigne.usage.support.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Runs {@link StatsReconciler} day by day (one transaction each) over a range. */
@ApplicationScoped
public class ReconcileService {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AggregatorConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    StatsReconciler reconciler;

    public record Report(long from, long to, int days, int rowsChecked, int missing, int mismatched, int extra,
            boolean repaired, List<StatsReconciler.Drift> sample) {
        public int drifted() {
            return missing + mismatched + extra;
        }
    }

    /** The first day whose raw calls and hour rows are both complete. */
    private long keptFrom() {
        try (Connection c = dataSource.getConnection()) {
            DataHorizons h = DataHorizons.read(c);
            return Math.max(h.rawCallsFrom(), h.hourRowsFrom());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public Report reconcile(long from, long to, boolean repair) {
        long firstDay = TimeType.day.floor(from);
        long lastDay = TimeType.day.floor(to);
        long keptFrom = keptFrom();
        if (firstDay < keptFrom) {
            // its calls were archived (or its hour rows removed): a recomputation would erase what is kept
            throw new ProblemException(Response.Status.CONFLICT, "Retention removed calls or hour rows before " + keptFrom
                    + " (Unix seconds): reconcile only days from there on.");
        }
        int days = 0;
        int rows = 0;
        int missing = 0;
        int mismatched = 0;
        int extra = 0;
        List<StatsReconciler.Drift> sample = new ArrayList<>();
        for (long day = firstDay; day <= lastDay; day += TimeType.day.seconds()) {
            long d = day;
            StatsReconciler.DayReport r = QuarkusTransaction.requiringNew().call(() -> {
                try (Connection c = dataSource.getConnection()) {
                    return reconciler.day(c, d, repair, config.sketchK());
                }
            });
            days++;
            rows += r.rowsChecked();
            missing += r.missing();
            mismatched += r.mismatched();
            extra += r.extra();
            r.drifts().stream().limit(StatsReconciler.SAMPLE - sample.size()).forEach(sample::add);
        }
        registry.counter("usage.stats.reconcile.drifted_rows").increment(missing + mismatched + extra);
        return new Report(firstDay, lastDay + TimeType.day.seconds() - 1, days, rows, missing, mismatched, extra, repair, sample);
    }
}
