import { Box, Card, CardContent, Skeleton, Stack, Typography } from '@mui/material';
import { Suspense } from 'react';
import type { ModelDistribution as Models } from '../../shared/api/types';
import type { ApiState } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { PlotSkeleton } from '../../shared/ui/PlotSkeleton';
import { SectionError } from '../../shared/ui/SectionError';
import { ModelPie } from '../lazyCharts';

export const MODEL_COLORS = ['#1976d2', '#ef6c00', '#2e7d32', '#8e24aa', '#c62828', '#00838f', '#6d4c41', '#546e7a'];

/** A small pie of the project's models with name and percentage; hover shows the calls. */
export function ModelDistribution({ models: state }: { models: Pick<ApiState<Models>, 'data' | 'initialLoading' | 'error' | 'retry'> }) {
  const { t } = useI18n();
  const data = (state.data?.modelDistribution ?? []).map((m) => ({ name: m.model ?? '', calls: m.calls ?? 0, percentage: m.percentage ?? 0 }));
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid="model-distribution">
      <CardContent>
        <Typography variant="h6" component="h2" sx={{ mb: 1 }}>{t('modelDistribution')}</Typography>
        {state.initialLoading ? <Skeleton variant="circular" width={160} height={160} sx={{ mx: 'auto' }} /> : state.error !== undefined ? (
          <SectionError what={t('modelDistribution')} error={state.error} onRetry={state.retry} />
        ) : data.length === 0 ? (
          <Typography color="text.secondary" sx={{ py: 6, textAlign: 'center' }}>{t('noModels')}</Typography>
        ) : (
          // a full-width card (tablets): pie and list side by side instead of a mostly empty card
          <Stack direction={{ xs: 'column', sm: 'row', md: 'column' }} spacing={{ xs: 0, sm: 3, md: 0 }} alignItems={{ sm: 'center', md: 'stretch' }}>
            {/* phones: the list with percentages is the key figure; the pie stays on larger screens */}
            <Box sx={{ height: 170, width: { sm: 220, md: '100%' }, flexShrink: 0, display: { xs: 'none', sm: 'block' } }} data-testid="model-pie">
              <Suspense fallback={<PlotSkeleton circular width={150} height={150} />}>
                <ModelPie data={data.map((d, i) => ({ ...d, color: MODEL_COLORS[i % MODEL_COLORS.length] }))} />
              </Suspense>
            </Box>
            <Stack spacing={0.5} sx={{ mt: 1, flexGrow: 1, minWidth: 0 }}>
              {data.map((d, i) => (
                <Stack key={d.name} direction="row" spacing={1} alignItems="center" data-testid="model-share">
                  <Box sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: MODEL_COLORS[i % MODEL_COLORS.length], flexShrink: 0 }} />
                  <Typography variant="body2" sx={{ flexGrow: 1, overflow: 'hidden', textOverflow: 'ellipsis' }} noWrap>{d.name}</Typography>
                  <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums' }} data-testid="model-percentage">{d.percentage.toFixed(2)}%</Typography>
                </Stack>
              ))}
            </Stack>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
}
