export interface Logger {
  warn(message: string): void;
}

/**
 * At most one line per kind of message every `intervalMs`, with the number suppressed in between:
 * an endpoint that is down for an hour, or a caller reporting garbage in a loop, must not flood the log.
 */
export function rateLimited(target: Logger, intervalMs = 10_000, now: () => number = Date.now) {
  const last = new Map<string, { at: number; suppressed: number }>();
  return (kind: string, message: string): void => {
    try {
      const entry = last.get(kind);
      const t = now();
      if (entry && t - entry.at < intervalMs) {
        entry.suppressed++;
        return;
      }
      const suffix = entry?.suppressed ? ` (${entry.suppressed} similar messages suppressed)` : '';
      last.set(kind, { at: t, suppressed: 0 });
      target.warn(`[usage-reporter] ${message}${suffix}`);
    } catch {
      // a logger must not break reporting
    }
  };
}
