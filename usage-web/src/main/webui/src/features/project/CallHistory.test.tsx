import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lastDays } from '../../shared/lib/range';
import { useState } from 'react';
import { DEFAULT_RANGE, type PageRange } from '../../shared/lib/pageRange';
import { fakeGateway, LocationProbe, renderPage } from '../../shared/testing/render';
import { CallHistory } from './CallHistory';

const calls = [
  { id: 'c-ok', callTime: 1764300000, model: 'gpt-4o', type: 'chatCompletion', status: 'success', duration: 5000, totalUsage: 120, credits: 0.01 },
  { id: 'c-failed', callTime: 1764290000, model: 'gpt-4o', type: 'chatCompletion', status: 'failed', duration: 90, totalUsage: 0, credits: 0,
    errorReason: 'upstream 500: model overloaded', requestId: 'req-77', metadata: { endpoint: '/v2/chat', retries: 2 } },
];

// /models over the list's range: each model's calls and the P95 of its successful ones
const modelDistribution = [
  { model: 'gpt-4o', calls: 40, percentage: 40, p95Duration: 2000 },
  // 22 s is usual for this model
  { model: 'gpt-image-1', calls: 40, percentage: 40, p95Duration: 24_000 },
  // too few calls for a threshold
  { model: 'rare-model', calls: 12, percentage: 12, p95Duration: 1000 },
  // no successful call in the range: no P95
  { model: 'failing-model', calls: 8, percentage: 8, p95Duration: null },
];

/** The gateway: /models for the thresholds, else the list. */
function gateway(list: unknown[]) {
  return fakeGateway((url) => (url.pathname.endsWith('/models')
    ? { modelDistribution }
    : { list, count: list.length, page: 1, pageSize: 20 }));
}

afterEach(() => vi.unstubAllGlobals());

