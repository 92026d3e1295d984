package io.aigne.usage.query;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict RFC 4180 reader for the tests, written apart from the service's CsvWriter: rows end with
 * CRLF; a quoted field may hold commas, quotes (doubled), CR and LF; a bare CR or LF outside quotes,
 * a quote inside an unquoted field or a missing final CRLF is an error.
 */
final class Csv {
    private Csv() {
    }

    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        boolean fieldStart = true;
        boolean afterQuote = false;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (fieldStart && c == '"') {
                i++;
                while (true) {
                    if (i >= text.length()) {
                        throw new IllegalArgumentException("unterminated quoted field at row " + rows.size());
                    }
                    char q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.append(q);
                    i++;
                }
                fieldStart = false;
                afterQuote = true;
                continue;
            }
            if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                afterQuote = false;
                i++;
            } else if (c == '\r') {
                if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
                    throw new IllegalArgumentException("bare CR at row " + rows.size());
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                fieldStart = true;
                afterQuote = false;
                i += 2;
            } else if (c == '\n') {
                throw new IllegalArgumentException("bare LF at row " + rows.size());
            } else if (c == '"') {
                throw new IllegalArgumentException("quote inside an unquoted field at row " + rows.size());
            } else {
                if (afterQuote) {
                    throw new IllegalArgumentException("text after a closing quote at row " + rows.size());
                }
                field.append(c);
                fieldStart = false;
                i++;
            }
        }
        if (!row.isEmpty() || !field.isEmpty() || !fieldStart) {
            throw new IllegalArgumentException("the last row does not end with CRLF");
        }
        return rows;
    }

    /** What the export must write for a text value: spreadsheet formula starts get a leading '. */
    static String guarded(String text) {
        if (text == null) {
            return "";
        }
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }
}
