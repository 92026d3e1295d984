import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import SearchIcon from '@mui/icons-material/Search';
import { Box, Chip, FormControlLabel, InputAdornment, Switch, TextField, Tooltip } from '@mui/material';
import { useDebounce } from 'ahooks';
import { useEffect, useState } from 'react';
import type { CallItem, CallStatus } from '../../shared/api/types';
import { usageApi, type CallFilters } from '../../shared/api/usage';
import { useApi } from '../../shared/api/useApi';
import { isMessageKey, useI18n } from '../../shared/i18n/I18n';
import { formatCompact, formatCredits, formatCreditsExact, formatDateTime, formatDuration, formatInteger } from '../../shared/lib/format';
import { pageRangeKey, resolvePageRange, type PageRange } from '../../shared/lib/pageRange';
import { isSlowCall } from '../../shared/lib/series';
import { ExportButton, type Exporter } from '../../shared/list/ExportButton';
import { FilterBar, FilterMultiSelect, FilterSelect } from '../../shared/list/FilterBar';
import { ListFrame, PAGE_SIZE, type Column } from '../../shared/list/ListFrame';
import { errorDetail } from '../../shared/ui/Feedback';
import { oneOf, pageIndex, useQueryParams, type ParamValue } from '../../shared/url/useQueryParams';
import { callsExpiredLine } from './callsExpired';
import { useModelLatency } from './modelLatency';

export const POLL_CALLS_MS = 30_000;
const FAILED_TINT = 'rgba(211, 47, 47, 0.08)';
const STATUS_COLOR: Record<CallStatus, string> = { success: '#2e7d32', failed: '#d32f2f', processing: '#f9a825' };

type Props = { appDid: string; models: string[]; pageRange: PageRange };

/** The list's page in the address; another range or filter starts again at page 1. */
export const CALL_PAGE_PARAM = 'page';
const CALL_TYPES = ['chatCompletion', 'embedding', 'imageGeneration', 'audioGeneration', 'video', 'custom'];
const STATUSES = ['', 'success', 'failed', 'processing'] as const;
const SORTS = ['time', 'duration'] as const;

/** The filters as the address holds them (the API's own names: docs/api.md "The call list"). */
function filtersOf(params: URLSearchParams): CallFilters {
  const minDuration = params.get('minDuration') ?? '';
  return {
    model: params.getAll('model').filter(Boolean),
    status: oneOf(params, 'status', STATUSES) || undefined,
    type: CALL_TYPES.includes(params.get('type') ?? '') ? params.get('type')! : undefined,
    minDuration: /^\d+(\.\d+)?$/.test(minDuration) ? minDuration : undefined,
    charged: params.get('charged') === 'true' ? 'true' : undefined,
    search: params.get('search')?.trim() || undefined,
    sort: oneOf(params, 'sort', SORTS),
  };
}

/**
 * The project's calls in the page's range, newest first; filters (several models, status, type,
 * slower than, charged only, id / request id / trace id search), sort and page live in the address;
 * 20 per page, expandable rows, CSV export of every matching call; polls silently every 30 s. A
 * successful call slower than its own model's P95 in the range (p95Duration of /models:
 * modelLatency.ts) gets the slow-call icon.
 */
