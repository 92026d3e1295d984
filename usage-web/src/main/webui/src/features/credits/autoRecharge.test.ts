import { describe, expect, it } from 'vitest';
import { validateAutoRecharge } from './autoRecharge';

const valid = { enabled: true, threshold: '10', quantity: '100', maxAttempts: '3', maxAmount: '300' };

describe('validateAutoRecharge', () => {
  it('accepts a valid configuration', () => {
    expect(validateAutoRecharge(valid)).toEqual({});
  });

  it('names every broken rule', () => {
    expect(validateAutoRecharge({ enabled: true, threshold: '-1', quantity: '0', maxAttempts: '101', maxAmount: '' })).toEqual({
      threshold: 'mustBeNonNegative', quantity: 'mustBePositive', maxAttempts: 'attemptsRange', maxAmount: 'mustBeNonNegative',
    });
    expect(validateAutoRecharge({ ...valid, maxAttempts: '2.5' })).toEqual({ maxAttempts: 'attemptsRange' });
  });
});
