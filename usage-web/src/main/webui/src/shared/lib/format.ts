// Display formats. Numbers arrive exact from the API (credits rounded to 6 decimals); these only
// decide how many digits a person needs to see.
export type Lang = 'en' | 'zh';

const locale = (lang: Lang) => (lang === 'zh' ? 'zh-CN' : 'en-US');

export function formatInteger(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '–';
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 0 }).format(value);
}

/** Compact for cards: 18,803,211 → 18.8M (en) / 1880.3万 (zh). */
export function formatCompact(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '–';
  if (Math.abs(value) < 10_000) return formatInteger(value, lang);
  return new Intl.NumberFormat(locale(lang), { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** Credits: up to 2 decimals for large amounts, up to 6 for small ones, so 0.000123 stays visible. */
export function formatCredits(value: number | null | undefined, lang: Lang): string {
  if (value === null || value === undefined) return '–';
  const digits = Math.abs(value) >= 100 ? 2 : Math.abs(value) >= 1 ? 4 : 6;
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits }).format(value);
}

/** Signed credits for the history: +50, −0.0123. */
export function formatSignedCredits(value: number, lang: Lang): string {
  const sign = value > 0 ? '+' : value < 0 ? '−' : '';
  return sign + formatCredits(Math.abs(value), lang);
}

/** A fraction in [0,1] as a percentage with one decimal; null (no calls) as a dash. */
export function formatRate(rate: number | null | undefined, lang: Lang): string {
  if (rate === null || rate === undefined) return '–';
  return new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** Milliseconds: 850 ms, 1.24 s. */
export function formatDuration(ms: number | null | undefined, lang: Lang): string {
  if (ms === null || ms === undefined) return '–';
  if (ms < 1000) return `${formatInteger(Math.round(ms), lang)} ms`;
  return `${new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 2 }).format(ms / 1000)} s`;
}

export function formatDateTime(unixSeconds: number | null | undefined, lang: Lang): string {
  if (unixSeconds === null || unixSeconds === undefined) return '–';
  return new Intl.DateTimeFormat(locale(lang), {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }).format(new Date(unixSeconds * 1000));
}

/** An axis label for a bucket start: hours as "14:00", days as "11-28". */
export function formatBucket(unixSeconds: number, granularity: 'hour' | 'day', lang: Lang): string {
  const d = new Date(unixSeconds * 1000);
  const opts: Intl.DateTimeFormatOptions = granularity === 'hour'
    ? { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }
    : { month: '2-digit', day: '2-digit' };
  return new Intl.DateTimeFormat(locale(lang), opts).format(d);
}
