import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutline';
import DoneIcon from '@mui/icons-material/Done';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import { Button, FormControlLabel, IconButton, Stack, Switch, Tooltip, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { ALERTS_CHANGED, alertsApi, announceAlertsChanged, type AlertNotification } from '../../shared/api/alerts';
import { useApi } from '../../shared/api/useApi';
import { useI18n } from '../../shared/i18n/I18n';
import { formatDateTime } from '../../shared/lib/format';
import { ListFrame, PAGE_SIZE, type Column } from '../../shared/list/ListFrame';
import { errorDetail, useFeedback } from '../../shared/ui/Feedback';
import { relativeTime, scopeText } from './alertText';

export const POLL_NOTIFICATIONS_MS = 30_000;

/**
 * The user's notifications, newest first (unread ones in bold, the one the bell opened tinted), with
 * "mark read" per row and for all; marks here reach the bell at once (ALERTS_CHANGED), and the bell's
 * reach this list.
 */
export function NotificationList({ names, highlight }: { names: Map<string, string>; highlight?: number }) {
  const { t, lang } = useI18n();
  const { report } = useFeedback();
  const [page, setPage] = useState(0);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useApi(() => alertsApi.notifications({ page: page + 1, pageSize: PAGE_SIZE, unread: unreadOnly }), [page, unreadOnly],
    { pollingInterval: POLL_NOTIFICATIONS_MS });
  const { retry } = list;
  useEffect(() => {
    window.addEventListener(ALERTS_CHANGED, retry);
    return () => window.removeEventListener(ALERTS_CHANGED, retry);
  }, [retry]);

  const mark = async (what: () => Promise<void>, label: string) => {
    try {
      await what();
      announceAlertsChanged();
    } catch (e) {
      report(e, label, () => void mark(what, label));
    }
  };
  const columns: Column<AlertNotification>[] = [
    {
      key: 'event', header: '', nowrap: true, card: 'lead', sx: { width: 40 },
      cell: (n) => (n.event === 'opened'
        ? <ErrorOutlineIcon fontSize="small" color="error" titleAccess={t('alertEvent_opened')} />
        : <CheckCircleOutlineIcon fontSize="small" color="success" titleAccess={t('alertEvent_resolved')} />),
    },
    {
      key: 'message', header: t('alertMessage'), card: 'title',
      cell: (n) => <Typography variant="body2" fontWeight={n.read ? 400 : 600} component="span">{n.message}</Typography>,
    },
    {
      key: 'rule', header: t('alertRule'), card: 'body', cardText: { color: 'text.secondary' }, sx: { wordBreak: 'break-word' },
      cell: (n) => `${n.ruleName ?? t('alertDeletedRule')} · ${scopeText(n.appDid, n.modelId, names, t)}`,
    },
    {
      key: 'time', header: t('time'), nowrap: true, card: 'figure',
      cell: (n) => <span title={formatDateTime(n.at, lang)}>{relativeTime(n.at, lang)}</span>,
    },
    {
      key: 'read', header: '', align: 'right', card: 'badge',
      cell: (n) => (n.read ? null : (
        <Tooltip title={t('alertMarkRead')}>
          <IconButton size="small" onClick={() => void mark(() => alertsApi.markRead(n.id), t('alertMarkRead'))}
            aria-label={t('alertMarkRead')} data-testid="notification-mark-read">
            <DoneIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      )),
    },
  ];
  const unread = list.data?.unread ?? 0;
  return (
    <ListFrame<AlertNotification> title={t('alertNotifications')} testId="alert-notifications" columns={columns}
      rows={list.data?.items ?? []} rowKey={(n) => String(n.id)} rowTestId="notification-row"
      rowData={(n) => ({ 'data-read': String(n.read), 'data-event': n.event, 'data-notification-id': n.id })}
      rowTint={(n) => (n.id === highlight ? 'action.selected' : undefined)}
      filters={(
        <Stack direction="row" spacing={1} alignItems="center">
          <FormControlLabel label={t('alertUnreadOnly')} control={(
            <Switch size="small" checked={unreadOnly} onChange={(e) => { setUnreadOnly(e.target.checked); setPage(0); }}
              slotProps={{ input: { 'data-testid': 'notifications-unread-only' } as object }} />
          )} />
          <Button size="small" disabled={unread === 0} onClick={() => void mark(alertsApi.markAllRead, t('alertsMarkAllRead'))}
            data-testid="notifications-mark-all">
            {t('alertsMarkAllRead')}
          </Button>
        </Stack>
      )}
      paging={{ page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onPageChange: setPage }}
      loading={list.initialLoading} reloading={list.reloading}
      error={list.error ? { message: t('loadFailed', { what: t('alertNotifications'), detail: errorDetail(list.error, t) }), onRetry: list.retry } : null}
      empty={{ title: t('alertNoNotifications') }} />
  );
}
