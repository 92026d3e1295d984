// The first load's API calls start with the session check, not after the page's code has loaded
// (docs/web.md "First load"): App asks for what the page will ask first, and the page's identical
// request (same URL, within a few seconds) takes that answer instead of asking again. An answer
// usage-web already put into the page's HTML (firstAnswers.ts) is taken the same way, without asking.
const FRESH_MS = 10_000;

const pending = new Map<string, { answer: Promise<unknown>; at: number }>();
let recording = false;
/** The answers of the HTML offered to the requests being recorded, by URL. */
let offered: Map<string, unknown> | undefined;
/** The kept answers that have arrived, by their promise: what a page's first render can show at once (peekAnswer). */
const arrived = new WeakMap<Promise<unknown>, { value: unknown; at: number }>();
let peeking = false;
/** What a GET answers while peeking and no kept answer for its URL has arrived: nothing, ever (sent nowhere). */
const NOT_HERE: Promise<never> = new Promise(() => undefined);

/**
 * Runs `start` so that the GETs it makes are kept for the page to take; a GET whose URL is one of
 * `answers` (the HTML's, by URL) is answered by it instead of being sent.
 */
export function prefetching(start: () => void, answers?: Record<string, unknown>) {
  recording = true;
  offered = answers ? new Map(Object.entries(answers)) : undefined;
  try {
    start();
  } finally {
    recording = false;
    offered = undefined;
  }
}

/** While prefetching: the HTML's answer for this URL, once (apiFetch then sends nothing). */
export function offeredAnswer(url: string): { value: unknown } | undefined {
  if (!recording || !offered?.has(url)) return undefined;
  const value = offered.get(url);
  offered.delete(url);
  return { value };
}

/** Called by apiFetch for every GET it starts; `value`: the answer is already here (the HTML's). */
export function keep(url: string, answer: Promise<unknown>, value?: { value: unknown }) {
  if (!recording) return;
  if (value) arrived.set(answer, { value: value.value, at: Date.now() });
  // nobody may take it (the session ended, the page changed): never an unhandled rejection
  answer.then((v) => arrived.set(answer, { value: v, at: Date.now() }), () => undefined);
  pending.set(url, { answer, at: Date.now() });
}

/** Whether apiFetch is being run by peekAnswer: it then sends nothing and answers with {@link peeked}. */
export function isPeeking(): boolean {
  return peeking;
}

/** While peeking: the kept answer for this URL if it has arrived (left for the page's request to take), else NOT_HERE. */
export function peeked(url: string): Promise<unknown> {
  const hit = pending.get(url);
  return hit && arrived.has(hit.answer) && Date.now() - hit.at <= FRESH_MS ? hit.answer : NOT_HERE;
}

const firstRequests = new WeakSet<() => Promise<unknown>>();

/** Marks a page's first request (dashboardRequests, projectRequests): a GET through apiFetch that peekAnswer may run. */
export function firstRequest<T>(ask: () => Promise<T>): () => Promise<T> {
  firstRequests.add(ask);
  return ask;
}

/**
 * The answer `ask` would get at once from a first-load request that has already arrived (or that the
 * HTML brought), without sending anything: a section rendered after its answer arrived shows it in its
 * first render instead of a skeleton and a second render. Undefined when it has not arrived, or `ask` is
 * not one of the first requests (firstRequest; nothing is sent either way).
 */
export function peekAnswer<T>(ask: () => Promise<T>): { value: T; at: number } | undefined {
  if (!firstRequests.has(ask)) return undefined;
  peeking = true;
  let answer: Promise<T>;
  try {
    answer = ask();
  } catch {
    return undefined;
  } finally {
    peeking = false;
  }
  return arrived.get(answer) as { value: T; at: number } | undefined;
}

/** The prefetched answer for this URL, once. */
export function take<T>(url: string): Promise<T> | undefined {
  if (recording) return undefined;
  const hit = pending.get(url);
  if (!hit) return undefined;
  pending.delete(url);
  return Date.now() - hit.at <= FRESH_MS ? (hit.answer as Promise<T>) : undefined;
}
