package io.aigne.usage.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the Citus setup SQL (deploy/k8s/overlays/citus/citus-setup.sql) decides for each table, and
 * which tables the services' migrations create. The manifest test compares the two; the SQL routing
 * check reads the distribution columns from here.
 */
record CitusLayout(Map<String, String> distributedBy, Map<String, String> colocatedWith, Set<String> reference, Set<String> local) {
    static final Path SETUP = Path.of("deploy/k8s/overlays/citus/citus-setup.sql");
    /** The services' Flyway locations and history tables (application.properties: quarkus.flyway.*). */
    static final Map<String, String> MIGRATIONS = Map.of(
            "usage-schema/src/main/resources/db/migration", "flyway_schema_history",
            "quota-gateway-service/src/main/resources/db/quota", "quota_flyway_history",
            "usage-web/src/main/resources/db/web", "web_flyway_history",
            "usage-alerts-service/src/main/resources/db/alerts", "alerts_flyway_history");

    private static final Pattern DISTRIBUTED = Pattern.compile(
            "create_distributed_table\\('(\\w+)',\\s*'(\\w+)'(?:,\\s*colocate_with\\s*=>\\s*'(\\w+)')?");
    private static final Pattern REFERENCE = Pattern.compile("create_reference_table\\('(\\w+)'\\)");
    private static final Pattern LOCAL = Pattern.compile("(?i)COMMENT ON TABLE (\\w+) IS 'citus: local on the coordinator");
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");
    private static final Pattern CREATE = Pattern.compile("(?i)\\bCREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_][a-z0-9_]*)");
    private static final Pattern RENAME = Pattern.compile("(?i)\\bALTER\\s+TABLE\\s+([a-z_][a-z0-9_]*)\\s+RENAME\\s+TO\\s+([a-z_][a-z0-9_]*)");
    private static final Pattern DROP = Pattern.compile("(?i)\\bDROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?([a-z_][a-z0-9_]*)");

    static CitusLayout read(Path repo) throws IOException {
        return parse(Files.readString(repo.resolve(SETUP)));
    }

    static CitusLayout parse(String sql) {
        String code = sql.replaceAll("--[^\\n]*", ""); // comments name tables too
        Map<String, String> by = new LinkedHashMap<>();
        Map<String, String> with = new LinkedHashMap<>();
        Matcher d = DISTRIBUTED.matcher(code);
        while (d.find()) {
            by.put(d.group(1), d.group(2));
            with.put(d.group(1), d.group(3) == null ? "default" : d.group(3));
        }
        Set<String> reference = new LinkedHashSet<>();
        REFERENCE.matcher(code).results().forEach(m -> reference.add(m.group(1)));
        Set<String> local = new LinkedHashSet<>();
        LOCAL.matcher(code).results().forEach(m -> local.add(m.group(1)));
        return new CitusLayout(by, with, reference, local);
    }

    /** Every table that exists after all migrations ran: created, renamed and dropped in version order; plus the history tables. */
    static Set<String> migratedTables(Path repo) throws IOException {
        Set<String> tables = new LinkedHashSet<>();
        for (Map.Entry<String, String> location : MIGRATIONS.entrySet()) {
            List<Path> files;
            try (Stream<Path> list = Files.list(repo.resolve(location.getKey()))) {
                files = list.filter(p -> VERSION.matcher(p.getFileName().toString()).matches())
                        .sorted(Comparator.comparingInt(CitusLayout::version)).toList();
            }
            for (Path f : files) {
                tables = apply(tables, Files.readString(f));
            }
            tables.add(location.getValue());
        }
        return tables;
    }

    /** One migration's effect on the set of tables, statement by statement in text order. */
    static Set<String> apply(Set<String> before, String migration) {
        Set<String> tables = new LinkedHashSet<>(before);
        String code = migration.replaceAll("--[^\\n]*", "");
        Matcher any = Pattern.compile(CREATE.pattern() + "|" + RENAME.pattern() + "|" + DROP.pattern()).matcher(code);
        while (any.find()) {
            if (any.group(1) != null) {
                tables.add(any.group(1).toLowerCase());
            } else if (any.group(2) != null) {
                tables.remove(any.group(2).toLowerCase());
                tables.add(any.group(3).toLowerCase());
            } else {
                tables.remove(any.group(4).toLowerCase());
            }
        }
        return tables;
    }

    private static int version(Path p) {
        Matcher m = VERSION.matcher(p.getFileName().toString());
        m.matches();
        return Integer.parseInt(m.group(1));
    }

    /** Every table the setup SQL decides about, with how many decisions each has. */
    Map<String, Integer> decisions() {
        Map<String, Integer> count = new LinkedHashMap<>();
        Stream.of(distributedBy.keySet(), reference, local).flatMap(Set::stream).forEach(t -> count.merge(t, 1, Integer::sum));
        return count;
    }
}
