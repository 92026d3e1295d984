import { Box } from '@mui/material';
import type { Granularity } from '../api/types';
import { useI18n } from '../i18n/I18n';
import { formatBucketLong } from '../lib/format';
import type { ChartPoint } from '../lib/series';

// The pieces the trend charts share: how a partial bucket is drawn, and the bucket tooltip.

/** A partial bucket (today, the running hour) is drawn visibly partial: a dashed line segment, a lighter bar. */
export const PARTIAL_DASH = '5 4';
export const PARTIAL_OPACITY = 0.4;

/** The props of a bar's `<Cell>`: lighter, with a dashed outline, when its bucket is partial. */
export function barCell(partial: boolean, fill: string) {
  return partial
    ? { fill, fillOpacity: PARTIAL_OPACITY, stroke: fill, strokeDasharray: '3 2', className: 'partial-bar' }
    : { fill };
}

/** Expired buckets (retention) are shaded behind the gap, so it does not read as "no calls". */
export const EXPIRED_FILL = '#9e9e9e';
export const EXPIRED_OPACITY = 0.12;

export type TooltipRow = { label: string; value: string; color?: string };

type Props = {
  /** given by recharts */
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
  granularity: Granularity;
  rows: (point: ChartPoint) => TooltipRow[];
  testId: string;
};

/**
 * A chart's tooltip for one bucket: its date (and hour), "partial day / hour" when the range covers
 * only part of it, then the rows. Use with `filterNull={false}` so an empty bucket has one too.
 */
export function BucketTooltip({ active, payload, granularity, rows, testId }: Props) {
  const { t, lang } = useI18n();
  const point = payload?.[0]?.payload as ChartPoint | undefined;
  if (!active || !point) return null;
  return (
    <Box data-testid={testId} data-timestamp={point.timestamp} data-partial={point.partial}
      sx={{ bgcolor: 'background.paper', border: 1, borderColor: 'divider', p: 1, borderRadius: 1, fontSize: 13, boxShadow: 1 }}>
      <div><strong data-testid="tooltip-date">{formatBucketLong(point.timestamp, granularity, lang)}</strong></div>
      {point.partial && (
        <Box sx={{ color: 'text.secondary', fontStyle: 'italic' }} data-testid="tooltip-partial">
          {t(granularity === 'hour' ? 'partialHour' : 'partialDay')}
        </Box>
      )}
      {point.expired && (
        <Box sx={{ color: 'text.secondary', fontStyle: 'italic' }} data-testid="tooltip-expired">{t('expiredBucket')}</Box>
      )}
      {!point.expired && rows(point).map((r) => (
        <div key={r.label}>
          {r.color && <Box component="span" sx={{ display: 'inline-block', width: 8, height: 8, borderRadius: '50%', bgcolor: r.color, mr: 0.75 }} />}
          {r.label}: <strong>{r.value}</strong>
        </div>
      ))}
    </Box>
  );
}
