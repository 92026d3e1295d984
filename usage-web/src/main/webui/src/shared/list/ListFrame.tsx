// The one frame every paged list uses (ProjectList, QuotaDetailsList, CallHistory): a titled card
// with the list's filters, a table on tablets and desktops, a stack of cards on phones (< 600 px),
// and the states around the rows — a skeleton on the first load, the old rows dimmed under a
// spinner while new parameters load, an empty text, an error with Retry, the pager. A list only
// declares its columns and passes its rows and states.
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowUpIcon from '@mui/icons-material/KeyboardArrowUp';
import {
  Alert, Box, Button, Card, CardActionArea, CardContent, Collapse, IconButton, Link, Skeleton, Stack, Table, TableBody,
  TableCell, TableContainer, TableHead, TablePagination, TableRow, Tooltip, Typography, useMediaQuery, useTheme,
  type SxProps, type Theme,
} from '@mui/material';
import { Fragment, useId, useState, type ReactNode } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { useI18n } from '../i18n/I18n';
import { LoadingOverlay } from './LoadingOverlay';

/** Every list on the pages shows 20 rows a page. */
export const PAGE_SIZE = 20;

/** Attributes for tests and probes, e.g. `data-testid`, `data-call-id`. */
export type DataAttributes = { [name: `data-${string}`]: string | number | undefined };

/**
 * Where a column's value goes on a phone's card. The first line holds `lead` (a dot, a chip),
 * `title` (grows, subtitle text) and `badge` (at the end); each `body` is a line of its own;
 * the `figure`s share the last line, spread across it. A column without a role stays off the card.
 */
export type CardRole = 'lead' | 'title' | 'badge' | 'body' | 'figure';

export type Column<Row> = {
  key: string;
  /** the table's header cell (empty for none) */
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  align?: 'left' | 'right';
  /** keep the cell on one line */
  nowrap?: boolean;
  /** the table leaves the column out below this breakpoint (header and cells) */
  hideBelow?: 'md' | 'lg';
  /** more style for the column's body cells */
  sx?: SxProps<Theme>;
  /** attributes of a body cell */
  cellData?: (row: Row) => DataAttributes;
  /** this cell is the row's link (with `rowLink`): the way to the row by keyboard */
  link?: boolean;
  card?: CardRole;
  /** what the card shows when it differs from the table's cell, e.g. "1,200 Calls" for "1,200" */
  cardCell?: (row: Row) => ReactNode;
  /** the text style of a title, body or figure on the card (default: subtitle2 / body2 / body2) */
  cardText?: { variant?: 'body2' | 'caption'; color?: 'text.secondary'; noWrap?: boolean };
};

export type Paging = {
  /** zero-based */
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
  /** sizes to choose from; without them the size is fixed */
  pageSizeOptions?: number[];
  onPageSizeChange?: (pageSize: number) => void;
};

export type ListFrameProps<Row> = {
  title: ReactNode;
  /** the list's FilterBar, beside the title (or, `wideFilters`, on a line of its own below it) */
  filters?: ReactNode;
  wideFilters?: boolean;
  /** buttons beside the title (Export) */
  actions?: ReactNode;
  testId?: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  /** data-testid of each row, table row or card alike */
  rowTestId?: string;
  /** data-testid of the phone's stack of cards */
  cardsTestId?: string;
  rowData?: (row: Row) => DataAttributes;
  /** a background for rows that need one (failed calls) */
  rowTint?: (row: Row) => string | undefined;
  /** a tooltip that follows the pointer over a table row */
  rowTooltip?: (row: Row) => ReactNode;
  /** the row opens this path: a click anywhere on the row, the `link` column's link, the whole card */
  rowLink?: (row: Row) => string;
  /** the row expands to these details: a click on the row or card, the expand button; one open at a time */
  details?: (row: Row) => ReactNode;
  paging: Paging;
  /** nothing to show yet: a skeleton of this height instead of rows and pager */
  loading?: boolean;
  skeletonHeight?: number;
  /** new parameters are loading: the rows on screen stay, dimmed under a spinner */
  reloading?: boolean;
  /** the rows could not be loaded: the message (and Retry) instead of the rows */
  error?: { message: ReactNode; onRetry?: () => void } | null;
  /** what an empty page says */
  empty: { title: ReactNode; hint?: ReactNode; action?: ReactNode };
  /** a quiet line under the heading (e.g. that older calls expired) */
  note?: ReactNode;
};

