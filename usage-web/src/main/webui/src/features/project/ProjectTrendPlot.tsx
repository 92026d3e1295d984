import { Box } from '@mui/material';
import { Bar, CartesianGrid, Cell, ComposedChart, Legend, Line, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Granularity } from '../../shared/api/types';
import { useI18n } from '../../shared/i18n/I18n';
import { durationTicks, formatBucket, formatCompact, formatCreditsExact, formatDuration, formatDurationTick, formatInteger } from '../../shared/lib/format';
import { expiredRuns, lineSegments, maxOf, type ChartPoint } from '../../shared/lib/series';
import { barCell, BucketTooltip, EXPIRED_FILL, EXPIRED_OPACITY, PARTIAL_DASH, type TooltipRow } from '../../shared/ui/ChartParts';

// The drawing of ProjectTrendChart (recharts): part of the charts chunk, loaded lazily (features/lazyCharts.tsx).

const REQUESTS = '#90caf9';
const LATENCY = '#ef6c00';

/** Requests (left axis) and average latency (right axis) per bucket, credits in the tooltip; 300 px high. */
export function ProjectTrendPlot({ points, granularity }: { points: ChartPoint[]; granularity: Granularity }) {
  const { t, lang } = useI18n();
  const data = lineSegments(points, ['avgDuration']);
  const latencyTicks = durationTicks(maxOf(points, 'avgDuration'));
  const rows = (p: ChartPoint): TooltipRow[] => [
    { label: t('requests'), value: formatInteger(p.calls, lang), color: REQUESTS },
    { label: t('avgLatency'), value: formatDuration(p.avgDuration, lang), color: LATENCY },
    { label: t('credits'), value: formatCreditsExact(p.totalCredits, lang) },
  ];
  return (
    <Box sx={{ height: 300 }} data-testid="project-trend-plot" data-points={points.length} data-partial={points.filter((p) => p.partial).length}
      data-expired={points.filter((p) => p.expired).length}>
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
          {/* buckets retention cut into: a shaded gap, not a zero */}
          {expiredRuns(points).map((r) => (
            <ReferenceArea key={r.from} yAxisId="requests" x1={r.from} x2={r.to} fill={EXPIRED_FILL} fillOpacity={EXPIRED_OPACITY}
              className="expired-area" />
          ))}
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
