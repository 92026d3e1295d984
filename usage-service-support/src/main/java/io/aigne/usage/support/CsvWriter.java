package io.aigne.usage.support;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;

/**
 * Writes CSV row by row (RFC 4180): fields separated by commas, rows ended by CRLF, a field holding
 * a comma, a double quote, CR or LF enclosed in double quotes with inner quotes doubled; null is an
 * empty field. Nothing is buffered here beyond the given writer, so exports of any size stream.
 *
 * <p>Formula injection: spreadsheet programs run a cell starting with {@code = + - @}, tab or CR as a
 * formula, so a caller-controlled text such as an error reason could run one on the reader's
 * machine. {@link #text} therefore prefixes such a text with {@code '} (OWASP's advice); numbers
 * ({@link #number}) are ours and written unchanged, so a negative number stays a number.
 */
public final class CsvWriter {
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private final Writer out;
    private boolean rowStarted;

    public CsvWriter(Writer out) {
        this.out = out;
    }

    /** A text field: guarded against formulas, quoted when needed. */
    public CsvWriter text(String value) throws IOException {
        separate();
        if (value != null) {
            String guarded = !value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
            out.write(quoted(guarded));
        }
        return this;
    }

    /**
     * A number as the JSON answers write it: decimals plain (never 1E-7), other numbers by their
     * {@code toString} (what Jackson writes for longs and doubles). Null is an empty field.
     */
    public CsvWriter number(Number value) throws IOException {
        separate();
        if (value != null) {
            out.write(value instanceof BigDecimal d ? d.toPlainString() : value.toString());
        }
        return this;
    }

    /** Ends the row with CRLF. */
    public void endRow() throws IOException {
        out.write("\r\n");
        rowStarted = false;
    }

    /** Writes a whole row of text fields, e.g. the header. */
    public void row(String... fields) throws IOException {
        for (String f : fields) {
            text(f);
        }
        endRow();
    }

    public void flush() throws IOException {
        out.flush();
    }

    private void separate() throws IOException {
        if (rowStarted) {
            out.write(',');
        }
        rowStarted = true;
    }

    /** RFC 4180 §2.6-2.7: enclose in quotes when the field holds a separator, a quote or a line break. */
    static String quoted(String field) {
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                return '"' + field.replace("\"", "\"\"") + '"';
            }
        }
        return field;
    }
}
