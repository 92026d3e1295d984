import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage } from '../../shared/testing/render';
import { AlertsPage } from './AlertsPage';
import { fakeAlertsGateway, notification, rule } from './alertsTesting';

afterEach(() => vi.unstubAllGlobals());

const now = Math.floor(Date.now() / 1000);
const rules = [
  rule(),
  rule({ id: 'b-1', name: 'monthly budget', kind: 'budget', appDid: null, threshold: 1000, windowHours: null, minCalls: null,
    period: 'month', notifyAt: [50, 80, 100], webhookUrl: null, state: 'ok' }),
  rule({ id: 'c-1', name: 'slow gpt', kind: 'p95Latency', modelId: 'gpt-4o', threshold: 2500, enabled: false, state: 'disabled' }),
];
const deliveries = {
  total: 1, page: 1, pageSize: 20, items: [{
    id: 'd-1', notificationId: 42, episodeId: 7, event: 'opened', url: 'https://hooks.example.com/aigne', state: 'delivered',
    nextAttemptAt: null, createdAt: now - 600,
    attempts: [
      { attempt: 2, at: now - 570, status: 200, error: null, durationMs: 120 },
      { attempt: 1, at: now - 600, status: null, error: 'timeout after 5 s', durationMs: 5000 },
    ],
  }],
};
const episodes = {
  total: 2, page: 1, pageSize: 20, items: [
    { id: 7, ruleId: rules[0].id, ruleName: 'chatbot errors', kind: 'errorRate', appDid: 'did:app:alice-chatbot', modelId: null, slot: null,
      state: 'open', openedAt: now - 600, openValue: 7.5, resolvedAt: null, closeValue: null },
    { id: 6, ruleId: 'b-1', ruleName: 'monthly budget', kind: 'budget', appDid: null, modelId: null, slot: '2026-11:80',
      state: 'resolved', openedAt: now - 86_400 * 3, openValue: 812, resolvedAt: now - 86_400, closeValue: 1000 },
  ],
};

function gateway(over: (method: string, url: URL) => unknown = () => null) {
  let read = false;
  return fakeAlertsGateway((method, url) => {
    const answer = over(method, url);
    if (answer !== null) return answer;
    const p = url.pathname;
    if (p === '/api/usage/projects') return { projects: [{ appDid: 'did:app:alice-chatbot', name: 'Chatbot' }], count: 1, page: 1, pageSize: 100 };
    if (p === '/api/usage/alerts/rules' && method === 'GET') return { items: rules, total: rules.length };
    if (p.startsWith('/api/usage/alerts/rules/') && p.endsWith('/deliveries')) return deliveries;
    if (p.startsWith('/api/usage/alerts/rules/') && method === 'PUT') return rules[2];
    if (p.startsWith('/api/usage/alerts/rules/') && method === 'DELETE') return undefined;
    if (p === '/api/usage/alerts/episodes') return episodes;
    if (p === '/api/usage/alerts/notifications') return { unread: read ? 0 : 1, total: 1, page: 1, pageSize: 20, items: [notification({ read })] };
    if (p.endsWith('/read') && method === 'POST') { read = true; return undefined; }
    return new Response('{}', { status: 404 });
  });
}