export function ListFrame<Row>(props: ListFrameProps<Row>) {
  const { t } = useI18n();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'));
  const headingId = useId();
  const [open, setOpen] = useState<string | null>(null);
  const toggle = (key: string) => setOpen((o) => (o === key ? null : key));
  const { title, filters, actions, wideFilters = false, testId, rows, paging, loading, skeletonHeight = 200, reloading = false, error, empty, note } = props;

  let content: ReactNode;
  if (error) {
    content = (
      <Alert severity="error" sx={{ my: 2 }} data-testid="list-error"
        action={error.onRetry && <Button color="inherit" size="small" onClick={error.onRetry}>{t('retry')}</Button>}>
        {error.message}
      </Alert>
    );
  } else if (rows.length === 0) {
    content = (
      <Box sx={{ py: 4, textAlign: 'center' }} data-testid="list-empty">
        <Typography color="text.secondary">{empty.title}</Typography>
        {empty.hint && <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>{empty.hint}</Typography>}
        {empty.action && <Box sx={{ mt: 2 }}>{empty.action}</Box>}
      </Box>
    );
  } else {
    content = phone
      ? <ListCards {...props} open={open} onToggle={toggle} />
      : <ListTable {...props} open={open} onToggle={toggle} headingId={headingId} />;
  }
  const sizes = paging.pageSizeOptions ?? [paging.pageSize];
  return (
    <Card variant="outlined" data-testid={testId}>
      <CardContent>
        <Stack direction="row" justifyContent="space-between" alignItems="center" sx={{ mb: 2 }} spacing={2} flexWrap="wrap" useFlexGap>
          <Typography variant="h6" component="h2" id={headingId} sx={{ flexGrow: 1 }}>{title}</Typography>
          {actions}
          {filters && <Box sx={{ flexBasis: wideFilters ? '100%' : 'auto' }}>{filters}</Box>}
        </Stack>
        {note && <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="list-note">{note}</Typography>}
        {loading ? <Skeleton variant="rectangular" height={skeletonHeight} data-testid="list-skeleton" /> : (
          <LoadingOverlay loading={reloading}>
            {content}
            <TablePagination component="div" count={paging.total} page={paging.page} rowsPerPage={paging.pageSize}
              rowsPerPageOptions={sizes} onPageChange={(_, p) => paging.onPageChange(p)}
              onRowsPerPageChange={(e) => paging.onPageSizeChange?.(Number(e.target.value))}
              labelRowsPerPage={t('rowsPerPage')}
              labelDisplayedRows={({ from, to, count }) => t('shownRows', { from, to, count })} />
          </LoadingOverlay>
        )}
      </CardContent>
    </Card>
  );
}

type Expansion = { open: string | null; onToggle: (key: string) => void };

