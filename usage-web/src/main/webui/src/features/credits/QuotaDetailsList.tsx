import { Box, Chip, Tooltip, Typography } from '@mui/material';
import type { CreditTransaction, TransactionType } from '../../shared/api/types';
import { usageApi } from '../../shared/api/usage';
import { useApi } from '../../shared/api/useApi';
import { isMessageKey, useI18n } from '../../shared/i18n/I18n';
import { formatCreditsExact, formatDateTime, formatSignedCredits } from '../../shared/lib/format';
import { errorDetail } from '../../shared/ui/Feedback';
import { FilterBar, FilterSelect } from '../../shared/list/FilterBar';
import { ListFrame, PAGE_SIZE, type Column } from '../../shared/list/ListFrame';
import { oneOf, pageIndex, useQueryParams } from '../../shared/url/useQueryParams';

const TYPES: TransactionType[] = ['grant', 'consumption', 'adjustment', 'expiration'];
const CHIP_COLOR = { grant: 'success', consumption: 'primary', adjustment: 'warning', expiration: 'default' } as const;

export const POLL_QUOTA_MS = 60_000;

function metadataText(m: unknown): string {
  if (m === null || m === undefined) return '';
  if (typeof m !== 'object') return String(m);
  return Object.entries(m as Record<string, unknown>).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' · ');
}

/**
 * The credit history, newest first: type chips, signed right-aligned amounts, a type filter; polls.
 * Its filter and page live in the address (`historyType`, `historyPage`: the Dashboard's `page` is the projects').
 */
export function QuotaDetailsList() {
  const { t, lang } = useI18n();
  const [params, update] = useQueryParams();
  const type = oneOf(params, 'historyType', ['', ...TYPES] as const);
  const page = pageIndex(params, 'historyPage');
  const setType = (ty: string) => update({ historyType: ty, historyPage: null });
  const setPage = (p: number) => update({ historyPage: p > 0 ? String(p + 1) : null });
  const { data, initialLoading, reloading, error, retry } = useApi(
    () => usageApi.quotaDetails({ page: page + 1, pageSize: PAGE_SIZE, type: type || undefined }),
    [type, page], { pollingInterval: POLL_QUOTA_MS });
  // payment-kit may know types we do not: those show as they are
  const typeLabel = (ty: string) => (isMessageKey(ty) && (TYPES as string[]).includes(ty) ? t(ty) : ty);
  const columns: Column<CreditTransaction>[] = [
    { key: 'time', header: t('time'), nowrap: true, cell: (tx) => formatDateTime(tx.createdAt, lang),
      card: 'figure', cardText: { variant: 'caption', color: 'text.secondary' } },
    { key: 'type', header: t('type'), card: 'lead', cell: (tx) => {
      const ty = (tx.type ?? 'adjustment') as TransactionType;
      return <Chip size="small" label={typeLabel(ty)} color={CHIP_COLOR[ty] ?? 'default'} variant="outlined" data-testid="tx-type" />;
    } },
    { key: 'amount', header: t('amount'), align: 'right', nowrap: true, card: 'badge', cell: (tx) => (
      <Tooltip title={formatCreditsExact(tx.amount, lang)} placement="top">
        <Typography component="span" variant="body2" data-testid="tx-amount"
          sx={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums', color: (tx.amount ?? 0) >= 0 ? 'success.main' : 'text.primary' }}>
          {t('creditsAmount', { amount: formatSignedCredits(tx.amount ?? 0, lang) })}
        </Typography>
      </Tooltip>
    ) },
    { key: 'description', header: t('description'), cell: (tx) => tx.description, card: 'body' },
    { key: 'metadata', header: t('metadata'),
      cell: (tx) => <Box sx={{ color: 'text.secondary', fontSize: 12, maxWidth: 280 }}>{metadataText(tx.metadata)}</Box> },
  ];
  const filters = (
    <FilterBar testId="tx-filters">
      <FilterSelect<'' | TransactionType> label={t('type')} value={type} onChange={setType}
        testId="tx-type-filter" minWidth={150}
        options={[{ value: '', label: t('allTypes') }, ...TYPES.map((ty) => ({ value: ty, label: typeLabel(ty) }))]} />
    </FilterBar>
  );
  return (
    <ListFrame title={t('creditHistory')} filters={filters} testId="quota-details" rowTestId="tx-row" cardsTestId="tx-cards"
      columns={columns} rows={data?.list ?? []} rowKey={(tx) => tx.id ?? ''}
      loading={initialLoading} reloading={reloading} skeletonHeight={160} empty={{ title: t('noTransactions') }}
      error={error !== undefined ? { message: t('loadFailed', { what: t('creditHistory'), detail: errorDetail(error, t) }), onRetry: retry } : null}
      paging={{ page, pageSize: PAGE_SIZE, total: data?.count ?? 0, onPageChange: setPage }} />
  );
}
