import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutline';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import NotificationsIcon from '@mui/icons-material/Notifications';
import NotificationsOffOutlinedIcon from '@mui/icons-material/NotificationsOffOutlined';
import {
  Badge, Box, Button, IconButton, List, ListItemButton, ListItemIcon, ListItemText, Popover, Stack, Tooltip, Typography,
} from '@mui/material';
import { useRequest } from 'ahooks';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ALERTS_CHANGED, alertsApi, announceAlertsChanged, type AlertNotification } from '../../shared/api/alerts';
import { useI18n } from '../../shared/i18n/I18n';
import { relativeTime } from './alertText';

/** How often the bell asks for unread notifications (paused while the tab is hidden). */
export const BELL_POLL_MS = 30_000;
export const ALERTS_PATH = '/usage/alerts';

/**
 * The bell in the header of every signed-in page: the unread count, a list of the newest unread
 * notifications, "mark all read". It never breaks the page: when the alerts service cannot be
 * reached the bell stays, muted, and says so on hover; its failures reach no toast or error page.
 */
export function AlertsBell() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const anchor = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const unread = useRequest(() => alertsApi.notifications({ unread: true, pageSize: 10 }), {
    pollingInterval: BELL_POLL_MS,
    pollingWhenHidden: false,
    // quietly: the bell's state says it (muted), nothing else on the page does
    onError: () => undefined,
  });
  const { refresh, mutate } = unread;
  // marked read elsewhere (the Alerts page): ask now, not at the next poll
  useEffect(() => {
    window.addEventListener(ALERTS_CHANGED, refresh);
    return () => window.removeEventListener(ALERTS_CHANGED, refresh);
  }, [refresh]);

  const data = unread.data;
  // down: the last poll failed and nothing is known, or what is known is from before a failure
  const down = unread.error !== undefined && !unread.loading;
  if (data === undefined && !down) return null;
  if (down) {
    return (
      <Tooltip title={t('alertsUnavailable')}>
        <span>
          <IconButton size="small" disabled aria-label={t('alertsUnavailable')} data-testid="alerts-bell" data-state="down">
            <NotificationsOffOutlinedIcon fontSize="small" />
          </IconButton>
        </span>
      </Tooltip>
    );
  }
  const count = data?.unread ?? 0;
  const items = data?.items ?? [];

  const markAll = async () => {
    mutate(data && { ...data, unread: 0, items: [] });
    try {
      await alertsApi.markAllRead();
    } finally {
      announceAlertsChanged();
    }
  };
  const openOne = (n: AlertNotification) => {
    setOpen(false);
    mutate(data && { ...data, unread: Math.max(0, data.unread - 1), items: data.items.filter((i) => i.id !== n.id) });
    // the page opens at once; the mark follows (a failure leaves it unread, as the next poll shows)
    void alertsApi.markRead(n.id).catch(() => undefined).finally(announceAlertsChanged);
    navigate(`${ALERTS_PATH}?notification=${n.id}`);
  };

  return (
    <>
      <Tooltip title={t('alertsBellUnread', { count })}>
        <IconButton ref={anchor} size="small" onClick={() => setOpen(true)} aria-label={t('alertsBellUnread', { count })}
          aria-haspopup="true" data-testid="alerts-bell" data-state="up">
          <Badge badgeContent={count} color="error" max={99} data-testid="alerts-bell-count">
            <NotificationsIcon fontSize="small" />
          </Badge>
        </IconButton>
      </Tooltip>
      <Popover open={open} anchorEl={anchor.current} onClose={() => setOpen(false)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }} transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { sx: { width: 380, maxWidth: 'calc(100vw - 16px)' }, 'data-testid': 'alerts-popover' } as object }}>
        <Stack direction="row" alignItems="center" justifyContent="space-between" sx={{ px: 2, py: 1, borderBottom: 1, borderColor: 'divider' }}>
          <Typography variant="subtitle1" component="h2">{t('alerts')}</Typography>
          <Button size="small" onClick={markAll} disabled={count === 0} data-testid="alerts-mark-all">{t('alertsMarkAllRead')}</Button>
        </Stack>
        {items.length === 0 ? (
          <Typography color="text.secondary" sx={{ px: 2, py: 3, textAlign: 'center' }} data-testid="alerts-none">{t('alertsNoUnread')}</Typography>
        ) : (
          <List dense disablePadding sx={{ maxHeight: 420, overflowY: 'auto' }}>
            {items.map((n) => (
              <ListItemButton key={n.id} onClick={() => openOne(n)} data-testid="alerts-item" data-event={n.event} alignItems="flex-start">
                <ListItemIcon sx={{ minWidth: 32, mt: 0.5 }}>
                  {n.event === 'opened'
                    ? <ErrorOutlineIcon fontSize="small" color="error" titleAccess={t('alertEvent_opened')} />
                    : <CheckCircleOutlineIcon fontSize="small" color="success" titleAccess={t('alertEvent_resolved')} />}
                </ListItemIcon>
                <ListItemText
                  primary={n.message}
                  secondary={(
                    <Box component="span" sx={{ display: 'flex', gap: 1, justifyContent: 'space-between' }}>
                      <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                        {[n.ruleName, n.appDid, n.modelId].filter(Boolean).join(' · ')}
                      </Box>
                      <Box component="span" sx={{ whiteSpace: 'nowrap' }}>{relativeTime(n.at, lang)}</Box>
                    </Box>
                  )} />
              </ListItemButton>
            ))}
          </List>
        )}
        <Box sx={{ px: 1, py: 0.5, textAlign: 'center', borderTop: 1, borderColor: 'divider' }}>
          <Button size="small" fullWidth onClick={() => { setOpen(false); navigate(ALERTS_PATH); }} data-testid="alerts-open-page">
            {t('alertsOpenPage')}
          </Button>
        </Box>
      </Popover>
    </>
  );
}
