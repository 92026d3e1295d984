import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from 'recharts';
import { useI18n } from '../../shared/i18n/I18n';
import { formatInteger } from '../../shared/lib/format';

// The pie of ModelDistribution (recharts): part of the charts chunk, loaded lazily (features/lazyCharts.tsx).

export type ModelSlice = { name: string; calls: number; percentage: number; color: string };

/** A ring of the models' calls; hover shows the calls and the share. Fills its box. */
export function ModelPie({ data }: { data: ModelSlice[] }) {
  const { t, lang } = useI18n();
  return (
    <ResponsiveContainer width="100%" height="100%">
      <PieChart>
        <Pie data={data} dataKey="calls" nameKey="name" innerRadius={40} outerRadius={75} isAnimationActive={false}>
          {data.map((d) => <Cell key={d.name} fill={d.color} />)}
        </Pie>
        <Tooltip formatter={(v, name, item) => [`${formatInteger(Number(v), lang)} ${t('calls')} (${(item.payload as { percentage: number }).percentage}%)`, name]} />
      </PieChart>
    </ResponsiveContainer>
  );
}
