package io.aigne.usage.aggregator.retention;

import io.agroal.api.AgroalDataSource;
import io.aigne.usage.aggregator.messaging.ModelCallPublisher;
import io.aigne.usage.aggregator.service.StatsStore;
import io.aigne.usage.aggregator.storage.CallPartitions;
import io.aigne.usage.events.ModelCall;
import io.aigne.usage.stats.DataHorizons;
import io.aigne.usage.events.ModelCallJson;
import io.aigne.usage.events.ValidationResult;
import io.aigne.usage.support.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Brings one month archive back: checks its SHA-256 against the one the caller read from the
 * manifest, checks every line is a valid event of one UTC month, opens that month again (the
 * raw-call horizon moves back to its start, and the month is held so retention leaves it alone for
 * a while), then sends the calls through the normal path — the topic and the consumer — marked as
 * restored: they return to the call list but were counted in statistics and credits long ago.
 * The consumer's identity rules make a second restore of the same file change nothing.
 */
@ApplicationScoped
public class ArchiveRestore {
    private static final int BATCH = 1_000;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    StatsStore stats;

    @Inject
    ModelCallPublisher publisher;

    @Inject
    Clock clock;

    public record Result(String month, long calls, long rawCallsFrom, Instant heldUntil) {
    }

    @Inject
    CallArchive archive;

    @Inject
    ArchiveManifest manifest;

    /**
     * Restores {@code name}, a file of the archive directory, checked against its manifest entry
     * (or, for a file copied in from elsewhere, its {@code .sha256} file).
     */
    public Result restore(String name, Duration hold) {
        if (!name.matches("model-calls-\\d{4}-\\d{2}\\.ndjson\\.gz")) {
            throw ProblemException.badRequest("file must name a month archive like model-calls-2025-01.ndjson.gz.");
        }
        Path dir = archive.directory();
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw ProblemException.notFound("No archive " + name + " in the archive directory.");
        }
        return restore(file, expectedSha256(dir, name), hold);
    }

    private String expectedSha256(Path dir, String name) {
        for (ArchiveManifest.Entry e : manifest.read(dir)) {
            if (e.file().equals(name)) {
                return e.sha256();
            }
        }
        Path sidecar = dir.resolve(name + ".sha256");
        try {
            if (Files.isRegularFile(sidecar)) {
                return Files.readString(sidecar).trim().split("\\s+")[0];
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new ProblemException(Response.Status.CONFLICT, name + " has neither a manifest entry nor a .sha256 file:"
                + " its integrity cannot be checked.");
    }

    Result restore(Path file, String expectedSha256, Duration hold) {
        try {
            OneMonth check = new OneMonth();
            CallArchive.Verified verified = CallArchive.verify(file, check); // checksum and lines in one read
            if (!verified.sha256().equalsIgnoreCase(expectedSha256)) {
                throw ProblemException.badRequest("The archive's SHA-256 is " + verified.sha256() + ", not " + expectedSha256
                        + " as its manifest says: the file is damaged or not the one meant.");
            }
            long month = check.month();
            long end = CallPartitions.nextMonth(month);
            Instant heldUntil = clock.instant().plus(hold);
            long rawFrom = QuarkusTransaction.requiringNew().call(() -> reopen(month, end, heldUntil));
            long calls = send(file);
            return new Result(CallArchive.month(month), calls, rawFrom, heldUntil);
        } catch (ZipException e) {
            throw ProblemException.badRequest("The archive is not gzip: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The one UTC month all lines belong to, learnt while the file is verified; the first invalid
     * line or call of a second month is kept and told (a 400) only once the checksum matched, so a
     * damaged file is reported as damaged.
     */
    private static final class OneMonth implements CallArchive.LineVisitor {
        private Long month;
        private ProblemException problem;

        @Override
        public void line(long number, String text) {
            if (problem != null) {
                return;
            }
            try {
                long m = CallPartitions.monthOf(parse(text, number).callTime());
                if (month == null) {
                    month = m;
                } else if (month != m) {
                    problem = ProblemException.badRequest("Line " + number + " is a call of " + CallArchive.month(m)
                            + ", the archive's first call of " + CallArchive.month(month) + ": an archive holds one month.");
                }
            } catch (ProblemException invalid) {
                problem = invalid;
            }
        }

        long month() {
            if (problem != null) {
                throw problem;
            }
            if (month == null) {
                throw ProblemException.badRequest("The archive holds no calls.");
            }
            return month;
        }
    }

    /**
     * Moves the raw-call horizon back to the month's start when the month lies right below it
     * (months return newest first, so the kept calls stay one span), and holds the month.
     */
    private long reopen(long month, long end, Instant heldUntil) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            stats.lockExclusive(c);
            long rawFrom = DataHorizons.read(c).rawCallsFrom();
            if (rawFrom > month) {
                if (rawFrom != end) {
                    throw new ProblemException(Response.Status.CONFLICT, "Calls are kept from " + CallArchive.month(rawFrom)
                            + " on: restore " + CallArchive.month(CallPartitions.previousMonth(rawFrom)) + " before "
                            + CallArchive.month(month) + " (months come back newest first).");
                }
                RetentionJob.moveHorizon(c, "raw", month);
                rawFrom = month;
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO archive_restores (month_start, held_until) VALUES (?, ?)
                    ON CONFLICT (month_start) DO UPDATE SET held_until = GREATEST(archive_restores.held_until, EXCLUDED.held_until),
                        restored_at = now()""")) {
                ps.setLong(1, month);
                ps.setTimestamp(2, Timestamp.from(heldUntil));
                ps.executeUpdate();
            }
            return rawFrom;
        }
    }

    private long send(Path file) throws IOException {
        long sent = 0;
        List<ModelCall> batch = new ArrayList<>(BATCH);
        try (BufferedReader in = reader(file)) {
            String text;
            long line = 0;
            while ((text = in.readLine()) != null) {
                line++;
                if (!text.isEmpty()) {
                    batch.add(parse(text, line));
                }
                if (batch.size() == BATCH) {
                    publisher.publishRestored(batch);
                    sent += batch.size();
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            publisher.publishRestored(batch);
            sent += batch.size();
        }
        return sent;
    }

    private static ModelCall parse(String text, long line) {
        ValidationResult result = ModelCallJson.parse(text);
        if (result instanceof ValidationResult.Valid v) {
            return v.call();
        }
        throw ProblemException.badRequest("Line " + line + " is not a valid event: " + ((ValidationResult.Invalid) result).reason());
    }

    private static BufferedReader reader(Path file) throws IOException {
        InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