describe('CallHistory', () => {
  it('says the older calls expired instead of showing an empty page', async () => {
    const expiredBefore = new Date(2026, 9, 1).getTime() / 1000;
    fakeGateway((url) => (url.pathname.endsWith('/models') ? { modelDistribution }
      : { list: [], count: 0, page: 1, pageSize: 20, coverage: { complete: false, exactFrom: expiredBefore, dailyOnlyBefore: expiredBefore } }));
    renderPage(<CallHistory appDid="did:app:x" models={[]} pageRange={DEFAULT_RANGE} />);
    expect(await screen.findByTestId('list-empty')).toHaveTextContent('Calls before Oct 1, 2026 have expired');
    expect(screen.queryByText('No calls match')).toBeNull();
  });

  it('notes the expired calls above a list that has kept ones', async () => {
    const expiredBefore = new Date(2026, 9, 1).getTime() / 1000;
    fakeGateway((url) => (url.pathname.endsWith('/models') ? { modelDistribution }
      : { list: calls, count: 2, page: 1, pageSize: 20, coverage: { complete: false, exactFrom: expiredBefore, dailyOnlyBefore: null } }));
    renderPage(<CallHistory appDid="did:app:x" models={[]} pageRange={DEFAULT_RANGE} />);
    expect(await screen.findAllByTestId('call-row')).toHaveLength(2);
    expect(screen.getByTestId('list-note')).toHaveTextContent('Calls before Oct 1, 2026 have expired');
  });

  it('lists calls with status dots and expands a failed row to its error reason', async () => {
    gateway(calls);
    renderPage(<CallHistory appDid="did:app:x" models={['gpt-4o', 'claude-3']} pageRange={DEFAULT_RANGE} />);
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

  it("flags a call only against its own model's P95, read from /models over the list's range", async () => {
    const requests = gateway([
      { id: 'chat-slow', callTime: 6, model: 'gpt-4o', type: 'chatCompletion', status: 'success', duration: 5000 },
      // above the P95 though not twice a median: the rule has no median (the API gives none)
      { id: 'chat-above', callTime: 5, model: 'gpt-4o', type: 'chatCompletion', status: 'success', duration: 2100 },
      { id: 'chat-usual', callTime: 4, model: 'gpt-4o', type: 'chatCompletion', status: 'success', duration: 1900 },
      { id: 'chat-failed', callTime: 4, model: 'gpt-4o', type: 'chatCompletion', status: 'failed', duration: 9000 },
      { id: 'image-usual', callTime: 3, model: 'gpt-image-1', type: 'imageGeneration', status: 'success', duration: 22_000 },
      { id: 'image-slow', callTime: 2, model: 'gpt-image-1', type: 'imageGeneration', status: 'success', duration: 31_000 },
      { id: 'rare', callTime: 1, model: 'rare-model', type: 'custom', status: 'success', duration: 60_000 },
      { id: 'failing', callTime: 1, model: 'failing-model', type: 'custom', status: 'success', duration: 60_000 },
      { id: 'unknown', callTime: 0, model: 'new-model', type: 'custom', status: 'success', duration: 60_000 },
    ]);
    renderPage(<CallHistory appDid="did:app:x" models={[]} pageRange={DEFAULT_RANGE} />);
    await waitFor(() => expect(screen.getAllByTestId('slow-icon')).toHaveLength(3));
    const flagged = screen.getAllByTestId('call-row').filter((r) => within(r).queryByTestId('slow-icon')).map((r) => r.getAttribute('data-call-id'));
    // 5 s and 2.1 s > 2 s; 31 s > 24 s; 22 s is under the image model's P95; rare-model has 12 calls; no P95, no icon
    expect(flagged).toEqual(['chat-slow', 'chat-above', 'image-slow']);
    const icon = screen.getAllByTestId('slow-icon')[0];
    expect(icon).toHaveAttribute('data-p95', '2000');
    await userEvent.hover(icon);
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Unusually slow for gpt-4o: above its P95 (2 s) in this range');
    // one /models request over the list's range, none per model
    const list = requests.find((u) => u.pathname.endsWith('/calls'))!;
    const models = requests.filter((u) => u.pathname.endsWith('/models'));
    expect(models).toHaveLength(1);
    expect(models[0].pathname).toBe('/api/usage/projects/did%3Aapp%3Ax/models');
    expect(models[0].searchParams.get('startTime')).toBe(list.searchParams.get('startTime'));
    expect(requests.filter((u) => u.pathname.endsWith('/calls'))).toHaveLength(1);
  });

  it('follows the page\'s range and asks /models again over it when it changes', async () => {
    const requests = gateway(calls);
    function WithRange() {
      const [range, setRange] = useState<PageRange>({ kind: 'preset', days: 7 });
      return <><button onClick={() => setRange({ kind: 'preset', days: 30 })}>wider</button><CallHistory appDid="did:app:x" models={[]} pageRange={range} /></>;
    }
    renderPage(<WithRange />);
    await screen.findAllByTestId('call-row');
    await waitFor(() => expect(requests.filter((u) => u.pathname.endsWith('/models'))).toHaveLength(1));
    await userEvent.click(screen.getByRole('button', { name: 'wider' }));
    await waitFor(() => expect(requests.filter((u) => u.pathname.endsWith('/models'))).toHaveLength(2));
    const [list, models] = [requests.filter((u) => u.pathname.endsWith('/calls')).at(-1)!, requests.filter((u) => u.pathname.endsWith('/models')).at(-1)!];
    expect(models.searchParams.get('startTime')).toBe(list.searchParams.get('startTime'));
    expect(Number(models.searchParams.get('startTime'))).toBe(lastDays(30, new Date(Number(models.searchParams.get('endTime')) * 1000)).startTime);
  });

  it('labels call types in the page language, raw names never', async () => {
    gateway([
      { id: 'a', callTime: 2, model: 'gpt-4o', type: 'chatCompletion', status: 'success', duration: 10 },
      { id: 'b', callTime: 1, model: 'gpt-image-1', type: 'imageGeneration', status: 'success', duration: 10 },
    ]);
    const { unmount } = renderPage(<CallHistory appDid="did:app:x" models={[]} pageRange={DEFAULT_RANGE} />);
    expect((await screen.findAllByTestId('call-type')).map((c) => c.textContent)).toEqual(['Chat', 'Image']);
    unmount();
    renderPage(<CallHistory appDid="did:app:x" models={[]} pageRange={DEFAULT_RANGE} />, { lang: 'zh' });
    expect((await screen.findAllByTestId('call-type')).map((c) => c.textContent)).toEqual(['对话', '图像生成']);
  });

  it('asks the gateway again with the chosen filters and sort, from page 1', async () => {
    const all = fakeGateway(() => ({ list: calls, count: 45, page: 1, pageSize: 20 }));
    const listRequests = () => all.filter((u) => u.searchParams.get('pageSize') === '20');
    renderPage(<CallHistory appDid="did:app:x" models={['gpt-4o', 'claude-3']} pageRange={DEFAULT_RANGE} />);
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
    // the page's range (30 whole local days by default): from midnight 29 days ago until now
    const expected = lastDays(30, new Date(Number(last.searchParams.get('endTime')) * 1000));
    expect(Number(last.searchParams.get('startTime'))).toBe(expected.startTime);
    expect(Math.abs(Number(last.searchParams.get('endTime')) - Date.now() / 1000)).toBeLessThan(60);
  });

  it('keeps filters, sort and page in the address and asks the API with them (several models, slower than, charged, search)', async () => {
    const all = fakeGateway(() => ({ list: calls, count: 45, page: 3, pageSize: 20 }));
    const listRequests = () => all.filter((u) => u.pathname.endsWith('/calls'));
    renderPage(<><CallHistory appDid="did:app:x" models={['gpt-4o', 'claude-3', 'gpt-image-1']} pageRange={DEFAULT_RANGE} /><LocationProbe /></>,
      { path: '/usage/projects/x?model=gpt-4o&model=claude-3&status=failed&type=imageGeneration&minDuration=1500&charged=true&search=req-7&sort=duration&page=3' });
    await screen.findAllByTestId('call-row');
    const first = listRequests()[0].searchParams;
    expect(first.getAll('model')).toEqual(['gpt-4o', 'claude-3']);
    expect([first.get('status'), first.get('type'), first.get('minDuration'), first.get('charged'), first.get('search'), first.get('sort'), first.get('page')])
      .toEqual(['failed', 'imageGeneration', '1500', 'true', 'req-7', 'duration', '3']);
    // typing a search settles into the address and the request, from page 1
    await userEvent.clear(screen.getByTestId('call-search'));
    await userEvent.type(screen.getByTestId('call-search'), 'trace-9');
    await waitFor(() => expect(listRequests().at(-1)?.searchParams.get('search')).toBe('trace-9'), { timeout: 3000 });
    expect(listRequests().at(-1)?.searchParams.get('page')).toBe('1');
    const address = new URLSearchParams(screen.getByTestId('location').textContent ?? '');
    expect(address.get('search')).toBe('trace-9');
    expect(address.has('page')).toBe(false);
    // charged off: the parameter leaves the address and the request
    await userEvent.click(screen.getByTestId('call-charged'));
    await waitFor(() => expect(listRequests().at(-1)?.searchParams.has('charged')).toBe(false));
    expect(new URLSearchParams(screen.getByTestId('location').textContent ?? '').has('charged')).toBe(false);
  });

  it('ignores values the address cannot mean', async () => {
    const all = fakeGateway(() => ({ list: calls, count: 2, page: 1, pageSize: 20 }));
    renderPage(<CallHistory appDid="did:app:x" models={[]} pageRange={DEFAULT_RANGE} />,
      { path: '/usage/projects/x?status=weird&type=drop&minDuration=-5&charged=yes&sort=random&page=0' });
    await screen.findAllByTestId('call-row');
    const q = all.find((u) => u.pathname.endsWith('/calls'))!.searchParams;
    expect(['status', 'type', 'minDuration', 'charged'].filter((k) => q.has(k))).toEqual([]);
    expect([q.get('sort'), q.get('page')]).toEqual(['time', '1']);
  });

  it('offers Retry in the list when the gateway fails', async () => {
    let fail = true;
    fakeGateway(() => (fail ? new Response(JSON.stringify({ status: 503, detail: 'busy' }), { status: 503 })
      : { list: calls, count: 2, page: 1, pageSize: 20 }));
    renderPage(<CallHistory appDid="did:app:x" models={[]} pageRange={DEFAULT_RANGE} />);
    const error = await screen.findByTestId('list-error');
    expect(error).toHaveTextContent('Could not load Call history: busy');
    fail = false;
    await userEvent.click(within(error).getByRole('button', { name: 'Retry' }));
    expect(await screen.findAllByTestId('call-row')).toHaveLength(2);
  });
});
