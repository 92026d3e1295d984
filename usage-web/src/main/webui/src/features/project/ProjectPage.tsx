import ArrowBackIcon from '@mui/icons-material/ArrowBack';
import { Box, Breadcrumbs, Grid, Link, Stack, Typography } from '@mui/material';
import { Link as RouterLink, useParams } from 'react-router';
import { usageApi } from '../../shared/api/usage';
import { CALL_PAGE_PARAM, CallHistory } from './CallHistory';
import { projectRequests } from './projectRequests';
import { ModelDistribution } from './ModelDistribution';
import { ProjectStats } from './ProjectStats';
import { ProjectTrendChart } from './ProjectTrendChart';
import { useApi } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { CoverageNotice } from '../../shared/ui/CoverageNotice';
import { PageRangeBar } from '../../shared/ui/PageRangeBar';
import { UsageHeatmap } from '../../shared/ui/UsageHeatmap';
import { useHourlyTrends } from '../../shared/api/useHourlyTrends';
import { hourlyReaches } from '../../shared/lib/pageRange';
import { fetchCallSample } from './callSample';
import { LatencyScatter } from './LatencyScatter';
import { usePageRange } from '../../shared/url/usePageRange';
import { useDocumentTitle } from '../../shared/ui/documentTitle';
import { ProjectHeading, projectLabel } from '../../shared/ui/ProjectIdentity';
import { SectionsPlaceholder, useAfterCards } from '../../shared/ui/AfterCards';

/**
 * Project Detail (docs/product-spec.md §5): six stat cards, trend + model pie in one row, the call
 * list; each section fails (its own error with Retry) on its own.
 */
export function ProjectPage() {
  const { t } = useI18n();
  const appDid = useParams().appDid ?? '';
  // the page's one range, in the address, like the Dashboard's; the call list follows it too
  const { pageRange, range, days, granularity, tz, setPageRange } = usePageRange([CALL_PAGE_PARAM]);

  const first = projectRequests(appDid, range, granularity, tz);
  const stats = useApi(first.stats, [appDid, range], {});
  const trends = useApi(first.trends, [appDid, range, granularity], {});
  const hourly = useHourlyTrends((r) => usageApi.projectTrends(appDid, r), range, granularity, trends, [appDid]);
  const sample = useApi(() => fetchCallSample(appDid, range), [appDid, range], {});
  const models = useApi(first.models, [appDid, range], {});
  // the name comes with the stats; until then (or if they fail) the DID stands for the project
  // (only this project's: while another project's answer is still shown, its name is not this one's)
  const named = stats.data?.appDid === appDid ? stats.data : undefined;
  const project = { appDid, name: named?.name, logoUrl: named?.logoUrl, appUrl: named?.appUrl };
  useDocumentTitle(projectLabel(project));
  const modelNames = (models.data?.modelDistribution ?? []).map((m) => m.model ?? '').filter(Boolean).sort();
  // the charts, heatmap, scatter and call list render once the stat cards have their numbers (docs/web.md "First load")
  const rest = useAfterCards(!stats.initialLoading);

  return (
    <Stack spacing={3} data-testid="project-page">
      <Box>
        <Breadcrumbs>
          <Link component={RouterLink} to="/usage/dashboard" underline="hover" sx={{ display: 'flex', alignItems: 'center', gap: 0.5 }}>
            <ArrowBackIcon fontSize="small" />{t('backToDashboard')}
          </Link>
          <Typography color="text.primary">{t('project')}</Typography>
        </Breadcrumbs>
        <ProjectHeading project={project} openApp={t('openApp')} />
      </Box>
      <PageRangeBar value={pageRange} range={range} onChange={setPageRange} />
      <CoverageNotice coverage={named?.coverage} range={range} />
      <ProjectStats stats={stats} days={days} />
      {rest ? (
        <>
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, md: 8 }}>
              <ProjectTrendChart trends={trends} range={range} granularity={granularity} />
            </Grid>
            <Grid size={{ xs: 12, md: 4 }}>
              <ModelDistribution models={models} />
            </Grid>
          </Grid>
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, lg: 7 }}>
              <UsageHeatmap trends={hourly} tooLong={!hourlyReaches(range)} range={range} />
            </Grid>
            <Grid size={{ xs: 12, lg: 5 }}>
              <LatencyScatter sample={sample} />
            </Grid>
          </Grid>
          <CallHistory appDid={appDid} models={modelNames} pageRange={pageRange} />
        </>
      ) : <SectionsPlaceholder height={400} />}
    </Stack>
  );
}
