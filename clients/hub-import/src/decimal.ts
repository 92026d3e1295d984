// Exact decimal arithmetic on scaled BigInts: credits are summed without binary floating point,
// so a day's total is the same number the service computes with BigDecimal.

/** Scale the events' credits are summed at: the ingest contract allows at most 10 decimals. */
export const SUM_SCALE = 10;
/** Scale credits leave the API with (docs/api.md: rounded half-up to 6 decimals). */
export const API_SCALE = 6;

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal (a string such as "0.30000000" or "1.5E-7", or a JS number) into an integer
 * scaled by 10^scale. Refuses a value with more significant decimals than the scale holds, so a
 * sum is never silently rounded.
 */
export function parseScaled(value: string | number | bigint, scale: number): bigint {
  if (typeof value === 'bigint') return value * 10n ** BigInt(scale);
  const text = typeof value === 'number' ? numberText(value) : value.trim();
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a decimal: ${JSON.stringify(value)}`);
  const [, sign, int, frac = '', exp = '0'] = m;
  const shift = Number(exp) + scale; // digits of `frac` that stay left of the point
  let digits = int + frac;
  let point = int.length + shift; // position of the scaled value's decimal point in `digits`
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  }
  const whole = digits.slice(0, point).padEnd(point, '0');
  const rest = digits.slice(point);
  if (/[1-9]/.test(rest)) throw new Error(`${text} has more than ${scale} decimals`);
  const n = BigInt(whole === '' ? '0' : whole);
  return sign === '-' ? -n : n;
}

function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return String(n); // shortest round-trip form, possibly with an exponent ("1e-7")
}

/** Changes the scale, rounding half-up (away from zero on a tie) like Java's RoundingMode.HALF_UP. */
export function rescaleHalfUp(value: bigint, from: number, to: number): bigint {
  if (to >= from) return value * 10n ** BigInt(to - from);
  const div = 10n ** BigInt(from - to);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const q = abs / div;
  const rounded = (abs % div) * 2n >= div ? q + 1n : q;
  return negative ? -rounded : rounded;
}

/** Plain decimal text of a scaled value without trailing zeros: 1234500n at scale 6 → "1.2345". */
export function formatScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return (negative ? '-' : '') + int + (frac ? '.' + frac : '');
}
