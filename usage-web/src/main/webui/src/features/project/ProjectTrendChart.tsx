import { Box, Card, CardContent, Skeleton, Stack, Typography, useMediaQuery, useTheme } from '@mui/material';
import { Bar, CartesianGrid, Cell, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Granularity, Trends } from '../../shared/api/types';
import type { ApiState } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import {
  durationTicks, formatBucket, formatCompact, formatCredits, formatCreditsExact, formatDuration, formatDurationTick, formatInteger,
} from '../../shared/lib/format';
import type { TimeRange } from '../../shared/lib/range';
import { keyFigures, lineSegments, maxOf, toChartPoints, type ChartPoint } from '../../shared/lib/series';
import { barCell, BucketTooltip, PARTIAL_DASH, type TooltipRow } from '../../shared/ui/ChartParts';
import { KeyFigures } from '../../shared/ui/KeyFigures';
import { SectionError } from '../../shared/ui/SectionError';
import { ExportButton, textExporter } from '../../shared/list/ExportButton';
import { trendCsv } from '../../shared/lib/trendCsv';

const REQUESTS = '#90caf9';
const LATENCY = '#ef6c00';

type Props = {
  trends: Pick<ApiState<Trends>, 'data' | 'initialLoading' | 'error' | 'retry'>;
  range: TimeRange;
  granularity: Granularity;
};

/** Requests (left axis) and average latency (right axis) per bucket; the tooltip adds credits. */
export function ProjectTrendChart({ trends, range, granularity }: Props) {
  const { t, lang } = useI18n();
  const theme = useTheme();
  const mobile = useMediaQuery(theme.breakpoints.down('sm'));
  const points = toChartPoints(trends.data?.trends, range, granularity);
  const figures = keyFigures(points);
  const data = lineSegments(points, ['avgDuration']);
  const latencyTicks = durationTicks(maxOf(points, 'avgDuration'));
  const rows = (p: ChartPoint): TooltipRow[] => [
    { label: t('requests'), value: formatInteger(p.calls, lang), color: REQUESTS },
    { label: t('avgLatency'), value: formatDuration(p.avgDuration, lang), color: LATENCY },
    { label: t('credits'), value: formatCreditsExact(p.totalCredits, lang) },
  ];
  let body;
  if (trends.initialLoading) {
    body = <Skeleton variant="rectangular" height={mobile ? 100 : 300} />;
  } else if (trends.error !== undefined) {
    body = <SectionError what={t('usageTrend')} error={trends.error} onRetry={trends.retry} />;
  } else if (mobile) {
    body = (
      <KeyFigures items={[
        { label: t('requests'), value: formatCompact(figures.calls, lang) },
        { label: t('peak'), value: figures.peak ? formatInteger(figures.peak.calls, lang) : '–' },
        { label: t('avgLatency'), value: formatDuration(figures.avgDuration, lang) },
        { label: t('credits'), value: formatCredits(figures.credits, lang) },
      ]} />
    );
  } else {
    body = (
      <Box sx={{ height: 300 }} data-testid="project-trend-plot" data-points={points.length} data-partial={points.filter((p) => p.partial).length}>
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="timestamp" tickFormatter={(ts) => formatBucket(Number(ts), granularity, lang)} minTickGap={24} fontSize={12} />
            <YAxis yAxisId="requests" fontSize={12} width={48} allowDecimals={false} tickFormatter={(v) => formatCompact(Number(v), lang)}
              label={{ value: t('requests'), angle: -90, position: 'insideLeft', fontSize: 12 }} />
            <YAxis yAxisId="latency" orientation="right" fontSize={12} width={64} className="latency-axis" ticks={latencyTicks}
              domain={latencyTicks ? [0, latencyTicks[latencyTicks.length - 1]] : [0, 'auto']}
              tickFormatter={(v) => formatDurationTick(Number(v), lang)}
              label={{ value: t('latency'), angle: 90, position: 'insideRight', fontSize: 12 }} />
            <Tooltip filterNull={false} content={<BucketTooltip granularity={granularity} rows={rows} testId="project-trend-tooltip" />} />
            <Legend />
            <Bar yAxisId="requests" dataKey="calls" name={t('requests')} fill={REQUESTS} isAnimationActive={false}>
              {points.map((p) => <Cell key={p.timestamp} {...barCell(p.partial, REQUESTS)} />)}
            </Bar>
            <Line yAxisId="latency" type="monotone" dataKey="avgDurationSolid" name={t('avgLatency')} stroke={LATENCY} strokeWidth={2}
              dot={false} connectNulls={false} isAnimationActive={false} />
            <Line yAxisId="latency" type="monotone" dataKey="avgDurationDashed" name={t('avgLatency')} stroke={LATENCY} strokeWidth={2}
              strokeDasharray={PARTIAL_DASH} dot={false} connectNulls={false} isAnimationActive={false} legendType="none" className="partial-segment" />
          </ComposedChart>
        </ResponsiveContainer>
      </Box>
    );
  }
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="project-trend-chart">
      <CardContent>
        <Stack direction="row" justifyContent="space-between" alignItems="center" sx={{ mb: 2 }}>
          <Typography variant="h6" component="h2">{t('usageTrend')}</Typography>
          <ExportButton testId="export-project-trend" exporter={textExporter(() => ({ ...trendCsv(trends.data, range, granularity), filename: 'project-trend.csv' }))} />
        </Stack>
        {body}
      </CardContent>
    </Card>
  );
}