function ListTable<Row>({ columns, rows, rowKey, rowTestId, rowData, rowTint, rowTooltip, rowLink, details, open, onToggle, headingId }:
  ListFrameProps<Row> & Expansion & { headingId: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const hidden = (c: Column<Row>) => (c.hideBelow ? { display: { xs: 'none', [c.hideBelow]: 'table-cell' } } : {});
  return (
    <TableContainer>
      <Table size="small" aria-labelledby={headingId}>
        <TableHead>
          <TableRow>
            {details && <TableCell padding="checkbox" />}
            {columns.map((c) => <TableCell key={c.key} align={c.align} sx={hidden(c)}>{c.header}</TableCell>)}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => {
            const key = rowKey(row);
            const href = rowLink?.(row);
            const expanded = open === key;
            const tint = rowTint?.(row);
            const clickable = href !== undefined || details !== undefined;
            const tr = (
              <TableRow hover={clickable} data-testid={rowTestId} {...rowData?.(row)}
                onClick={href !== undefined ? () => navigate(href) : details ? () => onToggle(key) : undefined}
                sx={{ cursor: clickable ? 'pointer' : undefined, bgcolor: tint, '& > td': { borderBottom: expanded ? 'none' : undefined } }}>
                {details && (
                  <TableCell padding="checkbox">
                    <IconButton size="small" aria-label={t('expandRow')} aria-expanded={expanded}>
                      {expanded ? <KeyboardArrowUpIcon /> : <KeyboardArrowDownIcon />}
                    </IconButton>
                  </TableCell>
                )}
                {columns.map((c) => (
                  <TableCell key={c.key} align={c.align} {...c.cellData?.(row)}
                    sx={[hidden(c), c.nowrap ? { whiteSpace: 'nowrap' } : {}, ...(c.sx === undefined ? [] : Array.isArray(c.sx) ? c.sx : [c.sx])]}>
                    {c.link && href !== undefined
                      ? <Link component={RouterLink} to={href} onClick={(e) => e.stopPropagation()}>{c.cell(row)}</Link>
                      : c.cell(row)}
                  </TableCell>
                ))}
              </TableRow>
            );
            return (
              <Fragment key={key}>
                {rowTooltip ? <Tooltip title={rowTooltip(row)} placement="top-start" followCursor>{tr}</Tooltip> : tr}
                {details && (
                  <TableRow>
                    <TableCell colSpan={columns.length + 1} sx={{ p: 0, bgcolor: tint }}>
                      <Collapse in={expanded} unmountOnExit>{details(row)}</Collapse>
                    </TableCell>
                  </TableRow>
                )}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function ListCards<Row>({ columns, rows, rowKey, rowTestId, cardsTestId, rowData, rowTint, rowLink, details, open, onToggle }:
  ListFrameProps<Row> & Expansion) {
  const role = (r: CardRole) => columns.filter((c) => c.card === r);
  const value = (c: Column<Row>, row: Row) => (c.cardCell ?? c.cell)(row);
  const text = (c: Column<Row>, row: Row, variant: 'subtitle2' | 'body2', sx?: SxProps<Theme>) => (
    <Typography key={c.key} variant={c.cardText?.variant ?? variant} color={c.cardText?.color} noWrap={c.cardText?.noWrap} sx={sx}>
      {value(c, row)}
    </Typography>
  );
  const [lead, title, badge, body, figures] = (['lead', 'title', 'badge', 'body', 'figure'] as const).map(role);
  const hasHeader = lead.length + title.length + badge.length > 0;
  return (
    <Stack spacing={1} data-testid={cardsTestId}>
      {rows.map((row) => {
        const key = rowKey(row);
        const href = rowLink?.(row);
        const inside = (
          <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
            {hasHeader && (
              <Stack direction="row" spacing={1} justifyContent="space-between" alignItems="center">
                {lead.map((c) => <Fragment key={c.key}>{value(c, row)}</Fragment>)}
                {title.map((c) => text(c, row, 'subtitle2', { flexGrow: 1, minWidth: 0, wordBreak: 'break-all' }))}
                {badge.map((c) => <Fragment key={c.key}>{value(c, row)}</Fragment>)}
              </Stack>
            )}
            {body.map((c, i) => text(c, row, 'body2', { mt: hasHeader || i > 0 ? 0.5 : 0 }))}
            {figures.length > 0 && (
              <Stack direction="row" justifyContent="space-between" sx={{ mt: hasHeader || body.length > 0 ? 0.5 : 0 }}>
                {figures.map((c) => text(c, row, 'body2'))}
              </Stack>
            )}
          </CardContent>
        );
        return (
          <Card key={key} variant="outlined" data-testid={rowTestId} {...rowData?.(row)} sx={{ bgcolor: rowTint?.(row) }}>
            {href !== undefined ? <CardActionArea component={RouterLink} to={href}>{inside}</CardActionArea>
              : details ? <CardActionArea onClick={() => onToggle(key)} aria-expanded={open === key}>{inside}</CardActionArea>
                : inside}
            {details && <Collapse in={open === key} unmountOnExit>{details(row)}</Collapse>}
          </Card>
        );
      })}
    </Stack>
  );
}
