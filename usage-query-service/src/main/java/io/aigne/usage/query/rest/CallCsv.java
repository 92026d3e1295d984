package io.aigne.usage.query.rest;

import io.aigne.usage.query.service.CallRow;
import io.aigne.usage.support.Credits;
import io.aigne.usage.support.CsvWriter;
import java.io.IOException;
import java.time.Instant;

/** One call as a CSV row of the call export: the values the call list answers, plus callTime in ISO-8601 (UTC). */
final class CallCsv {
    static final String[] COLUMNS = {"id", "callTime", "callTimeIso", "model", "type", "status", "durationMs", "totalUsage",
            "credits", "requestId", "traceId", "errorReason"};

    private CallCsv() {
    }

    static void header(CsvWriter csv) throws IOException {
        csv.row(COLUMNS);
    }

    static void row(CsvWriter csv, CallRow r) throws IOException {
        csv.text(r.id()).number(r.callTime()).text(Instant.ofEpochSecond(r.callTime()).toString())
                .text(r.model()).text(r.type()).text(r.status())
                // duration and credits exactly as the list's JSON: a double, and credits rounded to 6 decimals
                .number(r.durationMs()).number(r.totalUsage()).number(Credits.forApi(r.credits()))
                .text(r.requestId()).text(r.traceId()).text(r.errorReason())
                .endRow();
    }
}
