// The sections below a page's stat cards render after the cards (docs/web.md "First load").
import { Skeleton } from '@mui/material';
import { useEffect, useState } from 'react';

/** When the sections come even if the cards' answers do not: a slow statistic does not hold back the rest. */
export const REST_AFTER_MS = 1500;

/**
 * Whether the sections below the page's stat cards may render: once `cardsSettled` (their answer has
 * arrived or failed) and the browser has painted the cards, or `REST_AFTER_MS` after the page
 * opened; then for good. The first render of those sections (lists, heatmap, charts, their
 * skeletons) costs several times the cards' own; in the same task as the cards it held the cards
 * back by that much (docs/benchmarks.md "Page benchmark"). (Not in a transition: the answers that
 * keep arriving then would restart its render each time.)
 */
export function useAfterCards(cardsSettled: boolean): boolean {
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (shown) return undefined;
    const show = () => setShown(true);
    const timers: number[] = [window.setTimeout(show, REST_AFTER_MS)];
    let frame: number | undefined;
    if (cardsSettled) {
      // the next frame paints the cards; a task after it, the rest
      if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') {
        frame = requestAnimationFrame(() => timers.push(window.setTimeout(show, 0)));
      } else {
        timers.push(window.setTimeout(show, 0));
      }
    }
    return () => {
      timers.forEach((t) => clearTimeout(t));
      if (frame !== undefined) cancelAnimationFrame(frame);
    };
  }, [cardsSettled, shown]);
  return shown;
}

/** What stands for the sections until they render: one skeleton of about their first screen's height. */
export function SectionsPlaceholder({ height }: { height: number }) {
  return <Skeleton variant="rounded" height={height} data-testid="sections-placeholder" />;
}
