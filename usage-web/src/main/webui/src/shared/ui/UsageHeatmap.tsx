import { Box, Card, CardContent, Skeleton, Stack, Tooltip, Typography } from '@mui/material';
import { alpha } from '@mui/material/styles';
import type { Trends } from '../api/types';
import type { ApiState } from '../api/useApi';
import { useI18n } from '../i18n/I18n';
import { formatCompact, formatInteger } from '../lib/format';
import { averagePerHour, cellExpiry, hourLabel, hourSpan, weekdayHourGrid, weekdayNames, type HeatCell } from '../lib/heatmap';
import type { TimeRange } from '../lib/range';
import { toChartPoints } from '../lib/series';
import { EXPIRED_FILL } from './ChartParts';
import { SectionError } from './SectionError';

const HUE = '#1976d2';
const EMPTY = '#eeeeee';
/** a cell whose hours all expired (retention): hatched grey, so it never reads as "no calls" */
const EXPIRED_CELL = `repeating-linear-gradient(135deg, ${alpha(EXPIRED_FILL, 0.55)} 0 2px, ${alpha(EXPIRED_FILL, 0.12)} 2px 5px)`;
/** the faintest non-empty cell, so a single call still shows */
const MIN_ALPHA = 0.12;
const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** Single-hue scale: 0 is grey, the rest more opaque with the count. */
export function heatColor(calls: number, max: number): string {
  if (calls <= 0 || max <= 0) return EMPTY;
  return alpha(HUE, MIN_ALPHA + (1 - MIN_ALPHA) * (calls / max));
}

type Props = {
  trends: Pick<ApiState<Trends>, 'data' | 'initialLoading' | 'error' | 'retry'>;
  /** the range is longer than hourly data reaches (92 days): a note instead of the grid */
  tooLong?: boolean;
  /** the hourly trend's range: with an incomplete coverage, the hours the API left out are expired, not empty */
  range?: TimeRange;
};

/** Calls by local weekday × hour of the day, from the hourly trend; hours retention removed are hatched. */
export function UsageHeatmap({ trends, tooLong = false, range }: Props) {
  const { t } = useI18n();
  const buckets = toChartPoints(trends.data?.trends, range, 'hour', trends.data?.coverage)
    .map((p) => ({ timestamp: p.timestamp, calls: p.calls, expired: p.expired }));
  const grid = weekdayHourGrid(buckets);
  const ready = !tooLong && !trends.initialLoading && trends.error === undefined;
  let body;
  if (tooLong) {
    body = <Typography color="text.secondary" sx={{ py: 4, textAlign: 'center' }} data-testid="heatmap-too-long">{t('heatmapTooLong')}</Typography>;
  } else if (trends.initialLoading) {
    body = <Skeleton variant="rectangular" height={180} />;
  } else if (trends.error !== undefined) {
    body = <SectionError what={t('heatmapTitle')} error={trends.error} onRetry={trends.retry} />;
  } else {
    body = <HeatGrid cells={grid.cells} max={grid.max} expired={grid.expired > 0} />;
  }
  return (
    <Card variant="outlined" sx={{ minWidth: 0 }} data-testid="usage-heatmap" data-total={ready ? grid.total : undefined}
      data-expired={ready ? grid.expired : undefined}>
      <CardContent>
        <Typography variant="h6" component="h2" sx={{ mb: 2 }}>{t('heatmapTitle')}</Typography>
        {body}
      </CardContent>
    </Card>
  );
}

function HeatGrid({ cells, max, expired }: { cells: HeatCell[][]; max: number; expired: boolean }) {
  const { t, lang } = useI18n();
  const days = weekdayNames(lang);
  const title = (c: HeatCell) => {
    const avg = averagePerHour(c);
    const where = { day: days[c.weekday - 1], hours: hourSpan(c.hour) };
    if (cellExpiry(c) === 'all') return t('heatmapCellExpired', where);
    if (avg === null) return t('heatmapCellNoHours', where);
    const text = t('heatmapCell', { ...where, calls: formatInteger(c.calls, lang), avg: avg >= 10 ? formatInteger(avg, lang) : formatCompact(Math.round(avg * 10) / 10, lang) });
    return c.expired > 0 ? `${text}${t('heatmapCellPartlyExpired', { count: formatInteger(c.expired, lang) })}` : text;
  };
  return (
    <>
      {/* phones: cells shrink to 12 px, below that the grid scrolls inside the card, never the page
          (inline-size containment: the grid's width never widens the card or its column) */}
      <Box sx={{ overflowX: 'auto', maxWidth: '100%', contain: 'inline-size' }} data-testid="heatmap-scroll">
        <Box role="group" aria-label={t('heatmapTitle')} sx={{
          display: 'grid', gap: '2px', alignItems: 'center',
          gridTemplateColumns: { xs: 'max-content repeat(24, minmax(12px, 1fr))', sm: 'max-content repeat(24, minmax(18px, 1fr))' },
          minWidth: { xs: 360, sm: 520 },
        }}>
          <span />
          {HOURS.filter((h) => h % 3 === 0).map((h) => (
            <Typography key={h} variant="caption" color="text.secondary" sx={{ gridColumn: 'span 3', fontSize: 10, lineHeight: 1.2 }} data-testid="heatmap-hour">
              {hourLabel(h)}
            </Typography>
          ))}
          {cells.map((row) => [
            <Typography key={`d${row[0].weekday}`} variant="caption" color="text.secondary" sx={{ pr: 0.5, whiteSpace: 'nowrap' }}>
              {days[row[0].weekday - 1]}
            </Typography>,
            ...row.map((c) => (
              <Tooltip key={`${c.weekday}-${c.hour}`} title={title(c)} disableInteractive>
                <Box data-testid="heatmap-cell" data-weekday={c.weekday} data-hour={c.hour} data-calls={c.calls}
                  data-expired={cellExpiry(c)}
                  sx={{ height: { xs: 14, sm: 20 }, borderRadius: '2px',
                    ...(cellExpiry(c) === 'all' ? { background: EXPIRED_CELL } : { bgcolor: heatColor(c.calls, max) }) }} />
              </Tooltip>
            )),
          ])}
        </Box>
      </Box>
      <Stack direction="row" useFlexGap flexWrap="wrap" spacing={1} alignItems="center" justifyContent="flex-end" sx={{ mt: 1.5 }} data-testid="heatmap-legend"
        aria-label={t('heatmapLegend')}>
        <Typography variant="caption" color="text.secondary">{t('heatmapLegend')}</Typography>
        <Box sx={{ width: 12, height: 12, borderRadius: '2px', bgcolor: EMPTY }} />
        <Typography variant="caption">{formatInteger(0, lang)}</Typography>
        <Box sx={{ width: 96, height: 10, borderRadius: '2px', background: `linear-gradient(to right, ${alpha(HUE, MIN_ALPHA)}, ${HUE})` }} />
        <Typography variant="caption" data-testid="heatmap-max">{formatCompact(max, lang)}</Typography>
        {expired && (
          <>
            <Box sx={{ width: 12, height: 12, borderRadius: '2px', background: EXPIRED_CELL, ml: 1 }} data-testid="heatmap-legend-expired" />
            <Typography variant="caption">{t('heatmapExpired')}</Typography>
          </>
        )}
      </Stack>
    </>
  );
}
