import { Box, Card, CardContent, MenuItem, Skeleton, Stack, TextField, Typography, useMediaQuery, useTheme } from '@mui/material';
import { useState } from 'react';
import { Bar, CartesianGrid, Cell, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Granularity, Trends } from '../../shared/api/types';
import type { ApiState } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import {
  durationTicks, formatBucket, formatCompact, formatCredits, formatDuration, formatDurationTick, formatInteger, formatRate,
} from '../../shared/lib/format';
import type { TimeRange } from '../../shared/lib/range';
import { keyFigures, lineSegments, maxOf, toChartPoints, type ChartPoint } from '../../shared/lib/series';
import { barCell, BucketTooltip, PARTIAL_DASH, type TooltipRow } from '../../shared/ui/ChartParts';
import { KeyFigures } from '../../shared/ui/KeyFigures';
import { SectionError } from '../../shared/ui/SectionError';
import { ExportButton, textExporter } from '../../shared/list/ExportButton';
import { trendCsv } from '../../shared/lib/trendCsv';

export type TrendMetric = 'calls' | 'successRate' | 'avgDuration';

const CALLS = '#1976d2';
const LATENCY = '#ef6c00';
const RATE = '#66bb6a';
const RATE_BEHIND = '#c8e6c9';

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
  const points = toChartPoints(trends.data?.trends, range, granularity);
  const figures = keyFigures(points);
  const data = lineSegments(points, ['calls', 'avgDuration']);
  const latencyTicks = durationTicks(maxOf(points, 'avgDuration'));
  const label = { calls: t('calls'), successRate: t('successRate'), avgDuration: t('avgLatency') }[metric];
  const rows = (p: ChartPoint): TooltipRow[] => {
    const rate = { label: t('successRate'), value: formatRate(p.successRate === null ? null : p.successRate / 100, lang), color: RATE };
    if (metric === 'calls') return [{ label: t('calls'), value: formatInteger(p.calls, lang), color: CALLS }, rate];
    if (metric === 'successRate') return [rate, { label: t('calls'), value: formatInteger(p.calls, lang) }];
    return [{ label: t('avgLatency'), value: formatDuration(p.avgDuration, lang), color: LATENCY }, { label: t('calls'), value: formatInteger(p.calls, lang) }];
  };
  const line = (key: 'calls' | 'avgDuration', color: string) => [
    <Line key={`${key}-solid`} yAxisId="main" type="monotone" dataKey={`${key}Solid`} name={label} stroke={color}
      strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />,
    // the segment into a partial bucket: dashed, and no second legend entry
    <Line key={`${key}-partial`} yAxisId="main" type="monotone" dataKey={`${key}Dashed`} name={label} stroke={color}
      strokeWidth={2} strokeDasharray={PARTIAL_DASH} dot={false} connectNulls={false} isAnimationActive={false}
      legendType="none" className="partial-segment" />,
  ];
  const cells = (fill: string) => points.map((p) => <Cell key={p.timestamp} {...barCell(p.partial, fill)} />);
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
      <Box sx={{ height: 280 }} data-testid="trend-plot" data-points={points.length} data-metric={metric}
        data-partial={points.filter((p) => p.partial).length}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="timestamp" tickFormatter={(ts) => formatBucket(Number(ts), granularity, lang)} minTickGap={24} fontSize={12} />
            {metric === 'avgDuration' ? (
              <YAxis yAxisId="main" fontSize={12} width={64} className="latency-axis" ticks={latencyTicks}
                domain={latencyTicks ? [0, latencyTicks[latencyTicks.length - 1]] : [0, 'auto']}
                tickFormatter={(v) => formatDurationTick(Number(v), lang)} />
            ) : (
              <YAxis yAxisId="main" fontSize={12} width={56} domain={metric === 'successRate' ? [0, 100] : [0, 'auto']} allowDecimals={false}
                tickFormatter={(v) => (metric === 'successRate' ? `${v}%` : formatCompact(Number(v), lang))} />
            )}
            {metric === 'calls' && (
              <YAxis yAxisId="rate" orientation="right" fontSize={12} width={44} domain={[0, 100]} tickFormatter={(v) => `${v}%`} />
            )}
            <Tooltip filterNull={false} content={<BucketTooltip granularity={granularity} rows={rows} testId="trend-tooltip" />} />
            {metric === 'calls' && <Legend />}
            {/* calls: the line over success-rate bars; the switch shows one metric alone */}
            {metric === 'calls' && (
              <Bar yAxisId="rate" dataKey="successRate" name={t('successRate')} fill={RATE_BEHIND} isAnimationActive={false}>
                {cells(RATE_BEHIND)}
              </Bar>
            )}
            {metric === 'successRate' ? (
              <Bar yAxisId="main" dataKey="successRate" name={label} fill={RATE} isAnimationActive={false}>{cells(RATE)}</Bar>
            ) : line(metric, metric === 'calls' ? CALLS : LATENCY)}
          </ComposedChart>
        </ResponsiveContainer>
      </Box>
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
