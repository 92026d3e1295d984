// Display formats: one rule per kind of number, used by cards, tables, axes and tooltips alike
// (docs/web.md "Numbers on the pages"). Numbers arrive exact from the API (credits rounded to 6
// decimals); these only decide how many digits a person sees.
export type Lang = 'en' | 'zh';

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-US');

// Building an Intl.NumberFormat costs far more than formatting with one, and the pages format
// thousands of numbers (cards, rows, their tooltips): one per language and options, kept.
const numberFormats = new Map<string, Intl.NumberFormat>();

/** The Intl.NumberFormat of this language and these options, made once. */
export function numberFormat(lang: Lang, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${lang} ${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale(lang), options);
    numberFormats.set(key, format);
  }
  return format;
}

/** An exact count, grouped: 5,318 — tables, tooltips, details. */
export function formatInteger(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '–';
  return numberFormat(lang, { maximumFractionDigits: 0 }).format(value);
}

/**
 * Counts on cards, key figures and axes: below 1,000 as they are (grouped); from 1,000 compact
 * with at most three significant digits — 5.32K, 15.9K, 18.8M in English; Chinese compacts from
 * 10,000 in 万 / 亿 (1.59万), below that the grouped count. The exact count is in the card's tooltip.
 */
export function formatCompact(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '–';
  if (Math.abs(value) < 1000) return numberFormat(lang, { maximumFractionDigits: 2 }).format(value);
  const compact = numberFormat(lang, { notation: 'compact', maximumSignificantDigits: 3 }).format(value);
  // a language that compacts later (Chinese: from 万) gives digits only: show them grouped
  return /^[+−-]?[\d.,]+$/.test(compact) ? formatInteger(value, lang) : compact;
}

/**
 * Credits, everywhere (cards, tables, history, chart labels): from 1 credit up grouped with
 * exactly two decimals (5,318.42; 1.50); below 1 credit exactly two significant digits, so a
 * single call's cost stays visible (0.50, 0.42, 0.0042, 0.00012; at most six decimals, like the
 * API); zero is 0.00. Credits are never compacted. {@link formatCreditsExact} gives every digit.
 */
export function formatCredits(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '–';
  const rounded = Math.round(value * 1e6) / 1e6;
  const abs = Math.abs(rounded);
  if (abs === 0 || abs >= 0.995) {
    return numberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(rounded);
  }
  // two significant digits would need a seventh decimal below 0.00001
  const opts: Intl.NumberFormatOptions = abs < 0.00001 ? { maximumFractionDigits: 6 } : { minimumSignificantDigits: 2, maximumSignificantDigits: 2 };
  return numberFormat(lang, opts).format(rounded);
}

/** Every digit the API sent (at most six decimals), grouped: tooltips, expanded rows. */
export function formatCreditsExact(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '–';
  return numberFormat(lang, { maximumFractionDigits: 6 }).format(value);
}

/** Signed credits for the history: +50.00, −0.0042. */
export function formatSignedCredits(value: number, lang: Lang): string {
  const sign = value > 0 ? '+' : value < 0 ? '−' : '';
  return sign + formatCredits(Math.abs(value), lang);
}

/** A fraction in [0,1] as a percentage with one decimal; null (no calls) as a dash. */
export function formatRate(rate: number | null | undefined, lang: Lang): string {
  if (rate === null || rate === undefined) return '–';
  return numberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/**
 * Durations, everywhere (cards, axes, tooltips, the call list): below one second whole
 * milliseconds (850 ms); from one second seconds with three significant digits (2.61 s, 12.3 s,
 * 125 s).
 */
export function formatDuration(ms: number | null | undefined, lang: Lang): string {
  if (ms === null || ms === undefined) return '–';
  if (Math.round(ms) < 1000) return `${formatInteger(Math.round(ms), lang)} ms`;
  return `${numberFormat(lang, { maximumSignificantDigits: 3 }).format(ms / 1000)} s`;
}

/** An axis tick of a duration axis: 0 bare, the rest as {@link formatDuration}. */
export function formatDurationTick(ms: number, lang: Lang): string {
  return ms === 0 ? '0' : formatDuration(ms, lang);
}

/**
 * Ticks for a duration axis from 0 to at least {@code maxMs}: equal steps of 1, 2 or 5 × 10^k ms,
 * the smallest step that needs at most five of them — 22,000 ms gives 0, 5 s, 10 s, 15 s, 20 s, 25 s;
 * 800 ms gives 0, 200 ms … 800 ms. Nothing to show: undefined (the chart decides).
 */
export function durationTicks(maxMs: number | null | undefined): number[] | undefined {
  if (maxMs === null || maxMs === undefined || !(maxMs > 0)) return undefined;
  const wanted = maxMs / 5;
  let step = 1;
  for (let power = 1; step < wanted; power *= 10) {
    step = [1, 2, 5].map((m) => m * power).find((s) => s >= wanted) ?? 10 * power;
  }
  const ticks = [0];
  while (ticks[ticks.length - 1] < maxMs) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

export function formatDateTime(unixSeconds: number | null | undefined, lang: Lang): string {
  if (unixSeconds === null || unixSeconds === undefined) return '–';
  return new Intl.DateTimeFormat(locale(lang), {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).format(new Date(unixSeconds * 1000));
}

/** A clock time, HH:MM, with the date in front when it is not today: "as of 14:05". */
export function formatAsOf(unixSeconds: number, lang: Lang, now: Date = new Date()): string {
  const d = new Date(unixSeconds * 1000);
  const sameDay = d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return new Intl.DateTimeFormat(locale(lang), {
    ...(sameDay ? {} : { month: '2-digit', day: '2-digit' }), hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(d);
}

/** An axis label for a bucket start: hours as "11/28, 14:00", days as "11/28". */
export function formatBucket(unixSeconds: number, granularity: 'hour' | 'day', lang: Lang): string {
  const d = new Date(unixSeconds * 1000);
  const opts: Intl.DateTimeFormatOptions = granularity === 'hour'
    ? { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : { month: '2-digit', day: '2-digit' };
  return new Intl.DateTimeFormat(locale(lang), opts).format(d);
}

/** A tooltip's title for a bucket: "Fri, Nov 28, 2026" for a day, "Fri, Nov 28, 14:00" for an hour. */
/** A date, with the time of day when it is not local midnight (retention horizons are UTC instants). */
export function formatInstantDate(unixSeconds: number, lang: Lang): string {
  const d = new Date(unixSeconds * 1000);
  const midnight = d.getHours() === 0 && d.getMinutes() === 0 && d.getSeconds() === 0;
  const opts: Intl.DateTimeFormatOptions = midnight
    ? { year: 'numeric', month: 'short', day: 'numeric' }
    : { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return new Intl.DateTimeFormat(locale(lang), opts).format(d);
}

export function formatBucketLong(unixSeconds: number, granularity: 'hour' | 'day', lang: Lang): string {
  const d = new Date(unixSeconds * 1000);
  const opts: Intl.DateTimeFormatOptions = granularity === 'hour'
    ? { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric' };
  return new Intl.DateTimeFormat(locale(lang), opts).format(d);
}
