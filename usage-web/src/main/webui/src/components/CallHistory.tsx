import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@mui/icons-material/KeyboardArrowUp';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import {
  Box, Card, CardActionArea, CardContent, Chip, Collapse, IconButton, MenuItem, Stack, Table, TableBody, TableCell,
  TableContainer, TableHead, TableRow, TextField, Tooltip, Typography, useMediaQuery, useTheme,
} from '@mui/material';
import { Fragment, useState } from 'react';
import type { CallItem, CallStatus } from '../api/types';
import { usageApi } from '../api/usage';
import { useApi } from '../hooks/useApi';
import { useI18n } from '../i18n/I18n';
import { formatCredits, formatDateTime, formatDuration, formatInteger } from '../lib/format';
import { rangeEndingAt, nowSeconds } from '../lib/range';
import { isSlowCall } from '../lib/series';
import { FilterBar } from './FilterBar';
import { PAGE_SIZE, PagedList } from './PagedList';

export const POLL_CALLS_MS = 30_000;
const STATUS_COLOR: Record<CallStatus, string> = { success: '#2e7d32', failed: '#d32f2f', processing: '#f9a825' };

type Props = {
  appDid: string;
  models: string[];
  /** the project's P95 and average latency over the page's range, to flag unusually slow calls */
  p95?: number | null;
  avg?: number | null;
};