export function CallHistory({ appDid, models, pageRange }: Props) {
  const { t, lang } = useI18n();
  const [params, update] = useQueryParams();
  const filters = filtersOf(params);
  const page = pageIndex(params, CALL_PAGE_PARAM);
  const setPage = (p: number) => update({ [CALL_PAGE_PARAM]: p > 0 ? String(p + 1) : null });
  const setFilter = (changes: Record<string, ParamValue>) => update({ ...changes, [CALL_PAGE_PARAM]: null });
  const [search, setSearch] = useState(filters.search ?? '');
  const [slowerThan, setSlowerThan] = useState(filters.minDuration ?? '');
  const typed = useDebounce({ search: search.trim(), slowerThan: slowerThan.trim() }, { wait: 400 });
  // the address follows typed text once it settles
  useEffect(() => {
    if ((filters.search ?? '') !== typed.search || (filters.minDuration ?? '') !== typed.slowerThan) {
      setFilter({ search: typed.search, minDuration: /^\d+(\.\d+)?$/.test(typed.slowerThan) ? typed.slowerThan : null });
    }
  }, [typed]); // eslint-disable-line react-hooks/exhaustive-deps
  const filterKey = JSON.stringify(filters);
  // the range ends "now" at every poll (when it reaches today), so calls that arrive while the page is open show up
  const { data, initialLoading, reloading, error, retry } = useApi(
    () => usageApi.projectCalls(appDid, { ...resolvePageRange(pageRange), ...filters, page: page + 1, pageSize: PAGE_SIZE }),
    [appDid, pageRangeKey(pageRange), filterKey, page], { pollingInterval: POLL_CALLS_MS });
  const exporter: Exporter = (onProgress, signal) =>
    usageApi.exportProjectCalls(appDid, { ...resolvePageRange(pageRange), ...filters }, onProgress, signal);
  const rows = data?.list ?? [];
  // calls before exactFrom expired (retention): say so rather than show an empty or silently short list
  const expired = callsExpiredLine(data?.coverage, t, lang);
  const latencyOf = useModelLatency(appDid, pageRange, data !== undefined, POLL_CALLS_MS);
  const typeLabel = (ty?: string) => {
    const key = `callType_${ty}`;
    return ty && isMessageKey(key) ? t(key) : ty ?? '–';
  };

  const dot = (s?: string) => (
    <Tooltip title={t((s ?? 'processing') as CallStatus)}>
      <Box component="span" data-testid="status-dot" data-status={s}
        sx={{ display: 'inline-block', width: 10, height: 10, borderRadius: '50%', bgcolor: STATUS_COLOR[(s ?? 'processing') as CallStatus] }} />
    </Tooltip>
  );
  const slow = (c: CallItem) => {
    const latency = latencyOf(c.model);
    if (c.status !== 'success' || !latency || !isSlowCall(c.duration, latency)) return null;
    return (
      <Tooltip title={t('slowCall', { model: latency.model, p95: formatDuration(latency.p95, lang) })}>
        <WarningAmberIcon data-testid="slow-icon" data-p95={latency.p95}
          sx={{ fontSize: 16, color: 'warning.main', ml: 0.5, verticalAlign: 'middle' }} />
      </Tooltip>
    );
  };
  const duration = (c: CallItem) => (c.status === 'processing' ? '–' : formatDuration(c.duration, lang));
  const details = (c: CallItem) => (
    <Box sx={{ p: 1.5, fontSize: 13 }} data-testid="call-details">
      <div><strong>{t('callId')}:</strong> {c.id}</div>
      <div><strong>{t('time')}:</strong> {formatDateTime(c.callTime, lang)} ({c.callTime})</div>
      <div><strong>{t('model')}:</strong> {c.model} · <strong>{t('type')}:</strong> {typeLabel(c.type)} · <strong>{t('status')}:</strong> {t((c.status ?? 'processing') as CallStatus)}</div>
      <div>
        <strong>{t('tokens')}:</strong> {formatInteger(c.totalUsage, lang)} · <strong>{t('latency')}:</strong> {duration(c)}
        {c.duration !== null && c.duration !== undefined && c.duration >= 1000 && ` (${formatInteger(c.duration, lang)} ms)`}
        {' · '}<strong>{t('credits')}:</strong> {formatCreditsExact(c.credits, lang)}
      </div>
      {(c.requestId || c.traceId) && (
        <div><strong>{t('requestId')}:</strong> {c.requestId ?? '–'} · <strong>{t('traceId')}:</strong> {c.traceId ?? '–'}</div>
      )}
      {c.errorReason && <Box sx={{ mt: 1, color: 'error.main', whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}><strong>{t('errorReason')}:</strong> {c.errorReason}</Box>}
      {[['usageMetrics', c.usageMetrics], ['metadata', c.metadata]].map(([label, value]) => value ? (
        <Box key={label as string} sx={{ mt: 1 }}>
          <strong>{t(label as 'usageMetrics' | 'metadata')}:</strong>
          <Box component="pre" data-testid={`call-${label}`} sx={{ m: 0, mt: 0.5, p: 1, bgcolor: 'grey.100', borderRadius: 1, fontSize: 12, overflowX: 'auto' }}>
            {JSON.stringify(value, null, 2)}
          </Box>
        </Box>
      ) : null)}
    </Box>
  );
  const columns: Column<CallItem>[] = [
    { key: 'status', header: t('status'), cell: (c) => dot(c.status), card: 'lead' },
    { key: 'time', header: t('time'), nowrap: true, cell: (c) => formatDateTime(c.callTime, lang),
      card: 'figure', cardText: { variant: 'caption', color: 'text.secondary' } },
    // tablets: the id waits in the expanded row
    { key: 'id', header: t('id'), hideBelow: 'md', cell: (c) => c.id,
      sx: { maxWidth: 160, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontFamily: 'monospace', fontSize: 12 } },
    // one line per call on a tablet: long model names end in an ellipsis, the type waits for wider screens (and the details)
    { key: 'model', header: t('model'), cell: (c) => c.model, cellData: () => ({ 'data-testid': 'call-model-cell' }),
      sx: { maxWidth: 160, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }, card: 'title', cardText: { noWrap: true } },
    { key: 'type', header: t('type'), hideBelow: 'lg', cell: (c) => <Chip size="small" label={typeLabel(c.type)} variant="outlined" data-testid="call-type" data-type={c.type} />,
      card: 'badge' },
    { key: 'tokens', header: t('tokens'), align: 'right', cell: (c) => formatInteger(c.totalUsage, lang),
      card: 'figure', cardCell: (c) => `${formatCompact(c.totalUsage, lang)} ${t('tokensUnit')}`, cardText: { variant: 'caption' } },
    { key: 'latency', header: t('latency'), align: 'right', nowrap: true,
      cellData: (c) => ({ 'data-testid': 'call-duration', 'data-ms': c.duration ?? undefined }),
      cell: (c) => <>{duration(c)}{slow(c)}</>, card: 'figure', cardText: { variant: 'caption' } },
    { key: 'credits', header: t('credits'), align: 'right', cell: (c) => formatCredits(c.credits, lang),
      card: 'figure', cardText: { variant: 'caption' } },
  ];
  const filterBar = (
    <FilterBar testId="call-filters">
      <FilterMultiSelect label={t('model')} value={filters.model ?? []} onChange={(m) => setFilter({ model: m })} testId="call-model"
        minWidth={160} options={[...new Set([...models, ...(filters.model ?? [])])]} allLabel={t('allModels')} />
      <FilterSelect label={t('status')} value={filters.status ?? ''} onChange={(v) => setFilter({ status: v })} testId="call-status" minWidth={120}
        options={STATUSES.map((v) => ({ value: v, label: v ? t(v) : t('allStatuses') }))} />
      <FilterSelect label={t('type')} value={filters.type ?? ''} onChange={(v) => setFilter({ type: v })} testId="call-type-filter" minWidth={130}
        options={[{ value: '', label: t('allTypes') }, ...CALL_TYPES.map((v) => ({ value: v, label: typeLabel(v) }))]} />
      <TextField size="small" label={t('slowerThan')} value={slowerThan} onChange={(e) => setSlowerThan(e.target.value)} sx={{ width: 150 }}
        slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': 'call-slower-than' } }} />
      <FormControlLabel label={t('chargedOnly')} sx={{ mr: 0 }} control={
        <Switch size="small" checked={filters.charged === 'true'} onChange={(e) => setFilter({ charged: e.target.checked ? 'true' : null })}
          slotProps={{ input: { 'data-testid': 'call-charged' } as object }} />} />
      <TextField size="small" placeholder={t('searchCalls')} value={search} onChange={(e) => setSearch(e.target.value)} sx={{ minWidth: 240 }}
        slotProps={{ input: { startAdornment: <InputAdornment position="start"><SearchIcon fontSize="small" /></InputAdornment> },
          htmlInput: { 'data-testid': 'call-search', 'aria-label': t('searchCalls') } }} />
      <FilterSelect label={t('sortBy')} value={filters.sort} onChange={(v) => setFilter({ sort: v === 'time' ? null : v })} testId="call-sort" minWidth={140}
        options={[{ value: 'time', label: t('sortTime') }, { value: 'duration', label: t('sortDuration') }]} />
    </FilterBar>
  );
  return (
    <ListFrame title={t('callHistory')} filters={filterBar} wideFilters
      actions={<ExportButton exporter={exporter} testId="export-calls" />} testId="call-history" rowTestId="call-row" cardsTestId="call-cards"
      columns={columns} rows={rows} rowKey={(c) => c.id ?? ''} rowData={(c) => ({ 'data-call-id': c.id })}
      rowTint={(c) => (c.status === 'failed' ? FAILED_TINT : undefined)} details={details}
      loading={initialLoading} reloading={reloading} skeletonHeight={240} empty={expired ? { title: expired, hint: t('callsExpiredHint') } : { title: t('noCalls') }}
      note={expired && rows.length > 0 ? expired : undefined}
      error={error !== undefined ? { message: t('loadFailed', { what: t('callHistory'), detail: errorDetail(error, t) }), onRetry: retry } : null}
      paging={{ page, pageSize: PAGE_SIZE, total: data?.count ?? 0, onPageChange: setPage }} />
  );
}
