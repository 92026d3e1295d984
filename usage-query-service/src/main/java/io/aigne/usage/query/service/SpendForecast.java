package io.aigne.usage.query.service;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The month-end spend forecast's arithmetic (docs/alerts.md "Spend forecast"), without the database:
 * the daily spend of the {@link #HISTORY_DAYS} complete UTC days before the running day in, the
 * expected spend of the rest of the running UTC month and the half-width of its interval out.
 *
 * <ul>
 * <li><b>History</b> starts at the first day with spend in the window (days before a user's first
 * spend are not "zero-spend days" of that user); fewer days make a thinner basis, none makes no
 * forecast (expected = spent).</li>
 * <li><b>Weekday factor</b> of weekday w = mean spend of the history's days on w ÷ mean spend of all
 * its days; 1 for every weekday when the history is shorter than {@link #MIN_SEASON_DAYS} or spent
 * nothing.</li>
 * <li><b>Level</b> = Σ spend ÷ Σ weekday factor over the last {@link #LEVEL_DAYS} history days (fewer
 * when the history is shorter): the mean daily spend with the weekday pattern taken out. With the
 * full eight weeks the factors average 1, Σ factor over 28 days is 28 and this is the plain mean of
 * the last 28 days; a weekday that never spends (factor 0) neither lowers nor raises it.</li>
 * <li><b>Expected rest</b> = Σ over the remaining days of level × weekday factor, the running day
 * pro-rated by the part of it still to come.</li>
 * <li><b>Interval</b> = expected ± {@link #Z} · √(σ² · R · (1 + R / m) + D²): σ the standard
 * deviation of the daily residuals (spend − mean × factor over the history), R the remaining days
 * (fractional), m the level's days; R · σ² is the days' own noise, R² · σ² / m the level's
 * uncertainty (the same error on every remaining day). D is the drift: the level moved by
 * (level − level of the four weeks before) / 28 a day, and the forecast does not follow it, so over
 * the (m/2 + R/2) days from the level's centre to the middle of the rest, on R days, it may be off by
 * D = that · (m/2 + R/2) · R (only with the full eight weeks; 0 otherwise). With fewer than
 * {@link #MIN_SEASON_DAYS} days of history σ is at least the level. The low end is never below what
 * was spent ({@link Result#low}).</li>
 * </ul>
 */
public final class SpendForecast {
    /** Eight whole weeks of complete days: the weekday factors and the residuals. */
    public static final int HISTORY_DAYS = 56;
    /** Four whole weeks: the level. */
    public static final int LEVEL_DAYS = 28;
    /** Two of each weekday at least, else no weekday factors. */
    public static final int MIN_SEASON_DAYS = 14;
    /** Two-sided 90 %: 1.645 standard deviations. */
    public static final double Z = 1.645;

    private static final long DAY = 86_400;

    private SpendForecast() {
    }

    /**
     * What the rest of the month is expected to add.
     *
     * @param remaining expected spend from asOf to the month's end (0 without history)
     * @param halfWidth the interval's half-width around spent + remaining
     * @param basisDays history days the level is the mean of (0: no history, no forecast)
     * @param level the daily level (credits per day, weekday pattern taken out)
     * @param seasonal whether weekday factors other than 1 were used
     */
    public record Result(double remaining, double halfWidth, int basisDays, double level, boolean seasonal) {
        public double expected(double spent) {
            return spent + remaining;
        }

        public double low(double spent) {
            return Math.max(spent, expected(spent) - halfWidth);
        }

        public double high(double spent) {
            return expected(spent) + halfWidth;
        }
    }

    /** The running UTC month and day of a moment, and how much of both is over. */
    public record Calendar(LocalDate today, long monthStart, long dayStart, int daysInMonth,
            /** the running day's counted part: seconds [dayStart, asOf] ÷ 86,400 */
            double dayFractionElapsed) {
        public static Calendar of(long asOf) {
            LocalDate today = LocalDate.ofInstant(Instant.ofEpochSecond(asOf), ZoneOffset.UTC);
            long dayStart = Math.floorDiv(asOf, DAY) * DAY;
            long monthStart = today.withDayOfMonth(1).toEpochDay() * DAY;
            return new Calendar(today, monthStart, dayStart, today.lengthOfMonth(), (asOf - dayStart + 1) / (double) DAY);
        }

        /** The first of the {@link #HISTORY_DAYS} complete days before the running one (Unix s). */
        public long historyStart() {
            return dayStart - HISTORY_DAYS * DAY;
        }

        /** Days of the month the forecast still has to cover: the rest of the running day and the days after it. */
        public double remainingDays() {
            return (1 - dayFractionElapsed) + (daysInMonth - today.getDayOfMonth());
        }
    }

    /**
     * @param history spend of the {@link #HISTORY_DAYS} complete UTC days before {@code cal.today()},
     *        oldest first (index {@code HISTORY_DAYS - 1} is yesterday); a day without rows is 0
     */
    public static Result of(double[] history, Calendar cal) {
        if (history.length != HISTORY_DAYS) {
            throw new IllegalArgumentException("history must have " + HISTORY_DAYS + " days, not " + history.length);
        }
        int first = 0;
        while (first < HISTORY_DAYS && !(history[first] > 0)) {
            first++;
        }
        int n = HISTORY_DAYS - first;
        if (n == 0) {
            return new Result(0, 0, 0, 0, false);
        }
        LocalDate firstDay = cal.today().minusDays(HISTORY_DAYS - first);
        double[] factor = {1, 1, 1, 1, 1, 1, 1}; // by DayOfWeek ordinal
        double mean = 0;
        for (int i = first; i < HISTORY_DAYS; i++) {
            mean += history[i];
        }
        mean /= n;
        boolean seasonal = n >= MIN_SEASON_DAYS && mean > 0;
        if (seasonal) {
            double[] sum = new double[7];
            int[] count = new int[7];
            for (int i = first; i < HISTORY_DAYS; i++) {
                int w = firstDay.plusDays(i - first).getDayOfWeek().ordinal();
                sum[w] += history[i];
                count[w]++;
            }
            for (int w = 0; w < 7; w++) {
                factor[w] = sum[w] / count[w] / mean;
            }
        }
        int m = Math.min(LEVEL_DAYS, n);
        double spend = 0;
        double weight = 0;
        for (int i = HISTORY_DAYS - m; i < HISTORY_DAYS; i++) {
            spend += history[i];
            weight += factor[firstDay.plusDays(i - first).getDayOfWeek().ordinal()];
        }
        // Σ factor > 0: with factors, the m >= 14 days hold every weekday, and one of them spent
        double level = spend / weight;
        double squares = 0;
        for (int i = first; i < HISTORY_DAYS; i++) {
            double r = history[i] - mean * factor[firstDay.plusDays(i - first).getDayOfWeek().ordinal()];
            squares += r * r;
        }
        double sigma = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
        if (n < MIN_SEASON_DAYS) {
            sigma = Math.max(sigma, level);
        }
        double remaining = level * factor(factor, cal.today().getDayOfWeek()) * (1 - cal.dayFractionElapsed());
        for (LocalDate d = cal.today().plusDays(1); d.getMonth() == cal.today().getMonth(); d = d.plusDays(1)) {
            remaining += level * factor(factor, d.getDayOfWeek());
        }
        double r = cal.remainingDays();
        double drift = 0;
        if (n == HISTORY_DAYS) { // the level of the four weeks before, to see how fast it moves
            double spendBefore = 0;
            double weightBefore = 0;
            for (int i = 0; i < HISTORY_DAYS - LEVEL_DAYS; i++) {
                spendBefore += history[i];
                weightBefore += factor[firstDay.plusDays(i).getDayOfWeek().ordinal()];
            }
            // per day, the level moved (level - before) / 28; from the level's centre (m/2 days ago) to the
            // middle of the remaining days that is (m/2 + r/2) days, over r days
            drift = weightBefore > 0 ? (level - spendBefore / weightBefore) / LEVEL_DAYS * (m / 2.0 + r / 2) * r : 0;
        }
        double halfWidth = Z * Math.sqrt(sigma * sigma * r * (1 + r / m) + drift * drift);
        return new Result(remaining, halfWidth, m, level, seasonal);
    }

    private static double factor(double[] factors, DayOfWeek day) {
        return factors[day.ordinal()];
    }
}
