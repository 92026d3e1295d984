package io.aigne.usage.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used by each part of the system between two snapshots, from Linux's /proc (user +
 * system ticks of every process, grouped by what it runs). Less sensitive to the machine's other
 * load than a rate: it says what an event costs, not how long it waited.
 */
final class CpuMeter {
    /** Clock ticks per second of /proc/[pid]/stat (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;
    private static final String[] PARTS = {"aggregator", "PostgreSQL", "broker", "load generator"};

    /** A process's CPU ticks so far and the part it belongs to (an index into {@link #PARTS}). */
    private record Sample(long ticks, int part) {
    }

    private final Map<Long, Sample> start = read();

    /** CPU seconds per part since this meter was made; processes that ended meanwhile are not counted. */
    Map<String, Double> seconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String p : PARTS) {
            out.put(p, 0.0);
        }
        read().forEach((pid, now) -> {
            Sample before = start.get(pid);
            long used = now.ticks() - (before == null ? 0 : before.ticks());
            out.merge(PARTS[now.part()], used / TICKS, Double::sum);
        });
        return out;
    }

    /** All parts' CPU seconds together. */
    static double total(Map<String, Double> seconds) {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The processes that belong to a part, by pid. */
    private static Map<Long, Sample> read() {
        Map<Long, Sample> out = new LinkedHashMap<>();
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                try {
                    long pid = Long.parseLong(p.getFileName().toString());
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    int part = pid == self ? 3 : cmd.contains("stats-aggregator-service") ? 0
                            : cmd.startsWith("postgres") || cmd.contains("/bin/postgres") ? 1 : cmd.contains("kafka.Kafka") ? 2 : -1;
                    if (part >= 0) {
                        String stat = Files.readString(p.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        out.put(pid, new Sample(Long.parseLong(f[11]) + Long.parseLong(f[12]), part)); // utime, stime
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we read it
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("CPU times need Linux' /proc", e);
        }
        return out;
    }
}
