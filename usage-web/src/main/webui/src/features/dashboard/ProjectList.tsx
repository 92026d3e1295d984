import SearchIcon from '@mui/icons-material/Search';
import { InputAdornment, TextField } from '@mui/material';
import { useDebounce } from 'ahooks';
import { useState } from 'react';
import type { ProjectSummary } from '../../shared/api/types';
import { usageApi, type Range } from '../../shared/api/usage';
import { useApi } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { errorDetail } from '../../shared/ui/Feedback';
import { formatCredits, formatCreditsExact, formatDateTime, formatInteger, formatRate } from '../../shared/lib/format';
import { FilterBar, FilterSelect } from '../../shared/list/FilterBar';
import { ListFrame, PAGE_SIZE, type Column } from '../../shared/list/ListFrame';

export const projectPath = (appDid: string) => `/usage/projects/${encodeURIComponent(appDid)}`;

/** The user's projects in the range: sort by calls or credits, search by appDid, 20 per page. */
export function ProjectList({ range, days }: { range: Range; days: number }) {
  const { t, lang } = useI18n();
  const [sort, setSort] = useState<'calls' | 'credits'>('calls');
  const [search, setSearch] = useState('');
  const q = useDebounce(search.trim(), { wait: 300 });
  // a page number belongs to the range it was chosen in: another range starts at page 1
  const [paging, setPaging] = useState({ days, page: 0 });
  const page = paging.days === days ? paging.page : 0;
  const setPage = (p: number) => setPaging({ days, page: p });
  const { data, initialLoading, reloading, error, retry } = useApi(
    () => usageApi.projects({ ...range, sort, q, page: page + 1, pageSize: PAGE_SIZE }),
    [range, sort, q, page], {});
  const columns: Column<ProjectSummary>[] = [
    { key: 'appDid', header: 'appDid', cell: (p) => p.appDid, link: true, card: 'title' },
    { key: 'calls', header: t('totalCalls'), align: 'right', cell: (p) => formatInteger(p.totalCalls, lang),
      cellData: () => ({ 'data-testid': 'project-calls' }), card: 'figure', cardCell: (p) => `${formatInteger(p.totalCalls, lang)} ${t('calls')}` },
    { key: 'credits', header: t('totalCredits'), align: 'right', cell: (p) => formatCredits(p.totalCredits, lang),
      cellData: () => ({ 'data-testid': 'project-credits' }), card: 'figure',
      cardCell: (p) => t('creditsAmount', { amount: formatCredits(p.totalCredits, lang) }) },
    { key: 'success', header: t('successRate'), align: 'right', cell: (p) => formatRate(p.successRate, lang), card: 'figure' },
    { key: 'lastCall', header: t('lastCall'), align: 'right', cell: (p) => formatDateTime(p.lastCallTime, lang) },
  ];
  const filters = (
    <FilterBar testId="project-filters">
      <TextField size="small" placeholder={t('searchAppDid')} value={search}
        onChange={(e) => { setSearch(e.target.value); setPage(0); }}
        slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> },
          htmlInput: { 'data-testid': 'project-search' } }} />
      <FilterSelect label={t('sortBy')} value={sort} onChange={(s) => { setSort(s); setPage(0); }} testId="project-sort" minWidth={150}
        options={[{ value: 'calls', label: t('totalCalls') }, { value: 'credits', label: t('totalCredits') }]} />
    </FilterBar>
  );
  return (
    <ListFrame title={t('projects')} filters={filters} testId="project-list" rowTestId="project-row" cardsTestId="project-cards"
      columns={columns} rows={data?.projects ?? []} rowKey={(p) => p.appDid ?? ''} rowLink={(p) => projectPath(p.appDid ?? '')}
      rowTooltip={(p) => t('projectTooltip', {
        calls: formatInteger(p.totalCalls, lang), tokens: formatInteger(p.totalTokens, lang), credits: formatCreditsExact(p.totalCredits, lang),
      })}
      loading={initialLoading} reloading={reloading} skeletonHeight={200} empty={{ title: t('noProjects') }}
      error={error !== undefined ? { message: t('loadFailed', { what: t('projects'), detail: errorDetail(error, t) }), onRetry: retry } : null}
      paging={{ page, pageSize: PAGE_SIZE, total: data?.count ?? 0, onPageChange: setPage }} />
  );
}