describe('AlertsPage', () => {
  it('lists the rules with kind, scope by project name, condition, state and enabled switch', async () => {
    gateway();
    renderPage(<AlertsPage />, { path: '/usage/alerts' });
    const rows = await screen.findAllByTestId('rule-row');
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent('chatbot errors');
    expect(rows[0]).toHaveTextContent('Error rate');
    await waitFor(() => expect(rows[0]).toHaveTextContent('Chatbot'));
    expect(rows[0]).toHaveTextContent('errors > 5% over 1 h (at least 20 calls)');
    expect(within(rows[0]).getByTestId('rule-state')).toHaveAttribute('data-state', 'firing');
    expect(within(rows[0]).getByTestId('rule-state')).toHaveTextContent('Firing');
    expect(rows[1]).toHaveTextContent('Whole account');
    expect(rows[1]).toHaveTextContent('1,000.00 credits a month · at 50%, 80%, 100%');
    expect(within(rows[1]).getByTestId('rule-state')).toHaveTextContent('OK');
    expect(rows[2]).toHaveTextContent('gpt-4o in Chatbot');
    expect(rows[2]).toHaveTextContent('P95 > 2.5 s over 1 h');
    expect(within(rows[2]).getByTestId('rule-enabled-switch')).not.toBeChecked();
    await waitFor(() => expect(document.title).toBe('Alerts · AIGNE Hub Usage'));
  });

  it('turns a rule on by replacing it with enabled true', async () => {
    const seen = gateway();
    renderPage(<AlertsPage />);
    const rows = await screen.findAllByTestId('rule-row');
    await userEvent.click(within(rows[2]).getByTestId('rule-enabled-switch'));
    await waitFor(() => expect(seen.some((s) => s.method === 'PUT')).toBe(true));
    const put = seen.find((s) => s.method === 'PUT')!;
    expect(put.url.pathname).toBe('/api/usage/alerts/rules/c-1');
    expect(put.body).toMatchObject({ name: 'slow gpt', kind: 'p95Latency', enabled: true, appDid: 'did:app:alice-chatbot', modelId: 'gpt-4o', threshold: 2500 });
  });

  it('deletes a rule only after confirming', async () => {
    const seen = gateway();
    renderPage(<AlertsPage />);
    const rows = await screen.findAllByTestId('rule-row');
    await userEvent.click(within(rows[1]).getByTestId('rule-delete'));
    const dialog = await screen.findByTestId('rule-delete-dialog');
    expect(dialog).toHaveTextContent('"monthly budget" will stop watching');
    expect(seen.some((s) => s.method === 'DELETE')).toBe(false);
    await userEvent.click(within(dialog).getByTestId('rule-delete-confirm'));
    await waitFor(() => expect(seen.find((s) => s.method === 'DELETE')?.url.pathname).toBe('/api/usage/alerts/rules/b-1'));
    expect(await screen.findByText('Rule deleted')).toBeInTheDocument();
  });

  it("shows a rule's delivery log with every attempt", async () => {
    gateway();
    renderPage(<AlertsPage />);
    const rows = await screen.findAllByTestId('rule-row');
    await userEvent.click(within(rows[0]).getByTestId('rule-deliveries'));
    const dialog = await screen.findByTestId('deliveries-dialog');
    const delivery = await within(dialog).findByTestId('delivery-row');
    expect(within(delivery).getByTestId('delivery-state')).toHaveTextContent('Delivered');
    expect(delivery).toHaveTextContent('2 · HTTP 200');
    expect(delivery).toHaveTextContent('10 minutes ago');
    await userEvent.click(within(delivery).getByRole('button', { name: 'Show details' }));
    const attempts = await within(dialog).findAllByTestId('delivery-attempt');
    expect(attempts[0]).toHaveTextContent('HTTP 200');
    expect(attempts[1]).toHaveTextContent('no answer · timeout after 5 s');
    expect(attempts[1]).toHaveTextContent(/5 s$/);
  });

  it('lists recent episodes and the notifications, and marks one read', async () => {
    const seen = gateway();
    renderPage(<AlertsPage />);
    const episodeRows = await screen.findAllByTestId('episode-row');
    expect(episodeRows).toHaveLength(2);
    expect(within(episodeRows[0]).getByTestId('episode-state')).toHaveTextContent('Open');
    expect(episodeRows[0]).toHaveTextContent('7.5%');
    expect(within(episodeRows[1]).getByTestId('episode-state')).toHaveTextContent('Resolved');
    expect(episodeRows[1]).toHaveTextContent('1,000.00 credits');

    const note = await screen.findByTestId('notification-row');
    expect(note).toHaveAttribute('data-read', 'false');
    expect(note).toHaveTextContent('Error rate 7.5 % over the last 1 h (120 calls) is above 5 %');
    await userEvent.click(within(note).getByTestId('notification-mark-read'));
    await waitFor(() => expect(screen.getByTestId('notification-row')).toHaveAttribute('data-read', 'true'));
    expect(seen.some((s) => s.method === 'POST' && s.url.pathname === '/api/usage/alerts/notifications/42/read')).toBe(true);
  });

  it('shows each section\'s own error with Retry when the alerts service is down', async () => {
    gateway((_, url) => (url.pathname.startsWith('/api/usage/alerts')
      ? new Response(JSON.stringify({ status: 502, detail: 'The usage service is not reachable.' }), { status: 502 })
      : null));
    renderPage(<AlertsPage />);
    const errors = await screen.findAllByTestId('list-error');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toHaveTextContent('Could not load Alert rules: The usage service is not reachable.');
    expect(within(errors[0]).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
    expect(screen.getByTestId('rule-new')).toBeInTheDocument();
  });
});
