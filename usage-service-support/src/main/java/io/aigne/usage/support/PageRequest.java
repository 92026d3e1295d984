package io.aigne.usage.support;

/** {@code page} ≥ 1 (default 1), {@code pageSize} 1–100 (default 20), per docs/contracts.md §4. */
public record PageRequest(int page, int pageSize) {
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    public static PageRequest parse(String page, String pageSize) {
        return new PageRequest(Params.intInRange("page", page, 1, 1, Integer.MAX_VALUE),
                Params.intInRange("pageSize", pageSize, DEFAULT_SIZE, 1, MAX_SIZE));
    }

    public long offset() {
        return (long) (page - 1) * pageSize;
    }
}
