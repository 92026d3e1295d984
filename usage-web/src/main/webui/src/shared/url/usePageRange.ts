// The page's one range (pageRange.ts) from its address, resolved to API seconds once per change of
// range: statistics and trends do not poll, so their range stays fixed while the user looks.
import { useState } from 'react';
import { browserTimeZone, type TimeRange } from '../lib/range';
import {
  pageGranularity, pageRangeDays, pageRangeKey, pageRangeParams, parsePageRange, resolvePageRange, type PageRange,
} from '../lib/pageRange';
import { useQueryParams } from './useQueryParams';

export type PageRangeState = {
  pageRange: PageRange;
  /** resolved when the range was chosen (or the page opened) */
  range: TimeRange;
  days: number;
  granularity: ReturnType<typeof pageGranularity>;
  tz: string;
  /** another range; page numbers of the page's lists go back to the first */
  setPageRange: (r: PageRange) => void;
};

export function usePageRange(resetKeys: string[] = []): PageRangeState {
  const [params, update] = useQueryParams();
  const pageRange = parsePageRange(params);
  const key = pageRangeKey(pageRange);
  const [resolved, setResolved] = useState(() => ({ key, range: resolvePageRange(pageRange) }));
  let range = resolved.range;
  if (resolved.key !== key) {
    // adjusting state while rendering (React's pattern for state derived from a changed input)
    range = resolvePageRange(pageRange);
    setResolved({ key, range });
  }
  return {
    pageRange,
    range,
    days: pageRangeDays(pageRange),
    granularity: pageGranularity(pageRange),
    tz: browserTimeZone(),
    setPageRange: (r) => update({ ...pageRangeParams(r), ...Object.fromEntries(resetKeys.map((k) => [k, null])) }),
  };
}
