package io.aigne.usage.query.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Backtest of {@link SpendForecast} on generated history (docs/alerts.md "Spend forecast"): six
 * months of daily spend for synthetic users — each with its own weekday pattern, monthly trend,
 * day-to-day noise and occasional spikes (seeded) — and the forecast as of a random hour of every
 * day of the last three months, compared with the month's true total. Prints, per bucket of the
 * day of the month, the mean absolute percentage error of {@code expected}, that of the naive
 * baseline (spent ÷ days elapsed × days in the month) computed in the same run, and the share of
 * forecasts whose true total lay in [low, high].
 */
class SpendForecastBacktestTest {
    private static final long DAY = 86_400;
    private static final LocalDate FIRST = LocalDate.of(2026, 5, 1);
    private static final LocalDate TESTED_FROM = LocalDate.of(2026, 8, 1);
    private static final LocalDate LAST = LocalDate.of(2026, 10, 31);
    private static final String[] BUCKETS = {"1-7", "8-14", "15-21", "22+"};

    /** A synthetic user: base credits a day, trend per 30 days, weekday multipliers (Mon..Sun), log-noise, spike chance. */
    record User(String name, double base, double trend, double[] weekday, double noise, double spikes) {
    }

    static final List<User> USERS = List.of(
            new User("office hours", 40, 0.05, new double[] {1.3, 1.25, 1.2, 1.2, 1.1, 0.25, 0.2}, 0.20, 0),
            new User("steady bot", 120, 0.00, new double[] {1, 1, 1, 1, 1, 1, 1}, 0.10, 0),
            new User("growing startup", 15, 0.15, new double[] {1.1, 1.2, 1.2, 1.1, 1.0, 0.7, 0.7}, 0.30, 0.02),
            new User("shrinking", 60, -0.10, new double[] {1.2, 1.1, 1.1, 1.1, 1.0, 0.8, 0.7}, 0.25, 0),
            new User("weekend app", 8, 0.03, new double[] {0.7, 0.7, 0.8, 0.8, 1.0, 1.6, 1.4}, 0.35, 0.03),
            new User("batch mondays", 25, 0.02, new double[] {3.0, 0.7, 0.7, 0.7, 0.7, 0.6, 0.6}, 0.25, 0));

    static final class Bucket {
        int n;
        double ape;
        double naiveApe;
        int covered;
        double width;

        double mape() {
            return 100 * ape / n;
        }

        double naiveMape() {
            return 100 * naiveApe / n;
        }

        double coverage() {
            return 100.0 * covered / n;
        }

        double meanWidth() {
            return 100 * width / n;
        }
    }

    @Test
    void beatsTheNaiveBaselineAndItsIntervalHoldsTheTruth() {
        Random random = new Random(20261130);
        Bucket[] buckets = {new Bucket(), new Bucket(), new Bucket(), new Bucket()};
        Bucket all = new Bucket();
        for (User user : USERS) {
            double[] daily = generate(user, random);
            for (LocalDate day = TESTED_FROM; !day.isAfter(LAST); day = day.plusDays(1)) {
                int today = (int) (day.toEpochDay() - FIRST.toEpochDay());
                // the forecast's moment: a random second of the day; the running day's spend so far is its share of the day
                long asOf = day.toEpochDay() * DAY + random.nextInt((int) DAY);
                SpendForecast.Calendar cal = SpendForecast.Calendar.of(asOf);
                double[] history = new double[SpendForecast.HISTORY_DAYS];
                System.arraycopy(daily, today - SpendForecast.HISTORY_DAYS, history, 0, SpendForecast.HISTORY_DAYS);
                int monthFirst = today - day.getDayOfMonth() + 1;
                double spent = cal.dayFractionElapsed() * daily[today];
                double truth = 0;
                for (int d = monthFirst; d < monthFirst + day.lengthOfMonth(); d++) {
                    truth += daily[d];
                    if (d < today) {
                        spent += daily[d];
                    }
                }
                SpendForecast.Result r = SpendForecast.of(history, cal);
                double elapsed = day.getDayOfMonth() - 1 + cal.dayFractionElapsed();
                double naive = spent / elapsed * day.lengthOfMonth();
                Bucket b = buckets[Math.min(3, (day.getDayOfMonth() - 1) / 7)];
                for (Bucket into : new Bucket[] {b, all}) {
                    into.n++;
                    into.ape += Math.abs(r.expected(spent) - truth) / truth;
                    into.naiveApe += Math.abs(naive - truth) / truth;
                    into.covered += r.low(spent) <= truth && truth <= r.high(spent) ? 1 : 0;
                    into.width += (r.high(spent) - r.low(spent)) / truth;
                }
            }
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "Spend forecast backtest: %d users, history %s..%s, forecasts as of every day %s..%s%n", USERS.size(), FIRST, LAST,
                TESTED_FROM, LAST));
        table.append("| days elapsed | forecasts | MAPE expected | MAPE naive | in [low, high] | mean width |\n");
        table.append("|---|---|---|---|---|---|\n");
        for (int i = 0; i < 4; i++) {
            table.append(row(BUCKETS[i], buckets[i]));
        }
        table.append(row("all", all));
        System.out.print(table);

        // bounds a broken forecast fails (without weekday factors the first week's interval is about 80 % of the truth wide;
        // with the running day not pro-rated about 73 % of the truths are inside), with room for other seeds
        // (seeds 1-5: MAPE 15-21 3.4-6.1 %, 22+ 1.8-2.6 %, inside 77-89 %, first week's width 34-51 %)
        assertThat(buckets[0].mape()).as("first week better than naive").isLessThan(buckets[0].naiveMape());
        assertThat(buckets[2].mape()).as("MAPE days 15-21").isLessThan(8);
        assertThat(buckets[3].mape()).as("MAPE days 22+").isLessThan(8);
        assertThat(all.coverage()).as("share in [low, high]").isGreaterThanOrEqualTo(75);
        assertThat(buckets[0].meanWidth()).as("first week's interval is not everything").isLessThan(60);
    }

    private static String row(String name, Bucket b) {
        return String.format(Locale.ROOT, "| %s | %d | %.1f %% | %.1f %% | %.0f %% | %.0f %% |%n", name, b.n, b.mape(), b.naiveMape(),
                b.coverage(), b.meanWidth());
    }

    /** Daily spend from {@link #FIRST} to {@link #LAST}. */
    private static double[] generate(User u, Random random) {
        int days = (int) (LAST.toEpochDay() - FIRST.toEpochDay()) + 1;
        double[] daily = new double[days];
        for (int d = 0; d < days; d++) {
            LocalDate date = FIRST.plusDays(d);
            double value = u.base() * Math.pow(1 + u.trend(), d / 30.0) * u.weekday()[date.getDayOfWeek().ordinal()]
                    * Math.exp(u.noise() * random.nextGaussian() - u.noise() * u.noise() / 2);
            if (random.nextDouble() < u.spikes()) {
                value *= 4;
            }
            daily[d] = value;
        }
        return daily;
    }
}
