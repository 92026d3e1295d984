package io.aigne.usage.support;

import java.util.List;

/**
 * Applies a batch so that no single item can stop it: when applying fails for a data reason
 * ({@link DataFailures}), the batch is split in halves, each applied on its own, until the item
 * that fails alone is found and handed to {@code setAside}; everything around it is applied.
 * Any other failure (the database or the broker unavailable) propagates, for the caller to retry.
 * Used by every consumer of ModelCall events (the aggregator and the ledger).
 */
public final class DataIsolation {
    private DataIsolation() {
    }

    /** Applies a part of the batch in one transaction. */
    @FunctionalInterface
    public interface Apply<T> {
        void apply(List<T> part) throws Exception;
    }

    /** Deals with the one item the data failure {@code cause} belongs to (e.g. dead-letters it). */
    @FunctionalInterface
    public interface SetAside<T> {
        void setAside(T item, Throwable cause) throws Exception;
    }

    /** @param items in the order they must be applied (halves keep it) */
    public static <T> void apply(List<T> items, Apply<T> apply, SetAside<T> setAside) throws Exception {
        try {
            apply.apply(items);
        } catch (Exception e) {
            Throwable cause = DataFailures.dataCause(e);
            if (cause == null || items.isEmpty()) {
                throw e;
            }
            if (items.size() == 1) {
                setAside.setAside(items.get(0), cause);
                return;
            }
            int half = items.size() / 2;
            apply(items.subList(0, half), apply, setAside);
            apply(items.subList(half, items.size()), apply, setAside);
        }
    }
}
