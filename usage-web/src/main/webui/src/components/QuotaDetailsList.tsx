import {
  Box, Card, CardContent, Chip, MenuItem, Stack, Table, TableBody, TableCell, TableContainer, TableHead,
  TableRow, TextField, Typography, useMediaQuery, useTheme,
} from '@mui/material';
import { useState } from 'react';
import type { CreditTransaction, TransactionType } from '../api/types';
import { usageApi } from '../api/usage';
import { useApi } from '../hooks/useApi';
import { useI18n } from '../i18n/I18n';
import { formatDateTime, formatSignedCredits } from '../lib/format';
import { FilterBar } from './FilterBar';
import { PAGE_SIZE, PagedList } from './PagedList';

const TYPES: TransactionType[] = ['grant', 'consumption', 'adjustment', 'expiration'];
const CHIP_COLOR = { grant: 'success', consumption: 'primary', adjustment: 'warning', expiration: 'default' } as const;

export const POLL_QUOTA_MS = 60_000;

function metadataText(m: unknown): string {
  if (m === null || m === undefined) return '';
  if (typeof m !== 'object') return String(m);
  return Object.entries(m as Record<string, unknown>).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ');
}

/** The credit history, newest first: type chips, signed right-aligned amounts, a type filter; polls. */
export function QuotaDetailsList() {
  const { t, lang } = useI18n();
  const theme = useTheme();
  const mobile = useMediaQuery(theme.breakpoints.down('sm'));
  const [type, setType] = useState<'' | TransactionType>('');
  const [page, setPage] = useState(0);
  const { data, initialLoading, reloading } = useApi(
    () => usageApi.quotaDetails({ page: page + 1, pageSize: PAGE_SIZE, type: type || undefined }),
    [type, page], { what: t('creditHistory'), pollingInterval: POLL_QUOTA_MS });
  const rows: CreditTransaction[] = data?.list ?? [];
  const chip = (tx: CreditTransaction) => {
    const ty = (tx.type ?? 'adjustment') as TransactionType;
    return <Chip size="small" label={t(ty)} color={CHIP_COLOR[ty] ?? 'default'} variant="outlined" data-testid="tx-type" />;
  };
  const amount = (tx: CreditTransaction) => (
    <Typography component="span" variant="body2" data-testid="tx-amount"
      sx={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums', color: (tx.amount ?? 0) >= 0 ? 'success.main' : 'text.primary' }}>
      {formatSignedCredits(tx.amount ?? 0, lang)} {t('credits')}
    </Typography>
  );
  return (
    <Card variant="outlined" data-testid="quota-details">
      <CardContent>
        <Stack direction="row" justifyContent="space-between" alignItems="center" sx={{ mb: 2 }}>
          <Typography variant="h6" component="h2">{t('creditHistory')}</Typography>
          <FilterBar testId="tx-filters">
            <TextField select size="small" label={t('type')} value={type} sx={{ minWidth: 150 }}
              onChange={(e) => { setType(e.target.value as '' | TransactionType); setPage(0); }}
              slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'tx-type-filter' } as object } }}>
              <MenuItem value="">{t('allTypes')}</MenuItem>
              {TYPES.map((ty) => <MenuItem key={ty} value={ty}>{t(ty)}</MenuItem>)}
            </TextField>
          </FilterBar>
        </Stack>
        <PagedList initialLoading={initialLoading} reloading={reloading} empty={rows.length === 0} emptyText={t('noTransactions')}
          skeletonHeight={160} count={data?.count ?? 0} page={page} onPageChange={setPage}>
          {mobile ? (
            <Stack spacing={1}>
              {rows.map((tx) => (
                <Card key={tx.id} variant="outlined" data-testid="tx-row">
                  <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
                    <Stack direction="row" justifyContent="space-between" alignItems="center">{chip(tx)}{amount(tx)}</Stack>
                    <Typography variant="body2" sx={{ mt: 0.5 }}>{tx.description}</Typography>
                    <Typography variant="caption" color="text.secondary">{formatDateTime(tx.createdAt, lang)}</Typography>
                  </CardContent>
                </Card>
              ))}
            </Stack>
          ) : (
            <TableContainer>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{t('time')}</TableCell>
                    <TableCell>{t('type')}</TableCell>
                    <TableCell align="right">{t('amount')}</TableCell>
                    <TableCell>{t('description')}</TableCell>
                    <TableCell>{t('metadata')}</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {rows.map((tx) => (
                    <TableRow key={tx.id} data-testid="tx-row">
                      <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(tx.createdAt, lang)}</TableCell>
                      <TableCell>{chip(tx)}</TableCell>
                      <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>{amount(tx)}</TableCell>
                      <TableCell>{tx.description}</TableCell>
                      <TableCell><Box sx={{ color: 'text.secondary', fontSize: 12, maxWidth: 280 }}>{metadataText(tx.metadata)}</Box></TableCell>
                    </TableRow>
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
