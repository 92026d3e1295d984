package io.aigne.usage.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory for a test or benchmark's PostgreSQL and broker, removed with everything in
 * it when they have stopped: left behind, every test JVM's data (up to gigabytes after a benchmark)
 * stayed in the temporary directory until the disk was full.
 */
public final class ThrowawayDirectory {
    private ThrowawayDirectory() {
    }

    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the directory tree; what cannot be deleted is left (best effort, at shutdown). */
    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a file vanished while walking, or the tree is unreadable: nothing more to do at shutdown
        }
    }
}
