import { Bar, BarChart, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../../shared/i18n/I18n';
import { formatBucket, formatCompact, formatCreditsExact } from '../../shared/lib/format';
import type { ChartPoint } from '../../shared/lib/series';
import { barCell, BucketTooltip } from '../../shared/ui/ChartParts';

// The drawing of QuotaSection's 7-day spend (recharts): part of the charts chunk, loaded lazily (features/lazyCharts.tsx).

const SPEND = '#1976d2';

/** One bar per day with its date, a tooltip per day; fills its box (110 px high in QuotaSection). */
export function SpendPlot({ points }: { points: ChartPoint[] }) {
  const { t, lang } = useI18n();
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={points} margin={{ top: 6, right: 4, bottom: 0, left: 0 }}>
        <XAxis dataKey="timestamp" tickFormatter={(ts) => formatBucket(Number(ts), 'day', lang)} fontSize={11}
          interval="preserveStartEnd" minTickGap={8} tickLine={false} />
        <YAxis width={40} fontSize={11} tickCount={3} tickLine={false} axisLine={false}
          tickFormatter={(v) => formatCompact(Number(v), lang)} />
        <Tooltip filterNull={false} cursor={{ fill: 'rgba(0,0,0,0.04)' }} content={<BucketTooltip granularity="day" testId="spend-tooltip"
          rows={(p) => [{ label: t('spent'), value: t('creditsAmount', { amount: formatCreditsExact(p.totalCredits, lang) }), color: SPEND }]} />} />
        <Bar dataKey="totalCredits" name={t('credits')} fill={SPEND} isAnimationActive={false} background={{ fill: 'transparent' }}>
          {points.map((p) => <Cell key={p.timestamp} {...barCell(p.partial, SPEND)} />)}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
