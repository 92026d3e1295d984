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
    private final Map<Long, Long> startJit = threadTicks(CpuMeter::isJitThread);
    private final Map<Long, Long> startVm = threadTicks(CpuMeter::isVmThread);

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

    /**
     * Of the aggregator's seconds: its JIT compiler threads and its VM thread (the serial
     * collector's collections and other safepoint work) — a JVM still compiling its hot paths, or
     * collecting often, costs CPU that is not the events' processing.
     */
    double aggregatorJitSeconds() {
        return since(startJit, threadTicks(CpuMeter::isJitThread));
    }

    double aggregatorVmThreadSeconds() {
        return since(startVm, threadTicks(CpuMeter::isVmThread));
    }

    private static double since(Map<Long, Long> before, Map<Long, Long> now) {
        long used = 0;
        for (Map.Entry<Long, Long> e : now.entrySet()) {
            used += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return used / TICKS;
    }

    private static boolean isJitThread(String name) {
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    private static boolean isVmThread(String name) {
        return name.equals("VM Thread");
    }

    /** CPU ticks of the aggregators' threads whose name matches, by thread id. */
    private static Map<Long, Long> threadTicks(java.util.function.Predicate<String> name) {
        Map<Long, Long> out = new LinkedHashMap<>();
        read().forEach((pid, sample) -> {
            if (sample.part() != 0) {
                return;
            }
            try (Stream<Path> tasks = Files.list(Path.of("/proc", pid.toString(), "task"))) {
                tasks.forEach(t -> {
                    try {
                        String stat = Files.readString(t.resolve("stat"));
                        String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                        if (name.test(comm)) {
                            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            out.put(Long.parseLong(t.getFileName().toString()), Long.parseLong(f[11]) + Long.parseLong(f[12]));
                        }
                    } catch (IOException | RuntimeException e) {
                        // the thread ended while we read it
                    }
                });
            } catch (IOException e) {
                // the process ended
            }
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
