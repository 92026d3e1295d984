package io.aigne.usage.aggregator.retention;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.aggregator.service.StatsStore;
import io.aigne.usage.aggregator.storage.CallPartitions;
import io.aigne.usage.stats.DataHorizons;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Removes what retention says is old (docs/decisions/0007-partitioned-calls-and-retention.md):
 * hour rows of ModelCallStat before {@code hourDays} (whole UTC days; day rows stay forever), and
 * months of raw calls wholly before {@code rawDays} — each archived first, then dropped. The
 * horizons in {@code data_retention} move under the exclusive stats lock, which every consumer
 * batch holds shared, so a batch sees one horizon from start to commit: it refuses calls below it
 * and never writes into a month being archived. Runs on one aggregator at a time (advisory lock);
 * a crash anywhere leaves a state the next run finishes (a month below the horizon whose partition
 * still exists is archived again, then dropped).
 */
@ApplicationScoped
public class RetentionJob {
    private static final Logger LOG = Logger.getLogger(RetentionJob.class);
    private static final long DAY = 86_400;
    /** One retention run at a time across replicas (pg_try_advisory_lock key). */
    static final long RUN_LOCK = 0x5A77_0003L;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RetentionConfig config;

    @Inject
    StatsStore stats;

    @Inject
    CallArchive archive;

    @Inject
    Clock clock;

    private final Counter archivedCalls;
    private final Counter droppedMonths;

    @Inject
    public RetentionJob(MeterRegistry registry) {
        archivedCalls = Counter.builder("usage.retention.archived_calls").description("Calls written to month archives")
                .register(registry);
        droppedMonths = Counter.builder("usage.retention.dropped_months")
                .description("Month partitions of model_calls archived and dropped").register(registry);
    }

    /** What one run did. */
    public record Report(boolean ran, long hourRowsFrom, long hourRowsDeleted, long rawCallsFrom,
            List<ArchiveManifest.Entry> archived, String heldMonth) {
    }

    @Scheduled(every = "{usage.retention.every}", delayed = "{usage.retention.first-run-after}", identity = "retention",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        if (config.enabled()) {
            try {
                run();
            } catch (RuntimeException e) {
                LOG.errorf(e, "retention run failed; the next run goes on from where it stopped");
            }
        }
    }

    /** One run now: hour rows, then each expired month oldest first. */
    public Report run() {
        try (Connection lockHolder = dataSource.getConnection()) {
            if (!tryLock(lockHolder)) {
                return new Report(false, 0, 0, 0, List.of(), null);
            }
            try {
                long now = clock.instant().getEpochSecond();
                long hourFrom = Math.floorDiv(now - (long) config.hourDays() * DAY, DAY) * DAY;
                long deleted = QuarkusTransaction.requiringNew().call(() -> pruneHourRows(hourFrom));
                long cutoff = now - (long) config.rawDays() * DAY;
                List<ArchiveManifest.Entry> archived = new ArrayList<>();
                String held = null;
                for (var month : partitions().entrySet()) {
                    long start = month.getKey();
                    long end = CallPartitions.nextMonth(start);
                    if (end > cutoff) {
                        break;
                    }
                    if (QuarkusTransaction.requiringNew().call(() -> isHeld(start))) {
                        held = CallArchive.month(start); // newer months wait too: kept calls stay one contiguous span
                        break;
                    }
                    archived.add(expire(month.getValue(), start, end));
                }
                long rawFrom = QuarkusTransaction.requiringNew().call(this::horizons).rawCallsFrom();
                return new Report(true, hourFrom, deleted, rawFrom, archived, held);
            } finally {
                unlock(lockHolder);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("retention run failed", e);
        }
    }

    private long pruneHourRows(long hourFrom) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            stats.lockExclusive(c);
            if (DataHorizons.read(c).hourRowsFrom() >= hourFrom) {
                return 0;
            }
            moveHorizon(c, "hour", hourFrom);
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM model_call_stats WHERE time_type = 'hour' AND \"timestamp\" < ?")) {
                ps.setLong(1, hourFrom);
                return ps.executeUpdate();
            }
        }
    }

    /** Archive, then drop: the horizon moves first, so no batch writes into the month meanwhile. */
    private ArchiveManifest.Entry expire(String partition, long start, long end) {
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection()) {
                stats.lockExclusive(c);
                if (DataHorizons.read(c).rawCallsFrom() < end) {
                    moveHorizon(c, "raw", end);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        ArchiveManifest.Entry entry = QuarkusTransaction.requiringNew().timeout(6 * 3_600).call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return archive.write(c, partition, start, end);
            }
        });
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                stats.lockExclusive(c);
                s.execute("SET LOCAL lock_timeout = '30s'");
                // the identities of the archived calls go with them: the horizon refuses those calls from now on
                s.executeUpdate("DELETE FROM model_call_ids k USING " + partition + " p WHERE k.user_did = p.user_did AND k.id = p.id");
                s.execute("ALTER TABLE model_calls DETACH PARTITION " + partition);
                s.execute("DROP TABLE " + partition);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        archivedCalls.increment(entry.calls());
        droppedMonths.increment();
        LOG.infof("retention: archived %d calls of %s to %s and dropped %s", entry.calls(), entry.month(), entry.file(), partition);
        return entry;
    }

    /** The month partitions of model_calls by month start (the names say which month). */
    TreeMap<Long, String> partitions() throws SQLException {
        TreeMap<Long, String> months = new TreeMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                        WHERE i.inhparent = 'model_calls'::regclass""");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String name = rs.getString(1);
                long start = CallPartitions.monthOfPartition(name);
                if (start != CallPartitions.NOT_A_MONTH) {
                    months.put(start, name);
                }
            }
        }
        return months;
    }

    private boolean isHeld(long monthStart) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM archive_restores WHERE month_start = ? AND held_until > ?")) {
            ps.setLong(1, monthStart);
            ps.setTimestamp(2, java.sql.Timestamp.from(clock.instant()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private DataHorizons horizons() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return DataHorizons.read(c);
        }
    }

    /** Sets a horizon (forward by the job, back by a restore; the caller holds the exclusive stats lock). */
    static void moveHorizon(Connection c, String kind, long keptFrom) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO data_retention (kind, kept_from) VALUES (?, ?)
                ON CONFLICT (kind) DO UPDATE SET kept_from = EXCLUDED.kept_from, updated_at = now()""")) {
            ps.setString(1, kind);
            ps.setLong(2, keptFrom);
            ps.executeUpdate();
        }
    }

    private static boolean tryLock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            ps.setLong(1, RUN_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            ps.setLong(1, RUN_LOCK);
            ps.execute();
        }
    }
}
