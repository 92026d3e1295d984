package io.aigne.usage.query.service;

/**
 * A project's calls in an inclusive range of callTime under a filter, in the call list's order:
 * the rows the list pages through, the export writes and the sample draws from.
 *
 * @param byDuration order by latency (desc), then time, then id, instead of time (desc), then id
 */
public record CallSelection(String userDid, String appDid, long start, long end, CallFilter filter, boolean byDuration) {

    /** ORDER BY terms, columns qualified by {@code alias} ("" for none). */
    String order(String alias) {
        String a = alias.isEmpty() ? "" : alias + ".";
        return byDuration ? a + "duration_ms DESC, " + a + "call_time DESC, " + a + "id DESC" : a + "call_time DESC, " + a + "id DESC";
    }
}
