package io.aigne.usage.benchmarks;

import io.aigne.usage.localstack.EmbeddedPostgresServer;
import io.aigne.usage.localstack.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Bytes per call on disk, measured: applies the working tree's migrations (usage-schema) to a
 * fresh embedded PostgreSQL, loads a month of calls shaped like AIGNE Hub's (StorageData), builds
 * their ModelCallStat rows with the aggregator's own code, vacuums, and reads heap, TOAST and
 * index sizes per table (a partitioned table: the sum over its partitions). Then projects storage,
 * partitions, aggregator replicas and Kafka partitions for 10 M, 100 M and 1 B calls a month
 * (docs/decisions/0008-citus-path.md explains the model). The database is thrown away afterwards.
 */
public final class StorageBenchmark {
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");
    /** Tables whose size grows with calls; the others hold a few rows per partition, user or app. */
    private static final List<String> PER_CALL = List.of("model_calls", "model_call_ids", "model_call_stats");

    /** What one table holds on disk. */
    record Size(long rows, long heap, long toast, long indexes, Map<String, Long> byIndex) {
        long total() {
            return heap + toast + indexes;
        }
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path repo = Path.of(System.getProperty("usage.repo.root", ".")).toAbsolutePath().normalize();
        Path dir = Files.createTempDirectory("usage-storage-");
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(FreePorts.find(), dir.resolve("pg"));
                Connection c = DriverManager.getConnection(pg.jdbcUrl(), EmbeddedPostgresServer.USER, "postgres")) {
            List<String> applied = migrate(c, repo.resolve("usage-schema/src/main/resources/db/migration"));
            long loadStart = System.nanoTime();
            StorageData.Loaded loaded = StorageData.load(c, calls, Instant.now().getEpochSecond());
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE"); // what autovacuum leaves: visibility maps, no dead rows
            }
            Map<String, Size> sizes = new LinkedHashMap<>();
            for (String table : PER_CALL) {
                if (exists(c, table)) {
                    sizes.put(table, size(c, table));
                }
            }
            report(calls, loaded, applied, sizes, loadSeconds);
            Projection.print(Projection.Measured.of(calls, loaded, sizes));
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    /** Runs V1..Vn in version order, as Flyway would (each file one transaction). */
    static List<String> migrate(Connection c, Path dir) throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> VERSION.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(StorageBenchmark::version)).toList();
        }
        List<String> names = new ArrayList<>();
        c.setAutoCommit(false);
        for (Path f : files) {
            try (Statement s = c.createStatement()) {
                s.execute(Files.readString(f));
            }
            c.commit();
            names.add(f.getFileName().toString().replaceAll("__.*", ""));
        }
        c.setAutoCommit(true);
        return names;
    }

    private static int version(Path p) {
        Matcher m = VERSION.matcher(p.getFileName().toString());
        m.matches();
        return Integer.parseInt(m.group(1));
    }

    static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Heap (main fork), TOAST (+ free space and visibility maps) and indexes, summed over the leaf partitions. */
    static Size size(Connection c, String table) throws SQLException {
        long rows;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            rows = rs.getLong(1);
        }
        long heap;
        long toast;
        long indexes;
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT coalesce(sum(pg_relation_size(relid)), 0), coalesce(sum(pg_table_size(relid) - pg_relation_size(relid)), 0),
                       coalesce(sum(pg_indexes_size(relid)), 0)
                FROM (SELECT relid FROM pg_partition_tree(?::regclass) WHERE isleaf UNION SELECT ?::regclass) t""")) {
            // a plain table is its own leaf; a partitioned parent holds no data itself (size 0)
            ps.setString(1, table);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                heap = rs.getLong(1);
                toast = rs.getLong(2);
                indexes = rs.getLong(3);
            }
        }
        Map<String, Long> byIndex = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT i.indexrelid::regclass::text,
                       (SELECT coalesce(sum(pg_relation_size(t.relid)), 0)
                        FROM (SELECT relid FROM pg_partition_tree(i.indexrelid) WHERE isleaf UNION SELECT i.indexrelid) t)
                FROM pg_index i WHERE i.indrelid = ?::regclass ORDER BY 1""")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byIndex.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return new Size(rows, heap, toast, indexes, byIndex);
    }

    private static void report(int calls, StorageData.Loaded loaded, List<String> applied, Map<String, Size> sizes, double loadSeconds) {
        System.out.printf("%n## Storage per call (%s, schema %s..%s)%n%n", Instant.now(), applied.get(0), applied.get(applied.size() - 1));
        System.out.printf("%,d calls of %,d users (%,d projects) over %d days, loaded in %.0f s; %,d ModelCallStat rows"
                + " (%,d hour, %,d day) = %.3f rows per call%n%n", calls, loaded.users(), loaded.projects(), StorageData.DAYS,
                loadSeconds, loaded.hourRows() + loaded.dayRows(), loaded.hourRows(), loaded.dayRows(),
                (loaded.hourRows() + loaded.dayRows()) / (double) calls);
        System.out.println("| table / index | rows | heap MB | TOAST etc. MB | indexes MB | total MB | bytes per row | bytes per call |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, Size> e : sizes.entrySet()) {
            Size s = e.getValue();
            System.out.printf("| %s | %,d | %.1f | %.1f | %.1f | %.1f | %.0f | %.1f |%n", e.getKey(), s.rows(), mb(s.heap()), mb(s.toast()),
                    mb(s.indexes()), mb(s.total()), s.rows() == 0 ? 0.0 : s.total() / (double) s.rows(), s.total() / (double) calls);
            for (Map.Entry<String, Long> i : s.byIndex().entrySet()) {
                System.out.printf("| &nbsp;&nbsp;%s | | | | %.1f | | | %.1f |%n", i.getKey(), mb(i.getValue()), i.getValue() / (double) calls);
            }
        }
    }

    static double mb(long bytes) {
        return bytes / 1_048_576.0;
    }
}
