import { Box, Card, CardContent, MenuItem, Skeleton, Stack, TextField, Typography, useMediaQuery, useTheme } from '@mui/material';
import { useState } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Granularity, TrendPoint } from '../../shared/api/types';
import { useI18n } from '../../shared/i18n/I18n';
import { formatBucket, formatCompact, formatCredits, formatDuration, formatInteger, formatRate } from '../../shared/lib/format';
import { keyFigures, toChartPoints } from '../../shared/lib/series';
import { KeyFigures } from '../../shared/ui/KeyFigures';
import { RangeToggle } from '../../shared/ui/RangeToggle';

export type TrendMetric = 'calls' | 'successRate' | 'avgDuration';

type Props = { trends?: TrendPoint[]; granularity: Granularity; days: number; onDaysChange: (d: number) => void; loading: boolean };

/** The user's trend: calls as a line, success rate as bars, or average latency; hourly up to 7 days. */
export function TrendChart({ trends, granularity, days, onDaysChange, loading }: Props) {
  const { t, lang } = useI18n();
  const theme = useTheme();
  const mobile = useMediaQuery(theme.breakpoints.down('sm'));
  const [metric, setMetric] = useState<TrendMetric>('calls');
  const points = toChartPoints(trends);
  const figures = keyFigures(points);
  const label = { calls: t('calls'), successRate: t('successRate'), avgDuration: t('avgLatency') }[metric];
  const valueText = (v: unknown) => (v === null || v === undefined ? '–'
    : metric === 'calls' ? formatInteger(Number(v), lang)
      : metric === 'successRate' ? formatRate(Number(v) / 100, lang) : formatDuration(Number(v), lang));
  return (
    <Card variant="outlined" data-testid="trend-chart">
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={1} justifyContent="space-between" alignItems={{ sm: 'center' }} sx={{ mb: 2 }}>
          <Typography variant="h6" component="h2">{t('usageTrend')}</Typography>
          <Stack direction="row" spacing={1} alignItems="center">
            <TextField select size="small" label={t('metric')} value={metric} onChange={(e) => setMetric(e.target.value as TrendMetric)}
              sx={{ minWidth: 140 }} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'trend-metric' } as object } }}>
              <MenuItem value="calls">{t('calls')}</MenuItem>
              <MenuItem value="successRate">{t('successRate')}</MenuItem>
              <MenuItem value="avgDuration">{t('avgLatency')}</MenuItem>
            </TextField>
            <RangeToggle value={days} onChange={onDaysChange} testId="trend-range" />
          </Stack>
        </Stack>
        {loading ? <Skeleton variant="rectangular" height={mobile ? 100 : 280} /> : mobile ? (
          <KeyFigures items={[
            { label: t('calls'), value: formatCompact(figures.calls, lang) },
            { label: t('peak'), value: figures.peak ? `${formatInteger(figures.peak.calls, lang)} · ${formatBucket(figures.peak.timestamp, granularity, lang)}` : '–' },
            { label: t('avgLatency'), value: formatDuration(figures.avgDuration, lang) },
            { label: t('credits'), value: formatCredits(figures.credits, lang) },
          ]} />
        ) : (
          <Box sx={{ height: 280 }} data-testid="trend-plot" data-points={points.length} data-metric={metric}>
            <ResponsiveContainer width="100%" height="100%">
              <ComposedChart data={points} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="timestamp" tickFormatter={(ts) => formatBucket(Number(ts), granularity, lang)} minTickGap={24} fontSize={12} />
                <YAxis yAxisId="main" fontSize={12} width={56} domain={metric === 'successRate' ? [0, 100] : [0, 'auto']}
                  tickFormatter={(v) => (metric === 'successRate' ? `${v}%` : metric === 'avgDuration' ? `${v} ms` : formatCompact(Number(v), lang))} />
                {metric === 'calls' && (
                  <YAxis yAxisId="rate" orientation="right" fontSize={12} width={44} domain={[0, 100]} tickFormatter={(v) => `${v}%`} />
                )}
                <Tooltip labelFormatter={(ts) => formatBucket(Number(ts), granularity, lang)}
                  formatter={(v, name) => (name === t('successRate') && metric === 'calls'
                    ? [formatRate(Number(v) / 100, lang), name] : [valueText(v), name])} />
                {metric === 'calls' && <Legend />}
                {/* calls: the line over success-rate bars; the switch shows one metric alone */}
                {metric === 'calls' && (
                  <Bar yAxisId="rate" dataKey="successRate" name={t('successRate')} fill="#c8e6c9" isAnimationActive={false} />
                )}
                {metric === 'successRate' ? (
                  <Bar yAxisId="main" dataKey="successRate" name={label} fill="#66bb6a" isAnimationActive={false} />
                ) : (
                  <Line yAxisId="main" type="monotone" dataKey={metric} name={label} stroke={metric === 'calls' ? '#1976d2' : '#ef6c00'}
                    strokeWidth={2} dot={false} connectNulls={false} isAnimationActive={false} />
                )}
              </ComposedChart>
            </ResponsiveContainer>
          </Box>
        )}
      </CardContent>
    </Card>
  );
}
