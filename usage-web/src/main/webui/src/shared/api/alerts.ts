// The alerts API through the gateway (docs/alerts.md "API"): rules, their delivery logs, episodes and
// the notifications of the bell. Writes send X-Requested-With like every write of the pages (client.ts);
// the ones answered 204 are read with `send`, as they have no body to parse.
import { apiFetch, send } from './client';
import type {
  AlertDeliveryPage, AlertEpisodePage, AlertNotificationPage, AlertRule, AlertRuleInput, AlertRuleList,
} from './alertTypes';

export type {
  AlertAttempt, AlertDelivery, AlertDeliveryPage, AlertEpisode, AlertEpisodePage, AlertKind, AlertNotification,
  AlertNotificationPage, AlertRule, AlertRuleInput, AlertRuleList,
} from './alertTypes';

const base = '/api/usage/alerts';
const enc = encodeURIComponent;
const json = { 'Content-Type': 'application/json' };

/** Pages of the alerts service are 1-based. */
export type AlertPageQuery = { page?: number; pageSize?: number };

export const alertsApi = {
  rules: () => apiFetch<AlertRuleList>(`${base}/rules`),
  createRule: (rule: AlertRuleInput) =>
    apiFetch<AlertRule>(`${base}/rules`, { method: 'POST', body: JSON.stringify(rule), headers: json }),
  replaceRule: (id: string, rule: AlertRuleInput) =>
    apiFetch<AlertRule>(`${base}/rules/${enc(id)}`, { method: 'PUT', body: JSON.stringify(rule), headers: json }),
  deleteRule: (id: string) => send(`${base}/rules/${enc(id)}`, { method: 'DELETE' }).then(() => undefined),
  deliveries: (id: string, q: AlertPageQuery) => apiFetch<AlertDeliveryPage>(`${base}/rules/${enc(id)}/deliveries`, { query: q }),
  episodes: (q: AlertPageQuery & { state?: 'open' | 'all' }) => apiFetch<AlertEpisodePage>(`${base}/episodes`, { query: q }),
  notifications: (q: AlertPageQuery & { unread?: boolean }) =>
    apiFetch<AlertNotificationPage>(`${base}/notifications`, {
      query: { page: q.page, pageSize: q.pageSize, unread: q.unread ? 'true' : undefined },
    }),
  markRead: (id: number) => send(`${base}/notifications/${enc(String(id))}/read`, { method: 'POST' }).then(() => undefined),
  markAllRead: () => send(`${base}/notifications/read-all`, { method: 'POST' }).then(() => undefined),
};

/**
 * Tells the bell (and any list of notifications on screen) that notifications changed here — marked
 * read on the Alerts page, say — so it asks again now rather than at its next poll.
 */
export const ALERTS_CHANGED = 'usage:alerts-changed';

export function announceAlertsChanged() {
  window.dispatchEvent(new Event(ALERTS_CHANGED));
}
