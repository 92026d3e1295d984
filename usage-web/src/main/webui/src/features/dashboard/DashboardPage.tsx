import NotificationsActiveOutlinedIcon from '@mui/icons-material/NotificationsActiveOutlined';
import { Button, Stack } from '@mui/material';
import { Link as RouterLink } from 'react-router';
import { useEffect, useState } from 'react';
import { usageApi } from '../../shared/api/usage';
import { dashboardRequests } from './dashboardRequests';
import { EmptyState } from './EmptyState';
import { OverviewCards } from './OverviewCards';
import { PROJECT_PAGE_PARAM, ProjectList } from './ProjectList';
import { QuotaDetailsList, POLL_QUOTA_MS } from '../credits/QuotaDetailsList';
import { QuotaSection } from '../credits/QuotaSection';
import { TrendChart } from './TrendChart';
import { useApi } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { CoverageNotice } from '../../shared/ui/CoverageNotice';
import { PageRangeBar } from '../../shared/ui/PageRangeBar';
import { UsageHeatmap } from '../../shared/ui/UsageHeatmap';
import { useHourlyTrends } from '../../shared/api/useHourlyTrends';
import { hourlyReaches } from '../../shared/lib/pageRange';
import { usePageRange } from '../../shared/url/usePageRange';
import { useDocumentTitle } from '../../shared/ui/documentTitle';
import { SectionsPlaceholder, useAfterCards } from '../../shared/ui/AfterCards';

/**
 * Dashboard, top to bottom (docs/product-spec.md §5): credits, overview, trend, projects, credit
 * history. Each section loads, fails (its own error with Retry) and retries on its own.
 */
export function DashboardPage() {
  const { t } = useI18n();
  useDocumentTitle(t('dashboard'));
  // the page's one range, in the address; fixed while it stays: statistics and trends do not poll
  const { pageRange, range, days, granularity, tz, setPageRange } = usePageRange([PROJECT_PAGE_PARAM]);

  const first = dashboardRequests(range, granularity, tz);
  const quota = useApi(first.quota, [], { pollingInterval: POLL_QUOTA_MS });
  // seven whole local days: today (partial) and the six before, asked again at every poll
  const spend = useApi(first.spend, ['spend'], { pollingInterval: POLL_QUOTA_MS });
  // the running month's expected spend: changes slowly, asked once per visit
  const forecast = useApi(() => usageApi.forecast(), ['forecast'], {});
  const [waitingForFirstCall, setWaitingForFirstCall] = useState(false);
  // while the empty state shows, look again now and then: the first call replaces it without a reload;
  // a failure here says nothing (the sections below say it for themselves)
  const everything = useApi(() => usageApi.hasCalls(), [], { pollingInterval: waitingForFirstCall ? POLL_QUOTA_MS : undefined });
  const overview = useApi(first.overview, [range], {});
  const trends = useApi(first.trends, [range, granularity], {});
  const hourly = useHourlyTrends((r) => usageApi.trends(r), range, granularity, trends);
  const noCallsEver = everything.data !== undefined && (everything.data.totalCalls ?? 0) === 0;
  // the trend, heatmap and lists render once the cards have their numbers (docs/web.md "First load")
  const rest = useAfterCards(!overview.initialLoading);
  useEffect(() => setWaitingForFirstCall(noCallsEver), [noCallsEver]);

  return (
    <Stack spacing={3} data-testid="dashboard">
      <Stack direction="row" justifyContent="flex-end" sx={{ mb: -1.5 }}>
        <Button size="small" component={RouterLink} to="/usage/alerts" startIcon={<NotificationsActiveOutlinedIcon />} data-testid="open-alerts">
          {t('alerts')}
        </Button>
      </Stack>
      <QuotaSection quota={quota} spend={spend} forecast={forecast} draw={rest} />
      {noCallsEver ? <EmptyState /> : (
        <>
          <PageRangeBar value={pageRange} range={range} onChange={setPageRange} />
          <CoverageNotice coverage={overview.data?.coverage} range={range} />
          <OverviewCards overview={overview} days={days} />
          {rest ? (
            <>
              <TrendChart trends={trends} range={range} granularity={granularity} />
              <UsageHeatmap trends={hourly} tooLong={!hourlyReaches(range)} range={range} />
              <ProjectList range={range} />
            </>
          ) : <SectionsPlaceholder height={380} />}
        </>
      )}
      {rest && <QuotaDetailsList />}
    </Stack>
  );
}
