package io.aigne.usage.query.service;

/**
 * One page of a project's calls. {@code model} and {@code status} are optional exact filters.
 *
 * @param byDuration order by latency (desc) instead of time (desc)
 */
public record CallListQuery(String userDid, String appDid, long start, long end, String model, String status,
        boolean byDuration, int limit, long offset) {
}
