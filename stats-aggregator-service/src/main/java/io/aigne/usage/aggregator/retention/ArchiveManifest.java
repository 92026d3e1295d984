package io.aigne.usage.aggregator.retention;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code manifest.json} of an archive directory: one entry per month file (name, month, calls,
 * SHA-256, size, when). Rewritten whole through a temporary file and a rename, so a reader never
 * sees half of it; a month archived again (after a restore) replaces its entry.
 */
@ApplicationScoped
public class ArchiveManifest {
    public static final String FILE = "manifest.json";
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public record Entry(String file, String month, long monthStart, long monthEnd, long calls, String sha256, long bytes,
            String archivedAt) {
    }

    public record Manifest(List<Entry> archives) {
    }

    public synchronized List<Entry> read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<Manifest>() {
            }).archives();
        } catch (IOException e) {
            throw new IllegalStateException("unreadable " + file + ": " + e.getMessage(), e);
        }
    }

    synchronized void record(Path dir, Entry entry) throws IOException {
        List<Entry> entries = new ArrayList<>(read(dir));
        entries.removeIf(e -> e.file().equals(entry.file()));
        entries.add(entry);
        entries.sort(Comparator.comparingLong(Entry::monthStart));
        Path tmp = dir.resolve("." + FILE + ".tmp");
        JSON.writeValue(tmp.toFile(), new Manifest(entries));
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
