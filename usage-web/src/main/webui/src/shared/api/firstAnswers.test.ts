import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dashboardRequests } from '../../features/dashboard/dashboardRequests';
import { startFirstRequests } from '../../features/firstRequests';
import { DEFAULT_RANGE, resolvePageRange } from '../lib/pageRange';
import { browserTimeZone } from '../lib/range';
import { FIRST_ANSWERS_ID, rememberTimeZone, takeFirstAnswers, TZ_COOKIE } from './firstAnswers';
import { peekAnswer, prefetching } from './prefetch';

// 2026-11-30 15:30 in Kolkata: the instant and zone of usage-web's FirstAnswersTest, whose URLs these must equal
const AT = 1796032800;
const ZONE = 'Asia/Kolkata';
let zoneBefore: string | undefined;
// Node's environment (no @types/node here): setting TZ changes the zone of Date and Intl at once
const env = (globalThis as unknown as { process: { env: Record<string, string | undefined> } }).process.env;

beforeAll(() => {
  zoneBefore = env.TZ;
  env.TZ = ZONE;
});
afterAll(() => {
  if (zoneBefore === undefined) delete env.TZ;
  else env.TZ = zoneBefore;
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.getElementById(FIRST_ANSWERS_ID)?.remove();
});

function putInPage(content: string) {
  const element = document.createElement('script');
  element.type = 'application/json';
  element.id = FIRST_ANSWERS_ID;
  element.textContent = content;
  document.body.append(element);
}

const ok = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

describe('the first answers in the HTML', () => {
  it('are read once, only for this zone and a clock near the server’s', () => {
    const answers = { '/api/usage/quota': { remaining: 5 } };
    putInPage(JSON.stringify({ at: AT, tz: ZONE, answers }));
    expect(takeFirstAnswers(document, AT * 1000 + 400, ZONE)).toEqual({ at: AT, tz: ZONE, answers });
    expect(document.getElementById(FIRST_ANSWERS_ID)).toBeNull();
    expect(takeFirstAnswers(document, AT * 1000, ZONE)).toBeUndefined();

    putInPage(JSON.stringify({ at: AT, tz: 'Europe/Berlin', answers }));
    expect(takeFirstAnswers(document, AT * 1000, ZONE)).toBeUndefined();
    putInPage(JSON.stringify({ at: AT, tz: ZONE, answers }));
    expect(takeFirstAnswers(document, AT * 1000 + 60_000, ZONE)).toBeUndefined();
    putInPage('{"at":');
    expect(takeFirstAnswers(document, AT * 1000, ZONE)).toBeUndefined();
  });

  it('keeps the zone in a cookie for the server', () => {
    rememberTimeZone(document, 'America/Argentina/Buenos_Aires');
    expect(document.cookie).toContain(`${TZ_COOKIE}=America%2FArgentina%2FBuenos_Aires`);
  });

  it('builds the very URLs usage-web asked for (FirstAnswersTest): the same instant, the same zone', async () => {
    const fetch = vi.fn(async () => ok({}));
    vi.stubGlobal('fetch', fetch);
    const range = resolvePageRange(DEFAULT_RANGE, new Date(AT * 1000));
    await dashboardRequests(range, 'day', ZONE).overview();
    expect(fetch.mock.calls.map((c) => (c as unknown[])[0])).toEqual(['/api/usage/overview?startTime=1793471400&endTime=1796032800&compare=previous']);
  });

  // the same literals as FirstAnswersTest.everyFirstRequestIsTheLiteralUrlTheBrowserSends
  const DASHBOARD_URLS = [
    '/api/usage/overview?startTime=1793471400&endTime=1796032800&compare=previous',
    '/api/usage/quota',
    '/api/usage/trends?startTime=1793471400&endTime=1796032800&granularity=day&tz=Asia%2FKolkata',
    '/api/usage/trends?startTime=1795458600&endTime=1796032800&granularity=day&tz=Asia%2FKolkata',
  ];
  const PROJECT_URLS = [
    '/api/usage/projects/did%3Aapp%3Aalice-chatbot/models?startTime=1795458600&endTime=1796032800',
    '/api/usage/projects/did%3Aapp%3Aalice-chatbot/stats?startTime=1795458600&endTime=1796032800&compare=previous',
    '/api/usage/projects/did%3Aapp%3Aalice-chatbot/trends?startTime=1795458600&endTime=1796032800&granularity=hour&tz=Asia%2FKolkata',
  ];

  it('every first request of both pages is the literal URL usage-web asks for (FirstAnswersTest)', async () => {
    for (const [path, search, expected] of [
      ['/usage/dashboard', '', DASHBOARD_URLS],
      ['/usage/projects/did%3Aapp%3Aalice-chatbot', '?range=7d', PROJECT_URLS],
    ] as const) {
      const fetch = vi.fn(async () => ok({}));
      vi.stubGlobal('fetch', fetch);
      vi.useFakeTimers({ now: AT * 1000 + 100, toFake: ['Date'] });
      try {
        startFirstRequests(path, search, AT * 1000);
      } finally {
        vi.useRealTimers();
      }
      // the zone as this runtime names it (Node's ICU says Asia/Calcutta for Asia/Kolkata; the cookie carries that name to the server)
      const tz = encodeURIComponent(browserTimeZone());
      // requests beyond the client's concurrency limit leave as earlier ones are answered
      await vi.waitFor(() => expect(fetch).toHaveBeenCalledTimes(expected.length));
      expect(fetch.mock.calls.map((c) => String((c as unknown[])[0])).sort()).toEqual(expected.map((u) => u.replace('tz=Asia%2FKolkata', `tz=${tz}`)));
      vi.unstubAllGlobals();
    }
  });

  it('answer the page’s first requests without sending them, already in its first render', async () => {
    const fetch = vi.fn(async () => ok({ sent: true }));
    vi.stubGlobal('fetch', fetch);
    const range = resolvePageRange(DEFAULT_RANGE, new Date(AT * 1000));
    const overviewUrl = `/api/usage/overview?startTime=${range.startTime}&endTime=${range.endTime}&compare=previous`;
    const overview = { totalCalls: 42, name: '</script><script>alert(1)</script>' };
    vi.useFakeTimers({ now: AT * 1000 + 200, toFake: ['Date'] });
    try {
      prefetching(() => startFirstRequests('/usage/dashboard', '', AT * 1000), { [overviewUrl]: overview });
      // the other three were sent; the overview was not
      expect(fetch.mock.calls.map((c) => String((c as unknown[])[0]))).not.toContain(overviewUrl);
      expect(fetch).toHaveBeenCalledTimes(3);
      const first = dashboardRequests(range, 'day', ZONE);
      expect(peekAnswer(first.overview)?.value).toEqual(overview);
      await expect(first.overview()).resolves.toEqual(overview);
      expect(fetch).toHaveBeenCalledTimes(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
