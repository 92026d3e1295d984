import { describe, expect, it } from 'vitest';
import { formatCompact, formatCredits, formatDuration, formatRate, formatSignedCredits } from './format';

describe('format', () => {
  it('shows small credits with enough digits and large ones with two', () => {
    expect(formatCredits(0.000123, 'en')).toBe('0.000123');
    expect(formatCredits(12.34567, 'en')).toBe('12.3457');
    expect(formatCredits(1234.5678, 'en')).toBe('1,234.57');
    expect(formatCredits(null, 'en')).toBe('–');
  });

  it('signs history amounts', () => {
    expect(formatSignedCredits(50, 'en')).toBe('+50');
    expect(formatSignedCredits(-0.5, 'en')).toBe('−0.5');
  });

  it('shows rates as percent and no rate as a dash', () => {
    expect(formatRate(0.9671, 'en')).toBe('96.7%');
    expect(formatRate(null, 'en')).toBe('–');
  });

  it('shows milliseconds below a second and seconds above', () => {
    expect(formatDuration(850.4, 'en')).toBe('850 ms');
    expect(formatDuration(1240, 'en')).toBe('1.24 s');
  });

  it('compacts large numbers per language', () => {
    expect(formatCompact(9999, 'en')).toBe('9,999');
    expect(formatCompact(18_803_211, 'en')).toBe('18.8M');
    expect(formatCompact(18_803_211, 'zh')).toBe('1880.3万');
  });
});
