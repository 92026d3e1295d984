// fetch for the gateway: same origin, the session cookie, never a userDid. Errors are typed so
// the pages can tell "sign in", "forbidden", "not found", "the network is down" and "retry" apart.
import { isPeeking, keep, offeredAnswer, peeked, take } from './prefetch';

export class ApiError extends Error {
  /** `problem`: the problem+json body as sent (e.g. to find the field a 400 names) */
  constructor(readonly status: number, readonly detail: string, readonly problem?: unknown) {
    super(detail || `HTTP ${status}`);
  }
}

/** The request never reached a server (offline, DNS, refused). */
export class NetworkError extends Error {}

export type Query = Record<string, string | number | string[] | undefined | null>;

export function toQueryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    // a list is a repeated parameter (model=a&model=b)
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one !== undefined && one !== null && one !== '') params.append(k, String(one));
    }
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** A page asks for more at once than the API's per-user limit allows: 429s are asked again this often. */
const BUSY_RETRIES = 3;

/** Seconds to wait after a 429: its Retry-After, at most 5 (1 when absent). */
function retryAfter(response: Response): number {
  const s = Number(response.headers.get('Retry-After'));
  return Number.isFinite(s) && s > 0 ? Math.min(s, 5) : 1;
}

export function apiFetch<T>(path: string, init: RequestInit & { query?: Query } = {}): Promise<T> {
  const url = path + toQueryString(init.query);
  // peekAnswer (prefetch.ts): nothing is sent, a GET is answered only by a first-load answer that has arrived
  if (isPeeking()) return ((init.method ?? 'GET') === 'GET' ? peeked(url) : peeked('')) as Promise<T>;
  if ((init.method ?? 'GET') !== 'GET') return request<T>(path, init);
  const prefetched = take<T>(url);
  if (prefetched) return prefetched;
  // the first load's answer usage-web put into the page (firstAnswers.ts): not asked again
  const offered = offeredAnswer(url);
  const answer = offered ? Promise.resolve(offered.value as T) : request<T>(path, init);
  keep(url, answer, offered);
  return answer;
}

function request<T>(path: string, init: RequestInit & { query?: Query }): Promise<T> {
  const read = () => send(path, init).then((response) => response.json() as Promise<T>);
  return (init.method ?? 'GET') === 'GET' && toQueryService(path) ? querySlots.run(read) : read();
}

/**
 * The query service runs at most 4 requests of one user at once and refuses the next with a 429 and
 * `Retry-After: 1` (docs/api.md): a page asking for more at once (the Dashboard's sections ask for 7)
 * had some of them wait a whole second. So a page sends at most that many reads to it at a time and
 * queues the rest in the order they were asked (the first load's cards first), each sent as soon as
 * one ends. Other tabs of the same user can still fill the service's slots: those 429s are asked again.
 */
export const QUERY_SLOTS = 4;

/** Paths the gateway passes to usage-query-service (docs/web.md): everything but credits and alerts. */
function toQueryService(path: string): boolean {
  return path.startsWith('/api/usage/') && !/^\/api\/usage\/(quota|alerts)(\/|$|-)/.test(path);
}

const querySlots = (() => {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next(); // the slot passes on
    else running--;
  };
  return {
    /** Runs `read` now (synchronously, so the request leaves at once) when a slot is free, else when one is. */
    run<T>(read: () => Promise<T>): Promise<T> {
      const go = () => {
        const answer = read();
        answer.then(release, release);
        return answer;
      };
      if (running < QUERY_SLOTS) {
        running++;
        return go();
      }
      return new Promise<void>((resolve) => waiting.push(resolve)).then(go);
    },
  };
})();

/**
 * One request to the gateway, answered with a success: a read refused as busy (429) is asked again
 * after its Retry-After; a failure is a typed error (ApiError with the problem's detail, NetworkError).
 */
export async function send(path: string, init: RequestInit & { query?: Query }): Promise<Response> {
  const { query, headers, ...rest } = init;
  let response: Response;
  for (let attempt = 0; ; attempt++) {
    try {
      response = await fetch(path + toQueryString(query), {
        credentials: 'same-origin',
        ...rest,
        // tells the gateway (and quarkus-oidc) this is the page's script, not a navigation
        headers: { Accept: 'application/json', 'X-Requested-With': 'JavaScript', ...headers },
      });
    } catch (e) {
      throw new NetworkError(e instanceof Error ? e.message : String(e));
    }
    // only reads are asked again: a write refused as busy is the user's to repeat
    const read = (rest.method ?? 'GET') === 'GET';
    if (response.status !== 429 || !read || attempt >= BUSY_RETRIES) break;
    await new Promise((resolve) => setTimeout(resolve, retryAfter(response) * 1000));
  }
  if (!response.ok) {
    let detail = '';
    let problem: unknown;
    try {
      problem = await response.json();
      const body = problem as { detail?: string; title?: string } | null;
      detail = body?.detail ?? body?.title ?? '';
    } catch {
      // not JSON: keep the status only
    }
    throw new ApiError(response.status, detail, problem);
  }
  return response;
}
