package io.aigne.usage.aggregator.storage;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The month partitions of model_calls. Every partition comes from the database function
 * {@code model_calls_month_partition} (V7), which refuses months retention removed. A batch asks
 * for the months of its calls before writing them; the months known to exist are remembered until
 * the raw-call horizon moves (retention dropped a month, or a restore opened one again).
 */
@ApplicationScoped
public class CallPartitions {

    @Inject
    AgroalDataSource dataSource;

    private final Set<Long> known = ConcurrentHashMap.newKeySet();
    private volatile long knownForHorizon = Long.MIN_VALUE;

    /** What {@link #monthOfPartition} answers for a name that is not a month partition. */
    public static final long NOT_A_MONTH = Long.MIN_VALUE;
    /** model_calls_YYYY_MM, as model_calls_month_partition (V7) names them. */
    private static final Pattern PARTITION_NAME = Pattern.compile("model_calls_(\\d{4})_(\\d{2})");

    /** The UTC month start a partition's name says, or {@link #NOT_A_MONTH}. */
    public static long monthOfPartition(String name) {
        Matcher m = PARTITION_NAME.matcher(name);
        return m.matches()
                ? LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond()
                : NOT_A_MONTH;
    }

    /** The UTC month start (Unix seconds) of the month holding {@code callTime}. */
    public static long monthOf(long callTime) {
        ZonedDateTime t = Instant.ofEpochSecond(callTime).atZone(ZoneOffset.UTC);
        return t.withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    /** The UTC month start after {@code monthStart}. */
    public static long nextMonth(long monthStart) {
        return Instant.ofEpochSecond(monthStart).atZone(ZoneOffset.UTC).plusMonths(1).toEpochSecond();
    }

    /** The UTC month start before {@code monthStart}. */
    public static long previousMonth(long monthStart) {
        return Instant.ofEpochSecond(monthStart).atZone(ZoneOffset.UTC).minusMonths(1).toEpochSecond();
    }

    /**
     * Makes sure the partitions of these calls' months exist, each created in a transaction of its
     * own (so a batch never holds the DDL's lock while it writes). {@code rawCallsFrom} is the
     * horizon the caller read; the caller never passes calls below it.
     */
    public void ensure(Collection<Long> callTimes, long rawCallsFrom) {
        if (knownForHorizon != rawCallsFrom) {
            known.clear();
            knownForHorizon = rawCallsFrom;
        }
        Set<Long> missing = new TreeSet<>();
        for (long t : callTimes) {
            long month = monthOf(t);
            if (!known.contains(month)) {
                missing.add(month);
            }
        }
        if (!missing.isEmpty()) {
            known.addAll(QuarkusTransaction.requiringNew().call(() -> create(missing))); // only once committed
        }
    }

    /** Creates (if missing) the partitions of these months, outside any caller's transaction. */
    public void ensureMonths(Collection<Long> monthStarts) {
        known.addAll(QuarkusTransaction.requiringNew().call(() -> create(monthStarts)));
    }

    /** The months whose partition exists now (those below the raw-call horizon are refused). */
    private List<Long> create(Collection<Long> months) {
        List<Long> made = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT model_calls_month_partition(?)")) {
            for (long month : months) {
                ps.setLong(1, month);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) {
                        made.add(month);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the model_calls partitions of " + months, e);
        }
        return made;
    }
}
