import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lastDays } from '../../shared/lib/range';
import { fakeGateway, renderPage } from '../../shared/testing/render';
import { CallHistory } from './CallHistory';

const calls = [
  { id: 'c-ok', callTime: 1764300000, model: 'gpt-4o', type: 'chatCompletion', status: 'success', duration: 5000, totalUsage: 120, credits: 0.01 },
  { id: 'c-failed', callTime: 1764290000, model: 'gpt-4o', type: 'chatCompletion', status: 'failed', duration: 90, totalUsage: 0, credits: 0,
    errorReason: 'upstream 500: model overloaded', requestId: 'req-77', metadata: { endpoint: '/v2/chat', retries: 2 } },
];

// each model's successful calls in the range, slowest first (what /calls?model=…&status=success&sort=duration pages through)
const byModel: Record<string, number[]> = {
  // 40 calls: P95 = ascending rank 38 = 3rd slowest = 2000 ms; median = rank 20 = 21st slowest = 800 ms
  'gpt-4o': [9000, 4000, 2000, ...Array<number>(17).fill(1500), ...Array<number>(20).fill(800)],
  // 40 calls: P95 = 24 s, median = 15 s — 22 s is usual for this model
  'gpt-image-1': [30_000, 26_000, 24_000, ...Array<number>(17).fill(20_000), ...Array<number>(20).fill(15_000)],
  // 5 calls: too few for a P95
  'rare-model': [60_000, 1000, 1000, 1000, 1000],
};

/** The gateway: a model's one-call pages for the thresholds, else the list. */
function gateway(list: unknown[]) {
  return fakeGateway((url) => {
    const model = url.searchParams.get('model') ?? '';
    if (url.searchParams.get('pageSize') === '1' && url.searchParams.get('status') === 'success' && url.searchParams.get('sort') === 'duration') {
      const durations = byModel[model] ?? [];
      const page = Number(url.searchParams.get('page'));
      return { list: durations[page - 1] === undefined ? [] : [{ id: `${model}-${page}`, duration: durations[page - 1] }], count: durations.length, page, pageSize: 1 };
    }
    return { list, count: list.length, page: 1, pageSize: 20 };
  });
}

afterEach(() => vi.unstubAllGlobals());

