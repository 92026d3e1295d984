import { Skeleton, TablePagination, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18n';
import { LoadingOverlay } from './LoadingOverlay';

/** Every list on the pages shows 20 rows a page. */
export const PAGE_SIZE = 20;

type Props = {
  initialLoading: boolean;
  reloading: boolean;
  empty: boolean;
  emptyText: string;
  skeletonHeight: number;
  count: number;
  /** zero-based */
  page: number;
  onPageChange: (page: number) => void;
  children: ReactNode;
};

/** A list's states around its rows: skeleton first, overlay while new parameters load, empty text, pagination. */
export function PagedList({ initialLoading, reloading, empty, emptyText, skeletonHeight, count, page, onPageChange, children }: Props) {
  const { t } = useI18n();
  if (initialLoading) return <Skeleton variant="rectangular" height={skeletonHeight} />;
  return (
    <LoadingOverlay loading={reloading}>
      {empty ? <Typography color="text.secondary" sx={{ py: 4, textAlign: 'center' }}>{emptyText}</Typography> : children}
      <TablePagination component="div" count={count} page={page} rowsPerPage={PAGE_SIZE} rowsPerPageOptions={[PAGE_SIZE]}
        onPageChange={(_, p) => onPageChange(p)} labelRowsPerPage={t('rowsPerPage')}
        labelDisplayedRows={({ from, to, count: total }) => t('shownRows', { from, to, count: total })} />
    </LoadingOverlay>
  );
}
