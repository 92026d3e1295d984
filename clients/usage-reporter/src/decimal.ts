/**
 * Just enough exact decimal arithmetic for the mapping: AIGNE Hub's DECIMAL columns arrive as strings
 * (PostgreSQL) or as binary doubles (SQLite), and `x * 1000` on a double is not exact
 * (1.1 * 1000 = 1100.0000000000002). A value is an unscaled BigInt and a number of decimals.
 */
export interface Decimal {
  readonly negative: boolean;
  /** |value| × 10^scale */
  readonly unscaled: bigint;
  readonly scale: number;
}

const DECIMAL_TEXT = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d{1,4}))?$/;

/**
 * Reads a decimal string ("0.30000000000000004", "1e-7", " 12.50 ") or a finite number. A number is
 * read through its shortest round-trip text (String(0.1) is "0.1"), i.e. the decimal a person wrote.
 * Returns null for anything else (NaN, Infinity, "abc", "", objects).
 */
export function parseDecimal(value: unknown): Decimal | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'bigint') {
    text = value.toString();
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return null;
  }
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return null;
  const [whole, fraction = ''] = m[2]!.split('.');
  const exponent = m[3] ? Number(m[3]) : 0;
  let unscaled = BigInt((whole || '0') + fraction);
  let scale = fraction.length - exponent;
  if (scale < 0) {
    unscaled *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { negative: m[1] === '-' && unscaled !== 0n, unscaled, scale };
}

/** Rounds half away from zero to at most `decimals` places (PostgreSQL's numeric rounding). */
export function roundDecimal(d: Decimal, decimals: number): Decimal {
  if (d.scale <= decimals) return d;
  const divisor = 10n ** BigInt(d.scale - decimals);
  let unscaled = d.unscaled / divisor;
  if ((d.unscaled % divisor) * 2n >= divisor) unscaled += 1n;
  return { negative: d.negative && unscaled !== 0n, unscaled, scale: decimals };
}

/** Multiplies by 10^places (seconds → milliseconds is places = 3). */
export function shiftDecimal(d: Decimal, places: number): Decimal {
  if (places <= d.scale) return { ...d, scale: d.scale - places };
  return { ...d, unscaled: d.unscaled * 10n ** BigInt(places - d.scale), scale: 0 };
}

/** Plain notation without trailing zeros: "0.0000001", "12.5", "0", "-3". */
export function formatDecimal(d: Decimal): string {
  const digits = d.unscaled.toString().padStart(d.scale + 1, '0');
  const intPart = digits.slice(0, digits.length - d.scale);
  const fracPart = digits.slice(digits.length - d.scale).replace(/0+$/, '');
  return (d.negative ? '-' : '') + intPart + (fracPart ? '.' + fracPart : '');
}

// ---- scaled BigInts: exact sums (credits) without binary floating point, for producers that compare
// their numbers with the service's (clients/hub-import). A value is an integer scaled by 10^scale.

const SCALED_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Parses a decimal (a string such as "0.30000000" or "1.5E-7", a JS number through its shortest
 * round-trip text, or a bigint) into an integer scaled by 10^scale. Refuses a value with more
 * significant decimals than the scale holds, so a sum is never silently rounded.
 */
export function parseScaled(value: string | number | bigint, scale: number): bigint {
  if (typeof value === 'bigint') return value * 10n ** BigInt(scale);
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    text = String(value); // possibly with an exponent ("1e-7")
  } else {
    text = value.trim();
  }
  const m = SCALED_TEXT.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`not a decimal: ${JSON.stringify(value)}`);
  const [, sign, int = '', frac = '', exp = '0'] = m;
  const shift = Number(exp) + scale;
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
