import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatScaled, parseScaled, rescaleHalfUp } from '../src/index.js';

test('parseScaled reads strings, numbers and exponents exactly', () => {
  assert.equal(parseScaled('0.30000000', 10), 3_000_000_000n);
  assert.equal(parseScaled('12345.67890123', 8), 1_234_567_890_123n);
  assert.equal(parseScaled('1.5E-7', 10), 1_500n);
  assert.equal(parseScaled('1e-8', 8), 1n);
  assert.equal(parseScaled(0.1, 10), 1_000_000_000n); // the double's shortest text, "0.1"
  assert.equal(parseScaled('-0.5', 2), -50n);
  assert.equal(parseScaled('7', 6), 7_000_000n);
  assert.equal(parseScaled('0', 6), 0n);
  assert.equal(parseScaled('2.50', 1), 25n); // trailing zeros beyond the scale are fine
});

test('parseScaled refuses more decimals than the scale and non-numbers', () => {
  assert.throws(() => parseScaled('0.30000000000000004', 10), /more than 10 decimals/);
  assert.throws(() => parseScaled(0.1 + 0.2, 10), /more than 10 decimals/);
  assert.throws(() => parseScaled('abc', 6), /not a decimal/);
  assert.throws(() => parseScaled('.', 6), /not a decimal/);
  assert.throws(() => parseScaled(Number.NaN, 6), /finite/);
});

test('rescaleHalfUp rounds ties away from zero (Java HALF_UP, not HALF_EVEN)', () => {
  // 10 → 6 decimals
  assert.equal(rescaleHalfUp(5_000n, 10, 6), 1n); // 0.0000005 → 0.000001
  assert.equal(rescaleHalfUp(4_999n, 10, 6), 0n); // 0.0000004999 → 0
  assert.equal(rescaleHalfUp(25_000n, 10, 6), 3n); // 0.0000025 → 0.000003 (HALF_EVEN would give 0.000002)
  assert.equal(rescaleHalfUp(15_000n, 10, 6), 2n);
  assert.equal(rescaleHalfUp(-25_000n, 10, 6), -3n);
  assert.equal(rescaleHalfUp(12_345_678_901_234_567_890n, 10, 6), 1_234_567_890_123_457n);
  assert.equal(rescaleHalfUp(7n, 6, 10), 70_000n);
});

test('formatScaled writes plain decimals without trailing zeros', () => {
  assert.equal(formatScaled(1_234_500n, 6), '1.2345');
  assert.equal(formatScaled(1n, 6), '0.000001');
  assert.equal(formatScaled(0n, 6), '0');
  assert.equal(formatScaled(5_000_000n, 6), '5');
  assert.equal(formatScaled(-1_500_000n, 6), '-1.5');
  assert.equal(formatScaled(123_456_789_012_123_456n, 6), '123456789012.123456');
});
