// fetch for the gateway: same origin, the session cookie, never a userDid. Errors are typed so
// the pages can tell "sign in", "forbidden", "not found", "the network is down" and "retry" apart.

export class ApiError extends Error {
  constructor(readonly status: number, readonly detail: string) {
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

export async function apiFetch<T>(path: string, init: RequestInit & { query?: Query } = {}): Promise<T> {
  const { query, headers, ...rest } = init;
  let response: Response;
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
  if (!response.ok) {
    let detail = '';
    try {
      const body = await response.json();
      detail = body?.detail ?? body?.title ?? '';
    } catch {
      // not JSON: keep the status only
    }
    throw new ApiError(response.status, detail);
  }
  return (await response.json()) as T;
}
