import SearchIcon from '@mui/icons-material/Search';
import { InputAdornment, TextField } from '@mui/material';
import { useDebounce } from 'ahooks';
import { useEffect, useState } from 'react';
import type { ProjectSummary } from '../../shared/api/types';
import { usageApi, type Range } from '../../shared/api/usage';
import { useApi } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { errorDetail } from '../../shared/ui/Feedback';
import { formatCompact, formatCredits, formatCreditsExact, formatDateTime, formatInteger, formatRate } from '../../shared/lib/format';
import { FilterBar, FilterSelect } from '../../shared/list/FilterBar';
import { ExportButton } from '../../shared/list/ExportButton';
import { ListFrame, PAGE_SIZE, type Column } from '../../shared/list/ListFrame';
import { oneOf, pageIndex, useQueryParams } from '../../shared/url/useQueryParams';
import { ProjectAvatar, ProjectNameCell } from '../../shared/ui/ProjectIdentity';

export const projectPath = (appDid: string) => `/usage/projects/${encodeURIComponent(appDid)}`;
/** The list's page in the Dashboard's address (another range starts again at page 1). */
export const PROJECT_PAGE_PARAM = 'page';

/**
 * The user's projects in the page's range: sort by calls or credits, search by name or appDid, 20 per
 * page; sort, search and page live in the address (`sort`, `q`, `page`).
 */
export function ProjectList({ range }: { range: Range }) {
  const { t, lang } = useI18n();
  const [params, update] = useQueryParams();
  const sort = oneOf(params, 'sort', ['calls', 'credits'] as const);
  const page = pageIndex(params, PROJECT_PAGE_PARAM);
  const setPage = (p: number) => update({ [PROJECT_PAGE_PARAM]: p > 0 ? String(p + 1) : null });
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebounce(search.trim(), { wait: 300 });
  // the address follows the typed search once it settles
  useEffect(() => {
    if ((params.get('q') ?? '') !== q) update({ q, [PROJECT_PAGE_PARAM]: null });
  }, [q]); // eslint-disable-line react-hooks/exhaustive-deps
  const { data, initialLoading, reloading, error, retry } = useApi(
    () => usageApi.projects({ ...range, sort, q, page: page + 1, pageSize: PAGE_SIZE }),
    [range, sort, q, page], {});
  const columns: Column<ProjectSummary>[] = [
    { key: 'logo', header: '', cell: (p) => <ProjectAvatar project={p} />, card: 'lead', sx: { width: 44, pr: 0 } },
    { key: 'project', header: t('project'), cell: (p) => <ProjectNameCell project={p} />, link: true, card: 'title' },
    { key: 'calls', header: t('totalCalls'), align: 'right', cell: (p) => formatInteger(p.totalCalls, lang),
      cellData: () => ({ 'data-testid': 'project-calls' }), card: 'figure', cardCell: (p) => `${formatInteger(p.totalCalls, lang)} ${t('calls')}` },
    { key: 'credits', header: t('totalCredits'), align: 'right', cell: (p) => formatCredits(p.totalCredits, lang),
      cellData: () => ({ 'data-testid': 'project-credits' }), card: 'figure',
      cardCell: (p) => t('creditsAmount', { amount: formatCredits(p.totalCredits, lang) }) },
    { key: 'success', header: t('successRate'), align: 'right', cell: (p) => formatRate(p.successRate, lang), card: 'figure' },
    { key: 'lastCall', header: t('lastCall'), align: 'right', cell: (p) => formatDateTime(p.lastCallTime, lang),
      // phones: tokens and the last call on a line of their own
      card: 'body', cardCell: (p) => `${formatCompact(p.totalTokens, lang)} ${t('tokensUnit')} · ${t('lastCall')} ${formatDateTime(p.lastCallTime, lang)}`, cardText: { variant: 'caption', color: 'text.secondary' } },
  ];
  const filters = (
    <FilterBar testId="project-filters">
      <TextField size="small" placeholder={t('searchProjects')} value={search}
        onChange={(e) => setSearch(e.target.value)}
        slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> },
          htmlInput: { 'data-testid': 'project-search' } }} />
      <FilterSelect label={t('sortBy')} value={sort} onChange={(s) => update({ sort: s === 'calls' ? null : s, [PROJECT_PAGE_PARAM]: null })} testId="project-sort" minWidth={150}
        options={[{ value: 'calls', label: t('totalCalls') }, { value: 'credits', label: t('totalCredits') }]} />
    </FilterBar>
  );
  return (
    <ListFrame title={t('projects')} filters={filters} testId="project-list"
      actions={<ExportButton testId="export-projects" exporter={(onProgress, signal) => usageApi.exportProjects({ ...range, sort, q }, onProgress, signal)} />}
      rowTestId="project-row" cardsTestId="project-cards"
      columns={columns} rows={data?.projects ?? []} rowKey={(p) => p.appDid ?? ''} rowLink={(p) => projectPath(p.appDid ?? '')}
      rowTooltip={(p) => t('projectTooltip', {
        calls: formatInteger(p.totalCalls, lang), tokens: formatInteger(p.totalTokens, lang), credits: formatCreditsExact(p.totalCredits, lang),
      })}
      loading={initialLoading} reloading={reloading} skeletonHeight={200} empty={{ title: t('noProjects') }}
      error={error !== undefined ? { message: t('loadFailed', { what: t('projects'), detail: errorDetail(error, t) }), onRetry: retry } : null}
      paging={{ page, pageSize: PAGE_SIZE, total: data?.count ?? 0, onPageChange: setPage }} />
  );
}
