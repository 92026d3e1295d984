import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import { Box, Chip, Tooltip } from '@mui/material';
import { useState } from 'react';
import type { CallItem, CallStatus } from '../../shared/api/types';
import { usageApi } from '../../shared/api/usage';
import { useApi } from '../../shared/api/useApi';
import { isMessageKey, useI18n } from '../../shared/i18n/I18n';
import { formatCredits, formatCreditsExact, formatDateTime, formatDuration, formatInteger } from '../../shared/lib/format';
import { callListRange } from '../../shared/lib/range';
import { isSlowCall } from '../../shared/lib/series';
import { FilterBar, FilterSelect } from '../../shared/list/FilterBar';
import { ListFrame, PAGE_SIZE, type Column } from '../../shared/list/ListFrame';
import { errorDetail } from '../../shared/ui/Feedback';
import { useModelLatency } from './modelLatency';

export const POLL_CALLS_MS = 30_000;
const FAILED_TINT = 'rgba(211, 47, 47, 0.08)';
const STATUS_COLOR: Record<CallStatus, string> = { success: '#2e7d32', failed: '#d32f2f', processing: '#f9a825' };

type Props = { appDid: string; models: string[] };

/**
 * The project's calls, newest first; filters, sort, 20 per page, expandable rows; polls silently
 * every 30 s. A successful call slower than its own model's P95 in the list's range (p95Duration of
 * /models: modelLatency.ts) gets the slow-call icon.
 */
export function CallHistory({ appDid, models }: Props) {
  const { t, lang } = useI18n();
  const [days, setDays] = useState(7);
  const [model, setModel] = useState('');
  const [status, setStatus] = useState<'' | 'success' | 'failed'>('');
  const [sort, setSort] = useState<'time' | 'duration'>('time');
  const [page, setPage] = useState(0);
  // the range ends "now" at every poll, so calls that arrive while the page is open show up
  const { data, initialLoading, reloading, error, retry } = useApi(
    () => usageApi.projectCalls(appDid, {
      ...callListRange(days), page: page + 1, pageSize: PAGE_SIZE, model: model || undefined, status: status || undefined, sort,
    }),
    [appDid, days, model, status, sort, page], { pollingInterval: POLL_CALLS_MS });
  const reset = <T,>(set: (v: T) => void) => (v: T) => { set(v); setPage(0); };
  const rows = data?.list ?? [];
  const latencyOf = useModelLatency(appDid, days, data !== undefined, POLL_CALLS_MS);
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
    { key: 'tokens', header: t('tokens'), align: 'right', cell: (c) => formatInteger(c.totalUsage, lang) },
    { key: 'latency', header: t('latency'), align: 'right', nowrap: true,
      cellData: (c) => ({ 'data-testid': 'call-duration', 'data-ms': c.duration ?? undefined }),
      cell: (c) => <>{duration(c)}{slow(c)}</>, card: 'figure', cardText: { variant: 'caption' } },
    { key: 'credits', header: t('credits'), align: 'right', cell: (c) => formatCredits(c.credits, lang),
      card: 'figure', cardText: { variant: 'caption' } },
  ];
  const filters = (
    <FilterBar testId="call-filters">
      <FilterSelect label={t('timeRange')} value={days} onChange={reset(setDays)} testId="call-range" minWidth={140}
        options={[{ value: 1, label: t('lastDay') }, ...[7, 30, 90].map((d) => ({ value: d, label: t('last', { days: d }) }))]} />
      <FilterSelect label={t('model')} value={model} onChange={reset(setModel)} testId="call-model" minWidth={160}
        options={[{ value: '', label: t('allModels') }, ...models.map((m) => ({ value: m, label: m }))]} />
      <FilterSelect label={t('status')} value={status} onChange={reset(setStatus)} testId="call-status" minWidth={120}
        options={[{ value: '', label: t('allStatuses') }, { value: 'success', label: t('success') }, { value: 'failed', label: t('failed') }]} />
      <FilterSelect label={t('sortBy')} value={sort} onChange={reset(setSort)} testId="call-sort" minWidth={140}
        options={[{ value: 'time', label: t('sortTime') }, { value: 'duration', label: t('sortDuration') }]} />
    </FilterBar>
  );
  return (
    <ListFrame title={t('callHistory')} filters={filters} testId="call-history" rowTestId="call-row" cardsTestId="call-cards"
      columns={columns} rows={rows} rowKey={(c) => c.id ?? ''} rowData={(c) => ({ 'data-call-id': c.id })}
      rowTint={(c) => (c.status === 'failed' ? FAILED_TINT : undefined)} details={details}
      loading={initialLoading} reloading={reloading} skeletonHeight={240} empty={{ title: t('noCalls') }}
      error={error !== undefined ? { message: t('loadFailed', { what: t('callHistory'), detail: errorDetail(error, t) }), onRetry: retry } : null}
      paging={{ page, pageSize: PAGE_SIZE, total: data?.count ?? 0, onPageChange: setPage }} />
  );
}
