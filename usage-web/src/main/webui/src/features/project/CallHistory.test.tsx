import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeGateway, renderPage } from '../../shared/testing/render';
import { CallHistory } from './CallHistory';

const calls = [
  { id: 'c-ok', callTime: 1764300000, model: 'gpt-4o', type: 'chatCompletion', status: 'success', duration: 5000, totalUsage: 120, credits: 0.01 },
  { id: 'c-failed', callTime: 1764290000, model: 'gpt-4o', type: 'chatCompletion', status: 'failed', duration: 90, totalUsage: 0, credits: 0,
    errorReason: 'upstream 500: model overloaded', requestId: 'req-77', metadata: { endpoint: '/v2/chat', retries: 2 } },
];

afterEach(() => vi.unstubAllGlobals());

describe('CallHistory', () => {
  it('lists calls with status dots, flags slow ones and expands a failed row to its error reason', async () => {
    fakeGateway(() => ({ list: calls, count: 2, page: 1, pageSize: 20 }));
    renderPage(<CallHistory appDid="did:app:x" models={['gpt-4o', 'claude-3']} p95={2000} avg={800} />);
    const rows = await screen.findAllByTestId('call-row');
    expect(rows.map((r) => r.getAttribute('data-call-id'))).toEqual(['c-ok', 'c-failed']);
    expect(within(rows[0]).getByTestId('status-dot')).toHaveAttribute('data-status', 'success');
    expect(within(rows[0]).getByTestId('slow-icon')).toBeInTheDocument();
    expect(within(rows[1]).queryByTestId('slow-icon')).toBeNull();
    await userEvent.click(rows[1]);
    expect(await screen.findByText(/model overloaded/)).toBeInTheDocument();
    expect(screen.getByTestId('call-details')).toHaveTextContent('req-77');
    expect(JSON.parse(screen.getByTestId('call-metadata').textContent ?? '')).toEqual({ endpoint: '/v2/chat', retries: 2 });
    expect(screen.queryByTestId('call-usageMetrics')).toBeNull();
  });

  it('asks the gateway again with the chosen filters and sort, from page 1', async () => {
    const requests = fakeGateway(() => ({ list: calls, count: 45, page: 1, pageSize: 20 }));
    renderPage(<CallHistory appDid="did:app:x" models={['gpt-4o', 'claude-3']} />);
    await screen.findAllByTestId('call-row');
    await userEvent.click(screen.getByRole('button', { name: 'Go to next page' }));
    await waitFor(() => expect(requests.at(-1)?.searchParams.get('page')).toBe('2'));
    await userEvent.click(screen.getByTestId('call-status'));
    await userEvent.click(await screen.findByRole('option', { name: 'Failed' }));
    await waitFor(() => expect(requests.at(-1)?.searchParams.get('status')).toBe('failed'));
    await userEvent.click(screen.getByTestId('call-sort'));
    await userEvent.click(await screen.findByRole('option', { name: 'Slowest first' }));
    await waitFor(() => expect(requests.at(-1)?.searchParams.get('sort')).toBe('duration'));
    const last = requests.at(-1)!;
    expect(last.pathname).toBe('/api/usage/projects/did%3Aapp%3Ax/calls');
    expect(last.searchParams.get('page')).toBe('1');
    expect(last.searchParams.get('pageSize')).toBe('20');
    expect(last.searchParams.has('userDid')).toBe(false);
    // seven days by default, ending now
    expect(Number(last.searchParams.get('endTime')) - Number(last.searchParams.get('startTime'))).toBe(7 * 86_400);
  });

  it('offers Retry when the gateway fails', async () => {
    let fail = true;
    fakeGateway(() => (fail ? new Response(JSON.stringify({ status: 503, detail: 'busy' }), { status: 503 })
      : { list: calls, count: 2, page: 1, pageSize: 20 }));
    renderPage(<CallHistory appDid="did:app:x" models={[]} />);
    const retry = await screen.findByRole('button', { name: 'Retry' });
    expect(screen.getByText(/Could not load Call history: busy/)).toBeInTheDocument();
    fail = false;
    await userEvent.click(retry);
    expect(await screen.findAllByTestId('call-row')).toHaveLength(2);
  });
});
