package io.aigne.usage.query.rest;

import io.aigne.usage.query.rest.UsageAnswers.ProjectSummary;
import io.aigne.usage.support.CsvWriter;
import java.io.IOException;

/** One project as a CSV row of the project export: the fields and values of the project list's items. */
final class ProjectCsv {
    static final String[] COLUMNS = {"appDid", "name", "totalCalls", "totalTokens", "totalCredits", "successRate", "lastCallTime"};

    private ProjectCsv() {
    }

    static void header(CsvWriter csv) throws IOException {
        csv.row(COLUMNS);
    }

    static void row(CsvWriter csv, ProjectSummary p) throws IOException {
        csv.text(p.appDid()).text(p.name()).number(p.totalCalls()).number(p.totalTokens()).number(p.totalCredits())
                .number(p.successRate()).number(p.lastCallTime()).endRow();
    }
}
