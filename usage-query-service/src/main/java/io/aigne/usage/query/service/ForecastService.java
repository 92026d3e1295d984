package io.aigne.usage.query.service;

import io.aigne.usage.stats.DataHorizons;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The inputs of the month-end spend forecast ({@link SpendForecast}) for a user and each of its
 * projects: what was spent in the running UTC month, by the statistics answers' own totals path
 * (so it is what /overview answers for {@code [monthStart, asOf]}), and the daily credits of the
 * {@link SpendForecast#HISTORY_DAYS} complete UTC days before the running one — day rows where the
 * flush watermark has passed the day, the totals path (hour rows and live calls) for a day it has
 * not.
 */
@ApplicationScoped
public class ForecastService {
    private static final long DAY = 86_400;

    @Inject
    UsageService usage;

    @Inject
    UsageStatsRepository repository;

    /** One scope's month so far and its forecast. */
    public record Part(BigDecimal spent, SpendForecast.Result result) {
    }

    /** The user's forecast, its projects' (by appDid), and what {@code spent} counts. */
    public record Forecast(long asOf, SpendForecast.Calendar calendar, Part user, Map<String, Part> projects, Coverage coverage) {
    }

    public Forecast of(String userDid, long asOf) {
        ReadPoint p = usage.readPoint(userDid);
        DataHorizons h = p.horizons();
        SpendForecast.Calendar cal = SpendForecast.Calendar.of(asOf);
        Totals userSpent = usage.total(Scope.user(userDid), cal.monthStart(), asOf, p);
        Map<String, Totals> projectSpent = usage.totals(Scope.projects(userDid), cal.monthStart(), asOf, p);
        double[] userHistory = history(Scope.user(userDid), cal, p).getOrDefault("", new double[SpendForecast.HISTORY_DAYS]);
        Map<String, double[]> projectHistory = history(Scope.projects(userDid), cal, p);
        Set<String> apps = new HashSet<>(projectSpent.keySet());
        apps.addAll(projectHistory.keySet());
        Map<String, Part> projects = new HashMap<>();
        for (String app : apps) {
            BigDecimal spent = projectSpent.getOrDefault(app, Totals.ZERO).credits();
            SpendForecast.Result r = SpendForecast.of(projectHistory.getOrDefault(app, new double[SpendForecast.HISTORY_DAYS]), cal);
            if (spent.signum() > 0 || r.basisDays() > 0) {
                projects.put(app, new Part(spent, r));
            }
        }
        return new Forecast(asOf, cal, new Part(userSpent.credits(), SpendForecast.of(userHistory, cal)), projects,
                UsageService.coverage(cal.monthStart(), asOf, h));
    }

    /** Credits per group and history day (index 0 = the first of the {@link SpendForecast#HISTORY_DAYS} days). */
    private Map<String, double[]> history(Scope scope, SpendForecast.Calendar cal, ReadPoint p) {
        DataHorizons h = p.horizons();
        long from = cal.historyStart();
        long to = cal.dayStart();
        // days that ended by the flush watermark are whole in their day rows
        long rowsUntil = Math.max(from, Math.min(to, Math.floorDiv(h.flushedUntil(), DAY) * DAY));
        Map<String, double[]> byGroup = new HashMap<>();
        repository.dayRowCredits(scope, from, rowsUntil).forEach((group, days) -> days.forEach((day, credits) ->
                byGroup.computeIfAbsent(group, g -> new double[SpendForecast.HISTORY_DAYS])[(int) ((day - from) / DAY)] +=
                        credits.doubleValue()));
        for (long day = rowsUntil; day < to; day += DAY) {
            int index = (int) ((day - from) / DAY);
            usage.totals(scope, day, day + DAY - 1, p).forEach((group, t) ->
                    byGroup.computeIfAbsent(group, g -> new double[SpendForecast.HISTORY_DAYS])[index] += t.credits().doubleValue());
        }
        return byGroup;
    }
}
