// The first load's API calls start with the session check, not after the page's code has loaded
// (docs/web.md "First load"): App asks for what the page will ask first, and the page's identical
// request (same URL, within a few seconds) takes that answer instead of asking again.
const FRESH_MS = 10_000;

const pending = new Map<string, { answer: Promise<unknown>; at: number }>();
let recording = false;

/** Runs `start` so that the GETs it makes are kept for the page to take. */
export function prefetching(start: () => void) {
  recording = true;
  try {
    start();
  } finally {
    recording = false;
  }
}

/** Called by apiFetch for every GET it starts. */
export function keep(url: string, answer: Promise<unknown>) {
  if (!recording) return;
  // nobody may take it (the session ended, the page changed): never an unhandled rejection
  answer.catch(() => undefined);
  pending.set(url, { answer, at: Date.now() });
}

/** The prefetched answer for this URL, once. */
export function take<T>(url: string): Promise<T> | undefined {
  if (recording) return undefined;
  const hit = pending.get(url);
  if (!hit) return undefined;
  pending.delete(url);
  return Date.now() - hit.at <= FRESH_MS ? (hit.answer as Promise<T>) : undefined;
}
