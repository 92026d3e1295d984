import {
  Alert, Box, Button, Chip, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableHead, TableRow,
  Typography, useMediaQuery, useTheme,
} from '@mui/material';
import { useState } from 'react';
import { alertsApi, type AlertDelivery, type AlertRule } from '../../shared/api/alerts';
import { useApi } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import type { MessageKey } from '../../shared/i18n/messages';
import { formatDateTime, formatDuration } from '../../shared/lib/format';
import { ListFrame, PAGE_SIZE, type Column } from '../../shared/list/ListFrame';
import { errorDetail } from '../../shared/ui/Feedback';
import { relativeTime } from './alertText';

const STATE_COLOR = { delivered: 'success', failed: 'error', pending: 'warning' } as const;

/** A rule's webhook delivery log: each delivery (newest first) with its state, and every attempt when expanded. */
export function DeliveriesDialog({ rule, onClose }: { rule: AlertRule; onClose: () => void }) {
  const { t, lang } = useI18n();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'));
  const [page, setPage] = useState(0);
  const deliveries = useApi(() => alertsApi.deliveries(rule.id, { page: page + 1, pageSize: PAGE_SIZE }), [rule.id, page], {});

  const columns: Column<AlertDelivery>[] = [
    {
      key: 'time', header: t('time'), nowrap: true, card: 'title',
      cell: (d) => <span title={formatDateTime(d.createdAt, lang)}>{relativeTime(d.createdAt, lang)}</span>,
    },
    { key: 'event', header: t('alertEvent'), cell: (d) => t(`alertEvent_${d.event}` as MessageKey), card: 'body' },
    {
      key: 'state', header: t('status'), nowrap: true, card: 'badge',
      cell: (d) => (
        <Chip size="small" variant="outlined" color={STATE_COLOR[d.state] ?? 'default'} label={t(`alertDelivery_${d.state}` as MessageKey)}
          data-testid="delivery-state" data-state={d.state} />
      ),
    },
    {
      key: 'attempts', header: t('alertAttempts'), align: 'right', card: 'figure',
      cell: (d) => {
        const last = d.attempts[0];
        const answer = last ? (last.status ? `HTTP ${last.status}` : t('alertAttemptNoAnswer')) : '–';
        return `${d.attempts.length} · ${answer}`;
      },
    },
  ];
  const details = (d: AlertDelivery) => (
    <Box sx={{ px: 2, pb: 2 }}>
      <Typography variant="body2" color="text.secondary" sx={{ wordBreak: 'break-all', mb: 1 }}>{d.url}</Typography>
      {d.state === 'pending' && d.nextAttemptAt && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          {t('alertNextAttempt', { time: formatDateTime(d.nextAttemptAt, lang) })}
        </Typography>
      )}
      <Table size="small" data-testid="delivery-attempts">
        <TableHead>
          <TableRow>
            <TableCell>{t('alertAttempts')}</TableCell>
            <TableCell>{t('time')}</TableCell>
            <TableCell>{t('status')}</TableCell>
            <TableCell align="right">{t('latency')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {d.attempts.map((a) => (
            <TableRow key={a.attempt} data-testid="delivery-attempt">
              <TableCell>{t('alertAttempt', { n: a.attempt })}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(a.at, lang)}</TableCell>
              <TableCell sx={{ wordBreak: 'break-word' }}>
                {a.status ? `HTTP ${a.status}` : t('alertAttemptNoAnswer')}{a.error ? ` · ${a.error}` : ''}
              </TableCell>
              <TableCell align="right">{formatDuration(a.durationMs, lang)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );

  return (
    <Dialog open onClose={onClose} fullWidth maxWidth="md" fullScreen={phone} data-testid="deliveries-dialog">
      <DialogTitle>{t('alertDeliveriesOf', { name: rule.name })}</DialogTitle>
      <DialogContent>
        {!rule.webhookUrl && <Alert severity="info" sx={{ mb: 2 }}>{t('alertNoWebhook')}</Alert>}
        <ListFrame<AlertDelivery> title={t('alertDeliveries')} testId="deliveries" columns={columns}
          rows={deliveries.data?.items ?? []} rowKey={(d) => d.id} rowTestId="delivery-row" details={details}
          paging={{ page, pageSize: PAGE_SIZE, total: deliveries.data?.total ?? 0, onPageChange: setPage }}
          loading={deliveries.initialLoading} reloading={deliveries.reloading}
          error={deliveries.error ? { message: t('loadFailed', { what: t('alertDeliveries'), detail: errorDetail(deliveries.error, t) }), onRetry: deliveries.retry } : null}
          empty={{ title: t('alertNoDeliveries') }} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
