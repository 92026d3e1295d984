package io.aigne.usage.query.rest;

import io.aigne.usage.support.CsvWriter;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A CSV answer as a download: {@code text/csv; charset=utf-8} (UTF-8 without BOM), a file name
 * that is safe in any file system and header, the row count in {@code X-Total-Count}, and a body
 * written while it is sent.
 */
final class CsvDownload {
    static final String TEXT_CSV = "text/csv";
    static final String CONTENT_TYPE = "text/csv; charset=utf-8";
    static final String TOTAL_COUNT = "X-Total-Count";
    private static final int BUFFER = 64 * 1024;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    /** Writes the rows (the header row included) to the CSV writer. */
    @FunctionalInterface
    interface Body {
        void write(CsvWriter csv) throws IOException;
    }

    private CsvDownload() {
    }

    static Response of(String fileName, long count, Body body) {
        StreamingOutput stream = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
            body.write(new CsvWriter(writer));
            writer.flush();
        };
        return Response.ok(stream, CONTENT_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .header(TOTAL_COUNT, Long.toString(count))
                // personal usage data: no shared cache keeps a copy
                .header("Cache-Control", "no-store")
                .build();
    }

    /** {@code <prefix>[-<name>]-<yyyyMMdd of today, UTC>.csv}, the name reduced to {@code [A-Za-z0-9._-]}. */
    static String fileName(String prefix, String name, Clock clock) {
        String day = LocalDate.now(clock.withZone(ZoneOffset.UTC)).format(DAY);
        return prefix + (name == null ? "" : "-" + safe(name)) + "-" + day + ".csv";
    }

    /** Every other character (':' of a DID, quotes, slashes, non-ASCII) becomes '_'; at most 100 characters. */
    static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.length() > 100 ? s.substring(0, 100) : s;
    }
}
