import { Box } from '@mui/material';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '../../shared/i18n/I18n';
import { formatCompact, formatCreditsExact, formatDuration, formatDurationTick, formatInteger } from '../../shared/lib/format';
import type { SampledCall } from './callSample';

// The drawing of LatencyScatter (recharts): part of the charts chunk, loaded lazily (features/lazyCharts.tsx).

export type ScatterGroup = { name: string; color: string; calls: SampledCall[] };

/** Each sampled call as a point: tokens across, latency up, a colour per model, failed calls hollow in red. Fills its box. */
export function ScatterPlot({ groups, ticks, mobile, failedColor }: { groups: ScatterGroup[]; ticks: number[] | undefined; mobile: boolean; failedColor: string }) {
  const { t, lang } = useI18n();
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ScatterChart margin={{ top: 8, right: mobile ? 4 : 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis type="number" dataKey="totalUsage" name={t('tokens')} fontSize={12} domain={[0, 'auto']} allowDecimals={false}
          tickFormatter={(v) => formatCompact(Number(v), lang)}
          label={{ value: t('tokens'), position: 'insideBottomRight', offset: -4, fontSize: 12 }} />
        <YAxis type="number" dataKey="duration" name={t('latency')} fontSize={12} width={mobile ? 48 : 64} ticks={ticks}
          domain={ticks ? [0, ticks[ticks.length - 1]] : [0, 'auto']} tickFormatter={(v) => formatDurationTick(Number(v), lang)} />
        <Tooltip content={<CallTooltip failedColor={failedColor} />} cursor={{ strokeDasharray: '3 3' }} />
        {groups.map((g) => (
          <Scatter key={g.name} name={g.name} data={g.calls} fill={g.color} isAnimationActive={false}
            shape={(p: { cx?: number; cy?: number; payload?: SampledCall }) => <Point {...p} color={g.color} failedColor={failedColor} r={mobile ? 3 : 4} />} />
        ))}
      </ScatterChart>
    </ResponsiveContainer>
  );
}

function Point({ cx, cy, payload, color, failedColor, r }: { cx?: number; cy?: number; payload?: SampledCall; color: string; failedColor: string; r: number }) {
  if (cx === undefined || cy === undefined) return <g />;
  const failed = payload?.status === 'failed';
  // a failed call keeps a hint of its model's colour inside the red ring (and stays hoverable)
  return failed
    ? <circle cx={cx} cy={cy} r={r} fill={color} fillOpacity={0.15} stroke={failedColor} strokeWidth={1.5} className="failed-point" />
    : <circle cx={cx} cy={cy} r={r} fill={color} fillOpacity={0.7} />;
}

/** The hovered call: model, tokens, latency, credits, status and id. */
function CallTooltip({ active, payload, failedColor }: { active?: boolean; payload?: readonly { payload?: unknown }[]; failedColor: string }) {
  const { t, lang } = useI18n();
  const call = payload?.[0]?.payload as SampledCall | undefined;
  if (!active || !call) return null;
  const rows: [string, string][] = [
    [t('tokens'), formatInteger(call.totalUsage, lang)],
    [t('latency'), formatDuration(call.duration, lang)],
    [t('credits'), formatCreditsExact(call.credits, lang)],
    [t('status'), t(call.status === 'failed' ? 'failed' : 'success')],
    [t('callId'), call.id],
  ];
  return (
    <Box data-testid="scatter-tooltip" sx={{ bgcolor: 'background.paper', border: 1, borderColor: 'divider', p: 1, borderRadius: 1, fontSize: 13, boxShadow: 1, maxWidth: 280 }}>
      <div><strong>{call.model}</strong></div>
      {rows.map(([label, value]) => (
        <Box key={label} sx={{ overflowWrap: 'anywhere', color: label === t('status') && call.status === 'failed' ? failedColor : undefined }}>
          {label}: <strong>{value}</strong>
        </Box>
      ))}
    </Box>
  );
}