/** The project's calls, newest first; filters, sort, 20 per page, expandable rows; polls silently every 30 s. */
export function CallHistory({ appDid, models, p95, avg }: Props) {
  const { t, lang } = useI18n();
  const theme = useTheme();
  const mobile = useMediaQuery(theme.breakpoints.down('sm'));
  const [days, setDays] = useState(7);
  const [model, setModel] = useState('');
  const [status, setStatus] = useState<'' | 'success' | 'failed'>('');
  const [sort, setSort] = useState<'time' | 'duration'>('time');
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  // the range ends "now" at every poll, so calls that arrive while the page is open show up
  const { data, initialLoading, reloading } = useApi(
    () => usageApi.projectCalls(appDid, {
      ...rangeEndingAt(days, nowSeconds()), page: page + 1, pageSize: PAGE_SIZE, model: model || undefined, status: status || undefined, sort,
    }),
    [appDid, days, model, status, sort, page], { what: t('callHistory'), pollingInterval: POLL_CALLS_MS });
  const rows: CallItem[] = data?.list ?? [];
  const reset = <T,>(set: (v: T) => void) => (v: T) => { set(v); setPage(0); };

  const dot = (s?: string) => (
    <Tooltip title={t((s ?? 'processing') as CallStatus)}>
      <Box component="span" data-testid="status-dot" data-status={s}
        sx={{ display: 'inline-block', width: 10, height: 10, borderRadius: '50%', bgcolor: STATUS_COLOR[(s ?? 'processing') as CallStatus] }} />
    </Tooltip>
  );
  const slow = (c: CallItem) => c.status === 'success' && isSlowCall(c.duration, p95, avg) && (
    <Tooltip title={t('slowCall')}><WarningAmberIcon data-testid="slow-icon" sx={{ fontSize: 16, color: 'warning.main', ml: 0.5, verticalAlign: 'middle' }} /></Tooltip>
  );
  const details = (c: CallItem) => (
    <Box sx={{ p: 1.5, fontSize: 13 }} data-testid="call-details">
      <div><strong>{t('callId')}:</strong> {c.id}</div>
      <div><strong>{t('time')}:</strong> {formatDateTime(c.callTime, lang)} ({c.callTime})</div>
      <div><strong>{t('model')}:</strong> {c.model} · <strong>{t('type')}:</strong> {c.type} · <strong>{t('status')}:</strong> {t((c.status ?? 'processing') as CallStatus)}</div>
      <div><strong>{t('tokens')}:</strong> {formatInteger(c.totalUsage, lang)} · <strong>{t('latency')}:</strong> {c.duration ?? '–'} ms · <strong>{t('credits')}:</strong> {c.credits}</div>
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
  const failedTint = 'rgba(211, 47, 47, 0.08)';
  return (
    <Card variant="outlined" data-testid="call-history">
      <CardContent>
        <Stack direction={{ xs: 'row' }} justifyContent="space-between" alignItems="center" sx={{ mb: 2 }} spacing={2}>
          <Typography variant="h6" component="h2">{t('callHistory')}</Typography>
          <FilterBar testId="call-filters">
            <TextField select size="small" label={t('timeRange')} value={days} onChange={(e) => reset(setDays)(Number(e.target.value))}
              sx={{ minWidth: 140 }} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'call-range' } as object } }}>
              <MenuItem value={1}>{t('lastDay')}</MenuItem>
              {[7, 30, 90].map((d) => <MenuItem key={d} value={d}>{t('last', { days: d })}</MenuItem>)}
            </TextField>
            <TextField select size="small" label={t('model')} value={model} onChange={(e) => reset(setModel)(e.target.value)}
              sx={{ minWidth: 160 }} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'call-model' } as object } }}>
              <MenuItem value="">{t('allModels')}</MenuItem>
              {models.map((m) => <MenuItem key={m} value={m}>{m}</MenuItem>)}
            </TextField>
            <TextField select size="small" label={t('status')} value={status} onChange={(e) => reset(setStatus)(e.target.value as '' | 'success' | 'failed')}
              sx={{ minWidth: 120 }} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'call-status' } as object } }}>
              <MenuItem value="">{t('allStatuses')}</MenuItem>
              <MenuItem value="success">{t('success')}</MenuItem>
              <MenuItem value="failed">{t('failed')}</MenuItem>
            </TextField>
            <TextField select size="small" label={t('sortBy')} value={sort} onChange={(e) => reset(setSort)(e.target.value as 'time' | 'duration')}
              sx={{ minWidth: 140 }} slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'call-sort' } as object } }}>
              <MenuItem value="time">{t('sortTime')}</MenuItem>
              <MenuItem value="duration">{t('sortDuration')}</MenuItem>
            </TextField>
          </FilterBar>
        </Stack>
        <PagedList initialLoading={initialLoading} reloading={reloading} empty={rows.length === 0} emptyText={t('noCalls')}
          skeletonHeight={240} count={data?.count ?? 0} page={page} onPageChange={setPage}>
          {mobile ? (
            <Stack spacing={1}>
              {rows.map((c) => (
                <Card key={c.id} variant="outlined" data-testid="call-row" data-call-id={c.id}
                  sx={{ bgcolor: c.status === 'failed' ? failedTint : undefined }}>
                  <CardActionArea onClick={() => setOpen(open === c.id ? null : c.id!)}>
                    <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
                      <Stack direction="row" spacing={1} alignItems="center">
                        {dot(c.status)}
                        <Typography variant="subtitle2" sx={{ flexGrow: 1 }} noWrap>{c.model}</Typography>
                        <Chip size="small" label={c.type} variant="outlined" />
                      </Stack>
                      <Stack direction="row" justifyContent="space-between" sx={{ mt: 0.5 }}>
                        <Typography variant="caption" color="text.secondary">{formatDateTime(c.callTime, lang)}</Typography>
                        <Typography variant="caption">{c.status === 'processing' ? '–' : formatDuration(c.duration, lang)}{slow(c)}</Typography>
                        <Typography variant="caption">{formatCredits(c.credits, lang)}</Typography>
                      </Stack>
                    </CardContent>
                  </CardActionArea>
                  <Collapse in={open === c.id} unmountOnExit>{details(c)}</Collapse>
                </Card>
              ))}
            </Stack>
          ) : (
            <TableContainer>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell padding="checkbox" />
                    <TableCell>{t('status')}</TableCell>
                    <TableCell>{t('time')}</TableCell>
                    {/* tablets: the id waits in the expanded row */}
                    <TableCell sx={{ display: { xs: 'none', md: 'table-cell' } }}>{t('id')}</TableCell>
                    <TableCell>{t('model')}</TableCell>
                    <TableCell>{t('type')}</TableCell>
                    <TableCell align="right">{t('tokens')}</TableCell>
                    <TableCell align="right">{t('latency')}</TableCell>
                    <TableCell align="right">{t('credits')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((c) => (
                    <Fragment key={c.id}>
                      <TableRow hover data-testid="call-row" data-call-id={c.id} onClick={() => setOpen(open === c.id ? null : c.id!)}
                        sx={{ cursor: 'pointer', bgcolor: c.status === 'failed' ? failedTint : undefined, '& > td': { borderBottom: open === c.id ? 'none' : undefined } }}>
                        <TableCell padding="checkbox">
                          <IconButton size="small" aria-label="expand">{open === c.id ? <KeyboardArrowUpIcon /> : <KeyboardArrowDownIcon />}</IconButton>
                        </TableCell>
                        <TableCell>{dot(c.status)}</TableCell>
                        <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(c.callTime, lang)}</TableCell>
                        <TableCell sx={{ display: { xs: 'none', md: 'table-cell' }, maxWidth: 160, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontFamily: 'monospace', fontSize: 12 }}>{c.id}</TableCell>
                        <TableCell data-testid="call-model-cell">{c.model}</TableCell>
                        <TableCell><Chip size="small" label={c.type} variant="outlined" /></TableCell>
                        <TableCell align="right">{formatInteger(c.totalUsage, lang)}</TableCell>
                        <TableCell align="right" sx={{ whiteSpace: 'nowrap' }} data-testid="call-duration" data-ms={c.duration}>
                          {c.status === 'processing' || c.duration === null || c.duration === undefined ? '–' : `${formatInteger(Math.round(c.duration), lang)} ms`}{slow(c)}
                        </TableCell>
                        <TableCell align="right">{formatCredits(c.credits, lang)}</TableCell>
                      </TableRow>
                      <TableRow>
                        <TableCell colSpan={9} sx={{ p: 0, bgcolor: c.status === 'failed' ? failedTint : undefined }}>
                          <Collapse in={open === c.id} unmountOnExit>{details(c)}</Collapse>
                        </TableCell>
                      </TableRow>
                    </Fragment>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
          </PagedList>
      </CardContent>
    </Card>
  );
}
