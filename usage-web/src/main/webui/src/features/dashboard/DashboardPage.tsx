import { Stack } from '@mui/material';
import { useEffect, useState } from 'react';
import { usageApi } from '../../shared/api/usage';
import { EmptyState } from './EmptyState';
import { OverviewCards } from './OverviewCards';
import { ProjectList } from './ProjectList';
import { QuotaDetailsList, POLL_QUOTA_MS } from '../credits/QuotaDetailsList';
import { QuotaSection } from '../credits/QuotaSection';
import { TrendChart } from './TrendChart';
import { useApi } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { browserTimeZone, granularityFor, lastDays, nowSeconds, rangeEndingAt } from '../../shared/lib/range';

/** Dashboard, top to bottom (docs/product-spec.md §5): credits, overview, trend, projects, credit history. */
export function DashboardPage() {
  const { t } = useI18n();
  const [days, setDays] = useState(30);
  // fixed while the range stays: statistics and trends do not poll
  const [range, setRange] = useState(() => rangeEndingAt(30, nowSeconds()));
  const changeDays = (d: number) => { setDays(d); setRange(rangeEndingAt(d, nowSeconds())); };
  const granularity = granularityFor(days);
  const tz = browserTimeZone();

  const quota = useApi(() => usageApi.quota(), [], { what: t('credits'), pollingInterval: POLL_QUOTA_MS });
  // seven whole local days: today and the six before
  const spend = useApi(() => usageApi.trends({ ...lastDays(7, new Date()), granularity: 'day', tz }), ['spend'],
    { what: t('spend7d'), pollingInterval: POLL_QUOTA_MS });
  const [waitingForFirstCall, setWaitingForFirstCall] = useState(false);
  // while the empty state shows, look again now and then: the first call replaces it without a reload
  const everything = useApi(() => usageApi.hasCalls(), [], { what: t('totalCalls'), pollingInterval: waitingForFirstCall ? POLL_QUOTA_MS : undefined });
  const overview = useApi(() => usageApi.overview(range), [range], { what: t('totalCalls') });
  const trends = useApi(() => usageApi.trends({ ...range, granularity, tz }), [range, granularity], { what: t('usageTrend') });
  const noCallsEver = everything.data !== undefined && (everything.data.totalCalls ?? 0) === 0;
  useEffect(() => setWaitingForFirstCall(noCallsEver), [noCallsEver]);

  return (
    <Stack spacing={3} data-testid="dashboard">
      <QuotaSection quota={quota.data} spend={spend.data?.trends} loading={quota.initialLoading} />
      {noCallsEver ? <EmptyState /> : (
        <>
          <OverviewCards overview={overview.data} days={days} loading={overview.initialLoading} />
          <TrendChart trends={trends.data?.trends} granularity={granularity} days={days} onDaysChange={changeDays}
            loading={trends.initialLoading} />
          <ProjectList range={range} days={days} />
        </>
      )}
      <QuotaDetailsList />
    </Stack>
  );
}
