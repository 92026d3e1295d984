import { Box, Card, CardContent, Skeleton, Stack, Typography, useMediaQuery, useTheme } from '@mui/material';
import { Suspense } from 'react';
import type { ApiState } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { durationTicks, formatInteger } from '../../shared/lib/format';
import { PlotSkeleton } from '../../shared/ui/PlotSkeleton';
import { SectionError } from '../../shared/ui/SectionError';
import { groupByModel, type CallSample } from './callSample';
import { callsExpiredLine } from './callsExpired';
import { ScatterPlot } from '../lazyCharts';

// no red among the models: red outlines mark the failed calls
const PALETTE = ['#1976d2', '#ef6c00', '#2e7d32', '#8e24aa', '#00838f', '#6d4c41', '#f9a825'];
const OTHER = '#9e9e9e';
const FAILED = '#d32f2f';

type Props = { sample: Pick<ApiState<CallSample>, 'data' | 'initialLoading' | 'error' | 'retry'> };

/** Each sampled call as a point: tokens across, latency up, a colour per model, failed calls hollow in red. */
export function LatencyScatter({ sample }: Props) {
  const { t, lang } = useI18n();
  const theme = useTheme();
  const mobile = useMediaQuery(theme.breakpoints.down('sm'));
  const data = sample.data;
  const list = data?.list ?? [];
  const groups = groupByModel(list).map((g, i) => ({
    ...g, name: g.other ? t('scatterOther') : g.model, color: g.other ? OTHER : PALETTE[i % PALETTE.length],
  }));
  const ticks = durationTicks(list.length ? Math.max(...list.map((c) => c.duration)) : null);
  const shown = data !== undefined && !sample.initialLoading && sample.error === undefined;
  // calls before coverage.exactFrom expired (retention): the sample holds kept calls only; say so, as the call list does
  const expired = shown ? callsExpiredLine(data.coverage, t, lang) : undefined;
  let body;
  if (sample.initialLoading) {
    body = <Skeleton variant="rectangular" height={mobile ? 220 : 320} />;
  } else if (sample.error !== undefined) {
    body = <SectionError what={t('scatterTitle')} error={sample.error} onRetry={sample.retry} />;
  } else if (list.length === 0) {
    body = expired ? (
      <Box sx={{ py: 6, textAlign: 'center' }} data-testid="scatter-empty" data-expired="true">
        <Typography color="text.secondary">{expired}</Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>{t('callsExpiredHint')}</Typography>
      </Box>
    ) : <Typography color="text.secondary" sx={{ py: 6, textAlign: 'center' }} data-testid="scatter-empty">{t('scatterEmpty')}</Typography>;
  } else {
    body = (
      <>
        {expired && <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="scatter-expired">{expired}</Typography>}
        {/* inline-size containment: the drawn chart never holds its card wider than the screen */}
        <Box sx={{ height: mobile ? 220 : 320, minWidth: 0, contain: 'inline-size' }} data-testid="scatter-plot">
          <Suspense fallback={<PlotSkeleton height={mobile ? 220 : 320} />}>
            <ScatterPlot groups={groups} ticks={ticks} mobile={mobile} failedColor={FAILED} />
          </Suspense>
        </Box>
        <Stack direction="row" useFlexGap flexWrap="wrap" columnGap={2} rowGap={0.5} sx={{ mt: 1 }} data-testid="scatter-legend">
          {groups.map((g) => <LegendItem key={g.name} label={g.name} fill={g.color} stroke={g.color} />)}
          {list.some((c) => c.status === 'failed') && <LegendItem label={t('scatterFailed')} fill="transparent" stroke={FAILED} />}
        </Stack>
      </>
    );
  }
  return (
    <Card variant="outlined" sx={{ minWidth: 0 }} data-testid="latency-scatter"
      data-points={shown ? list.length : undefined} data-total={shown ? data.total : undefined}>
      <CardContent>
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={0.5} justifyContent="space-between" alignItems={{ sm: 'baseline' }} sx={{ mb: 2 }}>
          <Typography variant="h6" component="h2">{t('scatterTitle')}</Typography>
          {shown && list.length > 0 && (
            <Typography variant="body2" color="text.secondary" data-testid="scatter-caption">
              {data.total > list.length
                ? t('scatterSample', { shown: formatInteger(list.length, lang), total: formatInteger(data.total, lang) })
                : t('scatterAll', { count: formatInteger(list.length, lang) })}
            </Typography>
          )}
        </Stack>
        {body}
      </CardContent>
    </Card>
  );
}

function LegendItem({ label, fill, stroke }: { label: string; fill: string; stroke: string }) {
  return (
    <Stack direction="row" spacing={0.75} alignItems="center" sx={{ minWidth: 0, maxWidth: '100%' }} data-testid="scatter-legend-item">
      <Box sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: fill, border: `1.5px solid ${stroke}`, flexShrink: 0 }} />
      <Typography variant="caption" noWrap>{label}</Typography>
    </Stack>
  );
}
