import { Card, CardContent, Skeleton, Stack, Typography, useMediaQuery, useTheme } from '@mui/material';
import { Suspense } from 'react';
import type { Granularity, Trends } from '../../shared/api/types';
import type { ApiState } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { formatCompact, formatCredits, formatDuration, formatInteger } from '../../shared/lib/format';
import type { TimeRange } from '../../shared/lib/range';
import { keyFigures, toChartPoints } from '../../shared/lib/series';
import { KeyFigures } from '../../shared/ui/KeyFigures';
import { PlotSkeleton } from '../../shared/ui/PlotSkeleton';
import { SectionError } from '../../shared/ui/SectionError';
import { ExportButton, textExporter } from '../../shared/list/ExportButton';
import { trendCsv } from '../../shared/lib/trendCsv';
import { ProjectTrendPlot } from '../lazyCharts';

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
  const points = toChartPoints(trends.data?.trends, range, granularity, trends.data?.coverage);
  const figures = keyFigures(points);
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
      <Suspense fallback={<PlotSkeleton height={300} />}>
        <ProjectTrendPlot points={points} granularity={granularity} />
      </Suspense>
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
