import { Box, Card, CardContent, Skeleton, Stack, Typography, useMediaQuery, useTheme } from '@mui/material';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Granularity, TrendPoint } from '../../shared/api/types';
import { useI18n } from '../../shared/i18n/I18n';
import { formatBucket, formatCompact, formatCredits, formatDuration, formatInteger } from '../../shared/lib/format';
import { keyFigures, toChartPoints, type ChartPoint } from '../../shared/lib/series';
import { KeyFigures } from '../../shared/ui/KeyFigures';
import { RangeToggle } from '../../shared/ui/RangeToggle';

type Props = { trends?: TrendPoint[]; granularity: Granularity; days: number; onDaysChange: (d: number) => void; loading: boolean };

/** Requests (left axis) and average latency (right axis) per bucket; the tooltip adds credits. */
export function ProjectTrendChart({ trends, granularity, days, onDaysChange, loading }: Props) {
  const { t, lang } = useI18n();
  const theme = useTheme();
  const mobile = useMediaQuery(theme.breakpoints.down('sm'));
  const points = toChartPoints(trends);
  const figures = keyFigures(points);
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="project-trend-chart">
      <CardContent>
        <Stack direction="row" justifyContent="space-between" alignItems="center" sx={{ mb: 2 }}>
          <Typography variant="h6" component="h2">{t('usageTrend')}</Typography>
          <RangeToggle value={days} onChange={onDaysChange} testId="project-range" />
        </Stack>
        {loading ? <Skeleton variant="rectangular" height={mobile ? 100 : 300} /> : mobile ? (
          <KeyFigures items={[
            { label: t('requests'), value: formatCompact(figures.calls, lang) },
            { label: t('peak'), value: figures.peak ? formatInteger(figures.peak.calls, lang) : '–' },
            { label: t('avgLatency'), value: formatDuration(figures.avgDuration, lang) },
            { label: t('credits'), value: formatCredits(figures.credits, lang) },
          ]} />
        ) : (
          <Box sx={{ height: 300 }} data-testid="project-trend-plot" data-points={points.length}>
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="timestamp" tickFormatter={(ts) => formatBucket(Number(ts), granularity, lang)} minTickGap={24} fontSize={12} />
                <YAxis yAxisId="requests" fontSize={12} width={48} tickFormatter={(v) => formatCompact(Number(v), lang)}
                  label={{ value: t('requests'), angle: -90, position: 'insideLeft', fontSize: 12 }} />
                <YAxis yAxisId="latency" orientation="right" fontSize={12} width={72} tickFormatter={(v) => `${v} ms`}
                  label={{ value: t('latency'), angle: 90, position: 'insideRight', fontSize: 12 }} />
                <Tooltip content={<TrendTooltip granularity={granularity} />} />
                <Legend />
                <Bar yAxisId="requests" dataKey="calls" name={t('requests')} fill="#90caf9" isAnimationActive={false} />
                <Line yAxisId="latency" type="monotone" dataKey="avgDuration" name={t('avgLatency')} stroke="#ef6c00" strokeWidth={2}
                  dot={false} connectNulls={false} isAnimationActive={false} />
              </ComposedChart>
            </ResponsiveContainer>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}

function TrendTooltip({ active, payload, granularity }: { active?: boolean; payload?: { payload: ChartPoint }[]; granularity: Granularity }) {
  const { t, lang } = useI18n();
  if (!active || !payload?.length) return null;
  const p = payload[0].payload;
  return (
    <Box sx={{ bgcolor: 'background.paper', border: 1, borderColor: 'divider', p: 1, borderRadius: 1, fontSize: 13 }}>
      <div><strong>{formatBucket(p.timestamp, granularity, lang)}</strong></div>
      <div>{t('requests')}: {formatInteger(p.calls, lang)}</div>
      <div>{t('avgLatency')}: {formatDuration(p.avgDuration, lang)}</div>
      <div>{t('credits')}: {formatCredits(p.totalCredits, lang)}</div>
    </Box>
  );
}
