import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Box, Breadcrumbs, Grid, Link, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { usageApi } from '../../shared/api/usage';
import { CallHistory } from './CallHistory';
import { ModelDistribution } from './ModelDistribution';
import { ProjectStats } from './ProjectStats';
import { ProjectTrendChart } from './ProjectTrendChart';
import { useApi } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { browserTimeZone, granularityFor, nowSeconds, rangeEndingAt } from '../../shared/lib/range';

/** Project Detail (docs/product-spec.md §5): six stat cards, trend + model pie in one row, the call list. */
export function ProjectPage() {
  const { t } = useI18n();
  const appDid = useParams().appDid ?? '';
  const [days, setDays] = useState(30);
  const [range, setRange] = useState(() => rangeEndingAt(30, nowSeconds()));
  const changeDays = (d: number) => { setDays(d); setRange(rangeEndingAt(d, nowSeconds())); };
  const granularity = granularityFor(days);
  const tz = browserTimeZone();

  const stats = useApi(() => usageApi.projectStats(appDid, range), [appDid, range], { what: t('project') });
  const trends = useApi(() => usageApi.projectTrends(appDid, { ...range, granularity, tz }), [appDid, range, granularity],
    { what: t('usageTrend') });
  const models = useApi(() => usageApi.projectModels(appDid, range), [appDid, range], { what: t('modelDistribution') });
  const modelNames = (models.data?.modelDistribution ?? []).map((m) => m.model ?? '').filter(Boolean).sort();

  return (
    <Stack spacing={3} data-testid="project-page">
      <Box>
        <Breadcrumbs>
          <Link component={RouterLink} to="/usage/dashboard" underline="hover" sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
            <ArrowBackIcon fontSize="small" />{t('backToDashboard')}
          </Link>
          <Typography color="text.primary">{t('project')}</Typography>
        </Breadcrumbs>
        <Typography variant="h5" component="h1" sx={{ mt: 1, wordBreak: 'break-all' }} data-testid="project-title">{appDid}</Typography>
      </Box>
      <ProjectStats stats={stats.data} days={days} loading={stats.initialLoading} />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 8 }}>
          <ProjectTrendChart trends={trends.data?.trends} granularity={granularity} days={days} onDaysChange={changeDays}
            loading={trends.initialLoading} />
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <ModelDistribution models={models.data?.modelDistribution} loading={models.initialLoading} />
        </Grid>
      </Grid>
      <CallHistory appDid={appDid} models={modelNames} p95={stats.data?.p95Duration} avg={stats.data?.avgDuration} />
    </Stack>
  );
}