describe('CallHistory', () => {
  it('lists calls with status dots and expands a failed row to its error reason', async () => {
    gateway(calls);
    renderPage(<CallHistory appDid="did:app:x" models={['gpt-4o', 'claude-3']} />);
    const rows = await screen.findAllByTestId('call-row');
    expect(rows.map((r) => r.getAttribute('data-call-id'))).toEqual(['c-ok', 'c-failed']);
    expect(within(rows[0]).getByTestId('status-dot')).toHaveAttribute('data-status', 'success');
    // one duration format: 5000 ms reads 5 s, 90 ms stays in ms
    expect(within(rows[0]).getByTestId('call-duration')).toHaveTextContent('5 s');
    expect(within(rows[1]).getByTestId('call-duration')).toHaveTextContent('90 ms');
    await userEvent.click(rows[1]);
    expect(await screen.findByText(/model overloaded/)).toBeInTheDocument();
    expect(screen.getByTestId('call-details')).toHaveTextContent('req-77');
    expect(JSON.parse(screen.getByTestId('call-metadata').textContent ?? '')).toEqual({ endpoint: '/v2/chat', retries: 2 });
    expect(screen.queryByTestId('call-usageMetrics')).toBeNull();
  });

  it("flags a call only against its own model's P95 and median, read from the call list", async () => {
    const requests = gateway([
      { id: 'chat-slow', callTime: 5, model: 'gpt-4o', type: 'chatCompletion', status: 'success', duration: 5000 },
      { id: 'chat-usual', callTime: 4, model: 'gpt-4o', type: 'chatCompletion', status: 'success', duration: 1900 },
      { id: 'image-usual', callTime: 3, model: 'gpt-image-1', type: 'imageGeneration', status: 'success', duration: 22_000 },
      { id: 'image-slow', callTime: 2, model: 'gpt-image-1', type: 'imageGeneration', status: 'success', duration: 31_000 },
      { id: 'rare', callTime: 1, model: 'rare-model', type: 'custom', status: 'success', duration: 60_000 },
    ]);
    renderPage(<CallHistory appDid="did:app:x" models={[]} />);
    await waitFor(() => expect(screen.getAllByTestId('slow-icon')).toHaveLength(2));
    const icon = screen.getAllByTestId('slow-icon');
    const flagged = screen.getAllByTestId('call-row').filter((r) => within(r).queryByTestId('slow-icon')).map((r) => r.getAttribute('data-call-id'));
    // 5 s > 2 s (P95) and ≥ 2 × 0.8 s; 31 s > 24 s and ≥ 2 × 15 s; 22 s is under the image model's P95; rare-model has 5 calls
    expect(flagged).toEqual(['chat-slow', 'image-slow']);
    expect(icon[0]).toHaveAttribute('data-p95', '2000');
    expect(icon[0]).toHaveAttribute('data-median', '800');
    // the figures come from the list sorted slowest first, at the nearest-rank positions, over the list's range
    const asked = requests.filter((u) => u.searchParams.get('model') === 'gpt-4o').map((u) => u.searchParams.get('page'));
    expect(asked).toEqual(['1', '3', '21']);
    const list = requests.find((u) => u.searchParams.get('pageSize') === '20')!;
    const threshold = requests.find((u) => u.searchParams.get('model') === 'gpt-4o')!;
    expect(threshold.searchParams.get('startTime')).toBe(list.searchParams.get('startTime'));
  });

  it('labels call types in the page language, raw names never', async () => {
    gateway([
      { id: 'a', callTime: 2, model: 'gpt-4o', type: 'chatCompletion', status: 'success', duration: 10 },
      { id: 'b', callTime: 1, model: 'gpt-image-1', type: 'imageGeneration', status: 'success', duration: 10 },
    ]);
    const { unmount } = renderPage(<CallHistory appDid="did:app:x" models={[]} />);
    expect((await screen.findAllByTestId('call-type')).map((c) => c.textContent)).toEqual(['Chat', 'Image']);
    unmount();
    renderPage(<CallHistory appDid="did:app:x" models={[]} />, { lang: 'zh' });
    expect((await screen.findAllByTestId('call-type')).map((c) => c.textContent)).toEqual(['对话', '图像生成']);
  });

  it('asks the gateway again with the chosen filters and sort, from page 1', async () => {
    const all = fakeGateway(() => ({ list: calls, count: 45, page: 1, pageSize: 20 }));
    const listRequests = () => all.filter((u) => u.searchParams.get('pageSize') === '20');
    renderPage(<CallHistory appDid="did:app:x" models={['gpt-4o', 'claude-3']} />);
    await screen.findAllByTestId('call-row');
    await userEvent.click(screen.getByRole('button', { name: 'Go to next page' }));
    await waitFor(() => expect(listRequests().at(-1)?.searchParams.get('page')).toBe('2'));
    await userEvent.click(screen.getByTestId('call-status'));
    await userEvent.click(await screen.findByRole('option', { name: 'Failed' }));
    await waitFor(() => expect(listRequests().at(-1)?.searchParams.get('status')).toBe('failed'));
    await userEvent.click(screen.getByTestId('call-sort'));
    await userEvent.click(await screen.findByRole('option', { name: 'Slowest first' }));
    await waitFor(() => expect(listRequests().at(-1)?.searchParams.get('sort')).toBe('duration'));
    const last = listRequests().at(-1)!;
    expect(last.pathname).toBe('/api/usage/projects/did%3Aapp%3Ax/calls');
    expect(last.searchParams.get('page')).toBe('1');
    expect(last.searchParams.has('userDid')).toBe(false);
    // seven whole local days by default: from midnight six days ago until now
    const expected = lastDays(7, new Date(Number(last.searchParams.get('endTime')) * 1000));
    expect(Number(last.searchParams.get('startTime'))).toBe(expected.startTime);
    expect(Math.abs(Number(last.searchParams.get('endTime')) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('offers Retry in the list when the gateway fails', async () => {
    let fail = true;
    fakeGateway(() => (fail ? new Response(JSON.stringify({ status: 503, detail: 'busy' }), { status: 503 })
      : { list: calls, count: 2, page: 1, pageSize: 20 }));
    renderPage(<CallHistory appDid="did:app:x" models={[]} />);
    const error = await screen.findByTestId('list-error');
    expect(error).toHaveTextContent('Could not load Call history: busy');
    fail = false;
    await userEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    expect(await screen.findAllByTestId('call-row')).toHaveLength(2);
  });
});
