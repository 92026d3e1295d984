// The call list's and the scatter's word on calls retention removed: both answers (GET
// /projects/{appDid}/calls and /calls/sample) hold the kept calls only and say from when on in
// `coverage` (exactFrom = max(startTime, rawCallsFrom), docs/contracts.md "Retention and coverage").
import type { Coverage } from '../../shared/api/types';
import type { MessageKey } from '../../shared/i18n/messages';
import { formatInstantDate, type Lang } from '../../shared/lib/format';

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** "Calls before Oct 1, 2026 have expired" when the answer's calls start later than its range; else undefined. */
export function callsExpiredLine(coverage: Coverage | undefined, t: T, lang: Lang): string | undefined {
  if (coverage?.complete !== false || coverage.exactFrom === undefined) return undefined;
  return t('callsExpired', { date: formatInstantDate(coverage.exactFrom, lang) });
}
