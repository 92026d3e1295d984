package io.aigne.usage.aggregator.retention;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigne.usage.aggregator.storage.CallPartitions;
import io.aigne.usage.events.CallStatus;
import io.aigne.usage.events.CallType;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.events.ModelCallJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The archive of one expired month of calls: {@code model-calls-YYYY-MM.ndjson.gz}, one ModelCall
 * event per line in the format of docs/contracts.md §1 (what a producer sent, so a restore goes
 * through the normal ingest path), a {@code .sha256} file beside it ({@code sha256sum -c} checks
 * it) and an entry in {@code manifest.json} ({@link ArchiveManifest}). A file counts only once it
 * was written completely, synced, read back with the same number of calls and renamed into place.
 */
@ApplicationScoped
public class CallArchive {
    static final String COLUMNS = "id, user_did, app_did, model, provider_id, type, status, duration_ms, total_usage, credits,"
            + " call_time, error_reason, usage_metrics, metadata, request_id, trace_id";

    /** The events' own serde, writing credits as plain decimals (2E-8 would be exact too, but not readable). */
    private static final ObjectMapper EVENTS = ModelCallJson.MAPPER.copy().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    @Inject
    RetentionConfig config;

    @Inject
    ArchiveManifest manifest;

    public static String fileName(long monthStart) {
        return "model-calls-" + month(monthStart) + ".ndjson.gz";
    }

    /** "YYYY-MM" of a UTC month start. */
    public static String month(long monthStart) {
        return Instant.ofEpochSecond(monthStart).atZone(ZoneOffset.UTC).toLocalDate().toString().substring(0, 7);
    }

    public Path directory() {
        return Path.of(config.archiveDir());
    }

    /**
     * Writes every call of one month partition (read on {@code c}, inside a transaction so the rows
     * stream by cursor) and records the archive in the manifest.
     */
    public ArchiveManifest.Entry write(Connection c, String partition, long monthStart, long monthEnd) throws SQLException {
        Path dir = directory();
        String name = fileName(monthStart);
        Path tmp = dir.resolve("." + name + ".tmp");
        long calls = 0;
        try {
            Files.createDirectories(dir);
            try (OutputStream file = Files.newOutputStream(tmp);
                    Writer out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(file, 1 << 16), StandardCharsets.UTF_8));
                    PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM " + quote(partition))) {
                ps.setFetchSize(5_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.write(EVENTS.writeValueAsString(ModelCallJson.toNode(call(rs))));
                        out.write('\n');
                        calls++;
                    }
                }
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Verified read = verify(tmp);
            if (read.calls() != calls) {
                throw new IOException(name + ": wrote " + calls + " calls but read back " + read.calls());
            }
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve(name + ".sha256"), read.sha256() + "  " + name + "\n");
            ArchiveManifest.Entry entry = new ArchiveManifest.Entry(name, month(monthStart), monthStart, monthEnd, calls,
                    read.sha256(), Files.size(dir.resolve(name)), Instant.now().toString());
            manifest.record(dir, entry);
            return entry;
        } catch (IOException e) {
            throw new UncheckedIOException("could not archive " + partition + " to " + dir, e);
        }
    }

    /** What a file holds: its SHA-256 and its number of valid event lines (a bad line fails). */
    public record Verified(String sha256, long calls) {
    }

    public static Verified verify(Path file) throws IOException {
        return verify(file, (number, line) -> {
        });
    }

    /** Sees each non-empty line with its line number (from 1, empty lines counted) while the file is verified. */
    public interface LineVisitor {
        void line(long number, String line);
    }

    /** {@link #verify(Path)}, showing each event line to {@code visitor} in the same single read. */
    public static Verified verify(Path file, LineVisitor visitor) throws IOException {
        MessageDigest sha = sha256();
        long calls = 0;
        long number = 0;
        try (InputStream raw = new DigestInputStream(Files.newInputStream(file), sha);
                BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw, 1 << 16), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                number++;
                if (!line.isEmpty()) {
                    calls++;
                    visitor.line(number, line);
                }
            }
            raw.transferTo(OutputStream.nullOutputStream()); // the gzip trailer counts too
        }
        return new Verified(HexFormat.of().formatHex(sha.digest()), calls);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ModelCall call(ResultSet rs) throws SQLException {
        return new ModelCall(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                CallType.valueOf(rs.getString(6)), CallStatus.valueOf(rs.getString(7)), rs.getDouble(8), rs.getLong(9),
                rs.getBigDecimal(10).stripTrailingZeros(), rs.getLong(11), rs.getString(12), json(rs.getString(13)),
                json(rs.getString(14)), rs.getString(15), rs.getString(16), 1);
    }

    private static ObjectNode json(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        try {
            return (ObjectNode) ModelCallJson.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new SQLException("stored JSON unreadable: " + e.getMessage(), e);
        }
    }

    private static String quote(String identifier) {
        if (CallPartitions.monthOfPartition(identifier) == CallPartitions.NOT_A_MONTH) {
            throw new IllegalArgumentException("not a month partition: " + identifier);
        }
        return identifier;
    }
}
