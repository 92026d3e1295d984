import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeGateway } from '../../shared/testing/render';
import { fetchCallSample, groupByModel, type SampledCall } from './callSample';

afterEach(() => vi.unstubAllGlobals());

const call = (id: string, model: string): SampledCall => ({ id, model, status: 'success', duration: 100, totalUsage: 10, credits: 0.01 });

describe('fetchCallSample', () => {
  it('asks for the sample of the range, with the limit and each model once', async () => {
    const requests = fakeGateway(() => ({ total: 0, list: [] }));
    await expect(fetchCallSample('did:app:x', { startTime: 100, endTime: 200 })).resolves.toEqual({ total: 0, list: [] });
    await fetchCallSample('did:app:x', { startTime: 100, endTime: 200 }, 50, ['gpt-4o', 'claude 3']);
    expect(requests[0].pathname).toBe('/api/usage/projects/did%3Aapp%3Ax/calls/sample');
    expect(Object.fromEntries(requests[0].searchParams)).toEqual({ startTime: '100', endTime: '200', limit: '500' });
    expect(requests[1].searchParams.get('limit')).toBe('50');
    expect(requests[1].searchParams.getAll('model')).toEqual(['gpt-4o', 'claude 3']);
  });
});

describe('groupByModel', () => {
  it('keeps every model while there are few, busiest first', () => {
    const groups = groupByModel([call('1', 'b'), call('2', 'a'), call('3', 'b'), call('4', 'c')]);
    expect(groups.map((g) => [g.model, g.calls.map((c) => c.id)])).toEqual([['b', ['1', '3']], ['a', ['2']], ['c', ['4']]]);
    expect(groups.some((g) => g.other)).toBe(false);
  });

  it('folds the least used models into one Other group beyond the limit', () => {
    // m0 has 10 calls, m1 9, … m9 1
    const list = Array.from({ length: 10 }, (_, m) => Array.from({ length: 10 - m }, (_, i) => call(`${m}-${i}`, `m${m}`))).flat();
    const groups = groupByModel(list, 8);
    expect(groups).toHaveLength(8);
    expect(groups.slice(0, 7).map((g) => g.model)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
    expect(groups[7].other).toBe(true);
    // m7 … m9: 3 + 2 + 1 calls
    expect(groups[7].calls).toHaveLength(6);
    expect(groups.reduce((s, g) => s + g.calls.length, 0)).toBe(list.length);
  });
});
