import { afterEach, describe, expect, it, vi } from 'vitest';
import { classify } from '../ui/Feedback';
import { ApiError, apiFetch, NetworkError, toQueryString } from './client';

afterEach(() => vi.unstubAllGlobals());

describe('apiFetch', () => {
  it('leaves out empty parameters', () => {
    expect(toQueryString({ a: 1, b: '', c: undefined, d: null, e: 'x y' })).toBe('?a=1&e=x+y');
    expect(toQueryString({})).toBe('');
  });

  it('sends the pages header and the cookie, never a userDid', async () => {
    const fetch = vi.fn(async () => new Response('{"ok":true}', { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    await apiFetch('/api/usage/overview', { query: { timeRange: 7 } });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/usage/overview?timeRange=7');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['X-Requested-With']).toBe('JavaScript');
  });

  it('repeats lists as repeated parameters', () => {
    expect(toQueryString({ model: ['a b', 'c'], page: 1, none: [] })).toBe('?model=a+b&model=c&page=1');
  });

  it('asks a read again after a 429, waiting its Retry-After, and gives up after three more tries', async () => {
    vi.useFakeTimers();
    try {
      const busy = () => new Response('{"status":429}', { status: 429, headers: { 'Retry-After': '1' } });
      const fetch = vi.fn().mockResolvedValueOnce(busy()).mockResolvedValueOnce(new Response('{"n":1}', { status: 200 }));
      vi.stubGlobal('fetch', fetch);
      const answer = apiFetch<{ n: number }>('/x');
      await vi.advanceTimersByTimeAsync(1000);
      expect(await answer).toEqual({ n: 1 });
      expect(fetch).toHaveBeenCalledTimes(2);

      const always = vi.fn(async () => busy());
      vi.stubGlobal('fetch', always);
      const refused = apiFetch('/x').catch((e) => e);
      await vi.advanceTimersByTimeAsync(5000);
      expect(((await refused) as ApiError).status).toBe(429);
      expect(always).toHaveBeenCalledTimes(4);
      // a write is not repeated
      const write = apiFetch('/x', { method: 'PUT', body: '{}' }).catch((e) => e);
      expect(((await write) as ApiError).status).toBe(429);
      expect(always).toHaveBeenCalledTimes(5);
    } finally {
      vi.useRealTimers();
    }
  });

  it('tells API errors, with their detail, from a network that is down', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('{"status":403,"detail":"not yours"}', { status: 403 })));
    const forbidden = (await apiFetch('/x').catch((e) => e)) as ApiError;
    expect(forbidden).toBeInstanceOf(ApiError);
    expect(forbidden.status).toBe(403);
    expect(forbidden.message).toBe('not yours');
    expect(classify(forbidden)).toBe('forbidden');

    vi.stubGlobal('fetch', vi.fn(async () => { throw new TypeError('Failed to fetch'); }));
    const down = await apiFetch('/x').catch((e) => e);
    expect(down).toBeInstanceOf(NetworkError);
    expect(classify(down)).toBe('network');
  });

  it('sends a 401 to sign-in, a 404 to the not-found page and anything else to a toast', () => {
    expect(classify(new ApiError(401, ''))).toBe('signIn');
    expect(classify(new ApiError(404, ''))).toBe('notFound');
    expect(classify(new ApiError(500, 'boom'))).toBe('toast');
    expect(classify(new ApiError(400, 'bad'))).toBe('toast');
  });
});
