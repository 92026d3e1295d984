// The first answers usage-web puts into the HTML of the Dashboard and Project Detail for the signed-in
// user (docs/web.md "First load"; FirstAnswers.java): the page's first requests, asked by the server
// while it served the page, at the instant `at`, in the zone `tz` the pages keep in a cookie.
import { browserTimeZone } from '../lib/range';

export type FirstAnswers = { at: number; tz: string; answers: Record<string, unknown> };

export const FIRST_ANSWERS_ID = 'usage-first-answers';
/** The cookie that tells usage-web the browser's time zone, so it can resolve the page's range as the page will. */
export const TZ_COOKIE = 'usage_tz';
/** The server's instant and this browser's clock may differ by this much; more, and the answers are not used. */
export const MAX_CLOCK_SKEW_MS = 3_000;

/** Keeps the browser's time zone in a cookie for the next page usage-web serves (a year; no secret in it). */
export function rememberTimeZone(doc: Document = document, tz: string = browserTimeZone()) {
  const secure = doc.location?.protocol === 'https:' ? '; Secure' : '';
  doc.cookie = `${TZ_COOKIE}=${encodeURIComponent(tz)}; Path=/; Max-Age=31536000; SameSite=Lax${secure}`;
}

/**
 * The answers of the page's HTML, once (the element is removed): undefined when there are none, they
 * cannot be read, they were resolved in another time zone, or the server's instant is too far from
 * this clock's — the page then asks for everything itself, as without them.
 */
export function takeFirstAnswers(doc: Document = document, now: number = Date.now(), tz: string = browserTimeZone()): FirstAnswers | undefined {
  const element = doc.getElementById(FIRST_ANSWERS_ID);
  if (!element) return undefined;
  element.remove();
  try {
    const parsed = JSON.parse(element.textContent ?? '') as Partial<FirstAnswers> | null;
    if (!parsed || typeof parsed.at !== 'number' || parsed.tz !== tz || typeof parsed.answers !== 'object' || parsed.answers === null) return undefined;
    if (Math.abs(now - parsed.at * 1000) > MAX_CLOCK_SKEW_MS) return undefined;
    return { at: parsed.at, tz: parsed.tz, answers: parsed.answers };
  } catch {
    return undefined;
  }
}
