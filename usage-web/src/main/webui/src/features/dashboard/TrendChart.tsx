import { Card, CardContent, MenuItem, Skeleton, Stack, TextField, Typography, useMediaQuery, useTheme } from '@mui/material';
import { Suspense, useState } from 'react';
import type { Granularity, Trends } from '../../shared/api/types';
import type { ApiState } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { formatBucket, formatCompact, formatCredits, formatDuration, formatInteger, formatRate } from '../../shared/lib/format';
import type { TimeRange } from '../../shared/lib/range';
import { keyFigures, toChartPoints, type ChartPoint } from '../../shared/lib/series';
import { KeyFigures } from '../../shared/ui/KeyFigures';
import { PlotSkeleton } from '../../shared/ui/PlotSkeleton';
import { SectionError } from '../../shared/ui/SectionError';
import { ExportButton, textExporter } from '../../shared/list/ExportButton';
import { trendCsv } from '../../shared/lib/trendCsv';
import { TrendPlot } from '../lazyCharts';

export type TrendMetric = 'calls' | 'successRate' | 'avgDuration';

type Props = {
  trends: Pick<ApiState<Trends>, 'data' | 'initialLoading' | 'error' | 'retry'>;
  /** the range the trend was asked for: which buckets it covers only in part */
  range: TimeRange;
  granularity: Granularity;
};

/** The user's trend: calls as a line, success rate as bars, or average latency; hourly up to 7 days. */
export function TrendChart({ trends, range, granularity }: Props) {
  const { t, lang } = useI18n();
  const theme = useTheme();
  const mobile = useMediaQuery(theme.breakpoints.down('sm'));
  const [metric, setMetric] = useState<TrendMetric>('calls');
  const points = toChartPoints(trends.data?.trends, range, granularity, trends.data?.coverage);
  const figures = keyFigures(points);
  let body;
  if (trends.initialLoading) {
    body = <Skeleton variant="rectangular" height={mobile ? 100 : 280} />;
  } else if (trends.error !== undefined) {
    body = <SectionError what={t('usageTrend')} error={trends.error} onRetry={trends.retry} />;
  } else if (mobile) {
    body = (
      <KeyFigures testId="trend-figures" metric={metric} items={phoneFigures(metric, points, figures, granularity, t, lang)} />
    );
  } else {
    body = (
      <Suspense fallback={<PlotSkeleton height={280} />}>
        <TrendPlot points={points} metric={metric} granularity={granularity} />
      </Suspense>
    );
  }
  return (
    <Card variant="outlined" data-testid="trend-chart">
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} justifyContent="space-between" alignItems={{ sm: 'center' }} sx={{ mb: 2 }}>
          <Typography variant="h6" component="h2">{t('usageTrend')}</Typography>
          <Stack direction="row" spacing={1} alignItems="center">
            <ExportButton testId="export-trend" exporter={textExporter(() => ({ ...trendCsv(trends.data, range, granularity), filename: 'usage-trend.csv' }))} />
            <TextField select size="small" label={t('metric')} value={metric} onChange={(e) => setMetric(e.target.value as TrendMetric)}
              sx={{ minWidth: 140 }} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'trend-metric' } as object } }}>
              <MenuItem value="calls">{t('calls')}</MenuItem>
              <MenuItem value="successRate">{t('successRate')}</MenuItem>
              <MenuItem value="avgDuration">{t('avgLatency')}</MenuItem>
            </TextField>
          </Stack>
        </Stack>
        {body}
      </CardContent>
    </Card>
  );
}

type Figures = ReturnType<typeof keyFigures>;

/** A phone's key figures follow the metric switch: the metric's figure over the range, its extreme bucket, and the calls. */
function phoneFigures(metric: TrendMetric, points: ChartPoint[], figures: Figures, granularity: Granularity,
  t: ReturnType<typeof useI18n>['t'], lang: ReturnType<typeof useI18n>['lang']) {
  const at = (p: ChartPoint) => formatBucket(p.timestamp, granularity, lang);
  const calls = { label: t('calls'), value: formatCompact(figures.calls, lang) };
  if (metric === 'successRate') {
    const lowest = extreme(points, 'successRate', -1);
    return [
      { label: t('successRate'), value: formatRate(figures.successRate === null ? null : figures.successRate / 100, lang) },
      { label: t('lowest'), value: lowest ? `${formatRate(lowest.successRate! / 100, lang)} · ${at(lowest)}` : '–' },
      calls,
    ];
  }
  if (metric === 'avgDuration') {
    const slowest = extreme(points, 'avgDuration', 1);
    return [
      { label: t('avgLatency'), value: formatDuration(figures.avgDuration, lang) },
      { label: t('slowest'), value: slowest ? `${formatDuration(slowest.avgDuration, lang)} · ${at(slowest)}` : '–' },
      calls,
    ];
  }
  return [
    calls,
    { label: t('peak'), value: figures.peak ? `${formatInteger(figures.peak.calls, lang)} · ${formatBucket(figures.peak.timestamp, granularity, lang)}` : '–' },
    { label: t('credits'), value: formatCredits(figures.credits, lang) },
  ];
}

/** The bucket with the highest (1) or lowest (−1) value of a metric, among buckets that have one. */
function extreme(points: ChartPoint[], key: 'successRate' | 'avgDuration', sign: 1 | -1): ChartPoint | null {
  return points.reduce<ChartPoint | null>((best, p) => (p[key] !== null && (best === null || sign * (p[key]! - best[key]!) > 0) ? p : best), null);
}
