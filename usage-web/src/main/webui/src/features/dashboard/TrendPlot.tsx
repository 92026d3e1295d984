import { Box } from '@mui/material';
import { Bar, CartesianGrid, Cell, ComposedChart, Legend, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Granularity } from '../../shared/api/types';
import { useI18n } from '../../shared/i18n/I18n';
import { durationTicks, formatBucket, formatCompact, formatDuration, formatDurationTick, formatInteger, formatRate } from '../../shared/lib/format';
import { expiredRuns, lineSegments, maxOf, type ChartPoint } from '../../shared/lib/series';
import { barCell, BucketTooltip, EXPIRED_FILL, EXPIRED_OPACITY, PARTIAL_DASH, type TooltipRow } from '../../shared/ui/ChartParts';
import type { TrendMetric } from './TrendChart';

// The drawing of TrendChart (recharts): part of the charts chunk, loaded lazily (features/lazyCharts.tsx).

const CALLS = '#1976d2';
const LATENCY = '#ef6c00';
const RATE = '#66bb6a';
const RATE_BEHIND = '#c8e6c9';

export type TrendPlotProps = { points: ChartPoint[]; metric: TrendMetric; granularity: Granularity };

/** Calls as a line over success-rate bars, or one metric alone; 280 px high. */
export function TrendPlot({ points, metric, granularity }: TrendPlotProps) {
  const { t, lang } = useI18n();
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
  return (
    <Box sx={{ height: 280 }} data-testid="trend-plot" data-points={points.length} data-metric={metric}
      data-partial={points.filter((p) => p.partial).length}
      data-expired={points.filter((p) => p.expired).length}>
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
          {/* buckets retention cut into: a shaded gap, not a zero */}
          {expiredRuns(points).map((r) => (
            <ReferenceArea key={r.from} yAxisId="main" x1={r.from} x2={r.to} fill={EXPIRED_FILL} fillOpacity={EXPIRED_OPACITY}
              className="expired-area" />
          ))}
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
