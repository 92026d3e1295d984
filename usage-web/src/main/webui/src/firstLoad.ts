// The first load's requests (docs/web.md "First load"): the page's first API requests and the session
// check, started once per page load by whichever runs first — boot.ts, the tiny script index.html runs
// before the libraries arrive, or App (main.tsx, tests) — and taken by App and the page (prefetch.ts).
// No React and no library here: this module is in the boot script's chunk.
import { startFirstRequests } from './features/firstRequests';
import { prefetching } from './shared/api/prefetch';
import { authApi, type SessionInfo } from './shared/api/usage';

let session: Promise<SessionInfo> | undefined;

/** Whether this path is a signed-in page (its first requests and the session check start early). */
export function signedInPath(pathname: string): boolean {
  return pathname.startsWith('/usage') && !pathname.startsWith('/usage/sign-in');
}

/** Starts the page's first requests and the session check, unless they are already under way. */
export function startFirstRequestsOnce(pathname: string, search: string) {
  if (session) return;
  prefetching(() => startFirstRequests(pathname, search));
  session = authApi.session();
  // App handles its failure; a page that never asks for it leaves no unhandled rejection
  session.catch(() => undefined);
}

/** The session check started with the first requests, once (then undefined: the next load starts its own). */
export function takeSessionCheck(): Promise<SessionInfo> | undefined {
  const taken = session;
  session = undefined;
  return taken;
}
