import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiFetch } from './client';
import { firstRequest, peekAnswer, prefetching } from './prefetch';

const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

describe('first-load answers (peekAnswer)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('gives an arrived first request to the first render without sending anything, and the request then takes it', async () => {
    const fetch = vi.fn(async () => ok({ n: 1 }));
    vi.stubGlobal('fetch', fetch);
    const ask = firstRequest(() => apiFetch<{ n: number }>('/api/usage/overview', { query: { startTime: 1 } }));
    expect(peekAnswer(ask)).toBeUndefined(); // nothing kept yet, and nothing sent
    expect(fetch).toHaveBeenCalledTimes(0);
    let kept!: Promise<unknown>;
    prefetching(() => { kept = ask(); });
    expect(peekAnswer(ask)).toBeUndefined(); // sent, not arrived
    await kept;
    expect(peekAnswer(ask)?.value).toEqual({ n: 1 });
    expect(peekAnswer(ask)?.value).toEqual({ n: 1 }); // peeking leaves it for the page's request
    await expect(ask()).resolves.toEqual({ n: 1 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('never runs a service that is not a first request', () => {
    const service = vi.fn(async () => 1);
    expect(peekAnswer(service)).toBeUndefined();
    expect(service).not.toHaveBeenCalled();
  });
});
