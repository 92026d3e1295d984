// End to end: the built pages in Debian Chromium against the running local stack and its demo data
// (deploy/e2e.sh starts it). Expected numbers come from the gateway's API answers for the same
// session and range, fetched separately from the page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { api, assertShown, DESKTOP, launch, MOBILE, shot, signedIn, TABLET } from './browser.mjs';

const ALICE = 'did:abt:demo-alice';
const DAVE = 'did:abt:demo-dave';
const CHATBOT = 'did:app:alice-chatbot';
const BOBS_PROJECT = 'did:app:bob-support';
const REPO = resolve(import.meta.dirname, '../../../../..');
const AGGREGATOR = process.env.USAGE_AGGREGATOR_URL ?? 'http://127.0.0.1:8081';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The query a page sent for an endpoint, so the test can ask the API for the very same range. */
function captureRequest(page, pathPart, extra = () => true) {
  return page.waitForRequest((r) => new URL(r.url()).pathname.endsWith(pathPart) && extra(new URL(r.url())), { timeout: 15_000 })
    .then((r) => new URL(r.url()));
}

/** The answer the page itself received (P95 comes from randomized KLL compaction: two requests may differ slightly). */
function captureAnswer(page, pathPart) {
  return page.waitForResponse((r) => new URL(r.url()).pathname.endsWith(pathPart), { timeout: 15_000 })
    .then(async (r) => ({ url: new URL(r.url()), body: await r.json() }));
}

const OVERVIEW_CARDS = ['overview-calls', 'overview-tokens', 'overview-credits', 'overview-success'];
const STAT_CARDS = ['stat-calls', 'stat-tokens', 'stat-credits', 'stat-success', 'stat-avg', 'stat-p95'];

/** How many rows and columns the cards with these test ids are laid out in. */
async function grid(page, testIds) {
  const boxes = await Promise.all(testIds.map((id) => page.getByTestId(id).boundingBox()));
  return {
    rows: new Set(boxes.map((b) => Math.round(b.y))).size,
    columns: new Set(boxes.map((b) => Math.round(b.x))).size,
  };
}

async function cardValue(page, testId) {
  return page.locator(`[data-testid="${testId}"] [data-testid="stat-value"]`).innerText();
}

describe('Dashboard', () => {
  it('shows the quota and overview numbers the API answers, and every section (desktop)', async () => {
    const { context: ctx, page } = await signedIn(browser, ALICE, DESKTOP);
    const overviewRequest = captureRequest(page, '/api/usage/overview', (u) => u.searchParams.get('compare') === 'previous');
    const sent = await overviewRequest;
    // the page asks for the last 30 days ending now (docs/contracts.md §3), whatever else it does
    const asked = { start: Number(sent.searchParams.get('startTime')), end: Number(sent.searchParams.get('endTime')) };
    assert.equal(asked.end - asked.start, 30 * 86_400);
    assert.ok(Math.abs(asked.end - Date.now() / 1000) < 120, `the range ends now: ${asked.end}`);
    await page.getByTestId('overview-cards').getByTestId('stat-value').first().waitFor();
    const overview = await api(ctx, `/api/usage/overview${sent.search}`);
    assertShown(assert, await cardValue(page, 'overview-calls'), overview.totalCalls, 'total calls');
    assertShown(assert, await cardValue(page, 'overview-tokens'), overview.totalTokens, 'total tokens');
    assertShown(assert, await cardValue(page, 'overview-credits'), overview.totalCredits, 'total credits');
    assertShown(assert, await cardValue(page, 'overview-success'), overview.successRate, 'success rate');
    const expectedChange = Math.round(((overview.totalCalls - overview.previous.totalCalls) / overview.previous.totalCalls) * 1000) / 10;
    const changeText = await page.locator('[data-testid="overview-calls"] [data-testid="stat-change"]').innerText();
    assert.ok(changeText.startsWith(`${Math.abs(expectedChange)}%`), `calls change: "${changeText}" vs ${expectedChange}`);

    const quota = await api(ctx, '/api/usage/quota');
    assertShown(assert, await page.getByTestId('quota-total').innerText(), quota.total, 'quota total');
    // the ledger may debit a call between the two reads: used and remaining within a few credits
    const used = (await page.getByTestId('quota-used').innerText()).replace(/,/g, '');
    assert.ok(Math.abs(Number(used) - quota.used) < 1, `used ${used} vs ${quota.used}`);
    assert.match(await page.getByTestId('quota-days').innerText(), /\d+ days/);

    for (const id of ['quota-section', 'spend-sparkline', 'overview-cards', 'trend-chart', 'project-list', 'quota-details']) {
      assert.ok(await page.getByTestId(id).isVisible(), `${id} is visible`);
    }
    assert.ok(await page.locator('[data-testid="spend-sparkline"] svg').count() > 0, 'the spend sparkline is drawn');
    await page.getByTestId('tx-row').first().waitFor();
    await page.getByTestId('project-row').first().hover();
    await page.getByRole('tooltip').waitFor();
    await shot(page, 'dashboard-desktop');
    await ctx.close();
  });

  it('switches the trend to 7 days of hourly buckets and to other metrics', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.getByTestId('trend-plot').waitFor();
    const trendsRequest = captureRequest(page, '/api/usage/trends');
    await page.getByTestId('trend-range').getByRole('button', { name: 'Last 7 days' }).click();
    const sent = await trendsRequest;
    assert.equal(sent.searchParams.get('granularity'), 'hour');
    assert.equal(Number(sent.searchParams.get('endTime')) - Number(sent.searchParams.get('startTime')), 7 * 86_400);
    assert.equal(sent.searchParams.get('tz'), await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone));
    const trends = await api(context, `/api/usage/trends${sent.search}`);
    await page.waitForFunction((n) => document.querySelector('[data-testid="trend-plot"]')?.getAttribute('data-points') === String(n),
      trends.trends.length);
    await page.getByTestId('trend-metric').click();
    await page.getByRole('option', { name: 'Success rate' }).click();
    await page.waitForSelector('[data-testid="trend-plot"][data-metric="successRate"] .recharts-bar-rectangle');
    await shot(page, 'dashboard-trend-7d-success-rate');
    await context.close();
  });

  it('sorts and searches projects like the API, and a row opens its Project Detail', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.getByTestId('project-row').first().waitFor();
    const projectsRequest = captureRequest(page, '/api/usage/projects');
    await page.getByTestId('project-sort').click();
    await page.getByRole('option', { name: 'Total credits' }).click();
    const sent = await projectsRequest;
    assert.equal(sent.searchParams.get('sort'), 'credits');
    const expected = (await api(context, `/api/usage/projects${sent.search}`)).projects.map((p) => p.appDid);
    await page.waitForFunction((ids) => [...document.querySelectorAll('[data-testid="project-row"] a')].map((a) => a.textContent).join() === ids.join(), expected);

    await page.getByTestId('project-search').fill('search');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="project-row"]')].length === 1);
    assert.equal(await page.locator('[data-testid="project-row"] a').innerText(), 'did:app:alice-search');
    await page.getByTestId('project-row').click();
    await page.waitForURL(`**/usage/projects/${encodeURIComponent('did:app:alice-search')}`);
    assert.equal(await page.getByTestId('project-title').innerText(), 'did:app:alice-search');
    await context.close();
  });

  it('shows the empty state with a code sample to a user without calls', async () => {
    const { context, page } = await signedIn(browser, DAVE);
    await page.getByTestId('empty-state').waitFor();
    assert.match(await page.getByTestId('empty-state').innerText(), /No calls yet — start using AIGNE Hub now!/);
    assert.match(await page.getByTestId('code-sample').innerText(), /curl/);
    await shot(page, 'dashboard-empty-state');
    await context.close();
  });

  it('configures auto-recharge in its modal', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.getByTestId('auto-recharge-button').click();
    await page.getByTestId('auto-recharge-threshold').waitFor();
    await page.getByTestId('auto-recharge-enabled').check();
    await page.getByTestId('auto-recharge-threshold').fill('12.5');
    await page.getByTestId('auto-recharge-quantity').fill('150');
    await page.getByTestId('auto-recharge-maxAttempts').fill('2');
    await page.getByTestId('auto-recharge-maxAmount').fill('300');
    await shot(page, 'dashboard-auto-recharge');
    await page.getByTestId('auto-recharge-save').click();
    await page.getByTestId('auto-recharge-dialog').waitFor({ state: 'detached' });
    const saved = await api(context, '/api/usage/quota/auto-recharge');
    assert.deepEqual([saved.enabled, saved.threshold, saved.quantity, saved.dailyLimit.maxAttempts, saved.dailyLimit.maxAmount],
      [true, 12.5, 150, 2, 300]);
    await context.close();
  });

  it('filters the credit history by type', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.getByTestId('tx-row').first().waitFor();
    await page.getByTestId('tx-type-filter').click();
    await page.getByRole('option', { name: 'Grant' }).click();
    await page.waitForFunction(() => {
      const chips = [...document.querySelectorAll('[data-testid="tx-type"]')].map((c) => c.textContent);
      return chips.length > 0 && chips.every((c) => c === 'Grant');
    });
    const amounts = await page.getByTestId('tx-amount').allInnerTexts();
    assert.ok(amounts.every((a) => a.startsWith('+')), `grants are positive: ${amounts}`);
    await context.close();
  });
});

describe('Project Detail', () => {
  it('shows the six stats, models and calls the API answers, side by side (desktop)', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    const statsAnswer = captureAnswer(page, '/stats');
    await page.goto(`/usage/projects/${encodeURIComponent(CHATBOT)}`);
    const { url: sent, body: shown } = await statsAnswer;
    assert.equal(Number(sent.searchParams.get('endTime')) - Number(sent.searchParams.get('startTime')), 30 * 86_400);
    await page.getByTestId('stat-p95').getByTestId('stat-value').waitFor();
    const stats = await api(context, `${sent.pathname}${sent.search}`);
    // exact figures: a second, independent request answers the same
    assert.deepEqual([stats.totalCalls, stats.totalTokens, stats.totalCredits, stats.successRate, stats.avgDuration],
      [shown.totalCalls, shown.totalTokens, shown.totalCredits, shown.successRate, shown.avgDuration]);
    assertShown(assert, await cardValue(page, 'stat-calls'), stats.totalCalls, 'calls');
    assertShown(assert, await cardValue(page, 'stat-tokens'), stats.totalTokens, 'tokens');
    assertShown(assert, await cardValue(page, 'stat-credits'), stats.totalCredits, 'credits');
    assertShown(assert, await cardValue(page, 'stat-success'), stats.successRate, 'success rate');
    assertShown(assert, await cardValue(page, 'stat-avg'), stats.avgDuration, 'average latency');
    assertShown(assert, await cardValue(page, 'stat-p95'), shown.p95Duration, 'P95 latency');
    // and the other request's P95 is within the sketch's rank error of it (a few per cent in value here)
    assert.ok(Math.abs(stats.p95Duration - shown.p95Duration) <= 0.05 * shown.p95Duration, `P95 ${stats.p95Duration} vs ${shown.p95Duration}`);

    const models = await api(context, `${sent.pathname.replace('/stats', '/models')}${sent.search}`);
    await page.getByTestId('model-share').first().waitFor();
    assert.deepEqual(await page.getByTestId('model-percentage').allInnerTexts(),
      models.modelDistribution.map((m) => `${m.percentage.toFixed(2)}%`));
    // trend and pie share one row
    const trendBox = await page.getByTestId('project-trend-chart').boundingBox();
    const pieBox = await page.getByTestId('model-distribution').boundingBox();
    assert.ok(Math.abs(trendBox.y - pieBox.y) < 2 && pieBox.x > trendBox.x + trendBox.width - 1, 'trend and models in one row');
    await page.getByTestId('call-row').first().waitFor();
    await shot(page, 'project-desktop');
    await context.close();
  });

  it('filters and sorts the call list and expands a failed call', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.goto(`/usage/projects/${encodeURIComponent(CHATBOT)}`);
    await page.getByTestId('call-row').first().waitFor();
    await page.getByTestId('call-status').click();
    await page.getByRole('option', { name: 'Failed' }).click();
    await page.waitForFunction(() => {
      const dots = [...document.querySelectorAll('[data-testid="call-row"] [data-testid="status-dot"]')];
      return dots.length > 0 && dots.every((d) => d.getAttribute('data-status') === 'failed');
    });
    await page.getByTestId('call-row').first().click();
    assert.match(await page.getByTestId('call-details').innerText(), /Error reason/);
    await shot(page, 'project-failed-call-expanded');

    await page.getByTestId('call-status').click();
    await page.getByRole('option', { name: 'All' }).click();
    await page.getByTestId('call-sort').click();
    await page.getByRole('option', { name: 'Slowest first' }).click();
    await page.waitForFunction(() => {
      const ms = [...document.querySelectorAll('[data-testid="call-duration"]')].map((d) => Number(d.getAttribute('data-ms')));
      return ms.length > 1 && ms.every((v, i) => i === 0 || ms[i - 1] >= v) && ms[0] > ms[ms.length - 1];
    });
    const models = (await api(context, `/api/usage/projects/${encodeURIComponent(CHATBOT)}/models?timeRange=30`)).modelDistribution;
    const model = models[models.length - 1].model;
    await page.getByTestId('call-model').click();
    await page.getByRole('option', { name: model, exact: true }).click();
    await page.waitForFunction((m) => {
      const cells = [...document.querySelectorAll('[data-testid="call-model-cell"]')].map((c) => c.textContent);
      return cells.length > 0 && cells.every((c) => c === m);
    }, model);
    await context.close();
  });

  it('picks up a call ingested while the page is open, without a reload', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.clock.install(); // the page's timers, so the test can move on to the next poll instead of waiting 30 s
    await page.goto(`/usage/projects/${encodeURIComponent(CHATBOT)}`);
    await page.getByTestId('call-row').first().waitFor();
    let navigations = 0;
    page.on('framenavigated', () => { navigations += 1; });
    const id = `e2e-${Date.now()}`;
    const token = execFileSync(resolve(REPO, 'deploy/token.sh'), ['did:abt:e2e-producer', 'ingest'], { cwd: REPO }).toString().trim();
    const r = await fetch(`${AGGREGATOR}/api/ingest/model-calls`, {
      method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify([{ id, userDid: ALICE, appDid: CHATBOT, model: 'gpt-4o-mini', type: 'chatCompletion', status: 'success',
        durationMs: 321, totalUsage: 42, credits: 0.0042, callTime: Math.floor(Date.now() / 1000), schemaVersion: 1 }]),
    });
    assert.equal(r.status, 202);
    // the list polls every 30 s: jump the page's clock past each poll until the stored call shows
    const row = page.locator(`[data-testid="call-row"][data-call-id="${id}"]`);
    for (let poll = 0; poll < 10 && !(await row.isVisible()); poll += 1) {
      await page.clock.fastForward('00:31');
      await row.waitFor({ timeout: 3_000 }).catch(() => {});
    }
    await row.waitFor({ timeout: 1_000 });
    assert.equal(navigations, 0, 'no reload happened');
    await context.close();
  });

  it("does not open another user's project", async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.goto(`/usage/projects/${encodeURIComponent(BOBS_PROJECT)}`);
    await page.getByTestId('not-found').waitFor();
    assert.equal(await page.getByTestId('stat-value').count(), 0, 'no numbers of the other user are shown');
    await shot(page, 'project-of-another-user');
    await page.goto('/usage/forbidden');
    await page.getByTestId('forbidden').waitFor();
    await shot(page, 'forbidden');
    await context.close();
  });
});

describe('Everywhere', () => {
  it('switches to Chinese and keeps the choice after a reload', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.getByTestId('lang-switch').click();
    await page.getByTestId('overview-calls').getByText('总调用次数').waitFor();
    await page.reload();
    await page.getByTestId('quota-details').getByText('额度明细').waitFor();
    await shot(page, 'dashboard-zh');
    await context.close();
  });

  it('shows a toast with Retry on an API error and a friendly page when the network is down', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.getByTestId('overview-cards').getByTestId('stat-value').first().waitFor();
    await page.route('**/api/usage/projects?*', (route) => route.fulfill({
      status: 500, contentType: 'application/problem+json', body: JSON.stringify({ status: 500, title: 'Internal Server Error', detail: 'boom' }),
    }));
    await page.getByTestId('project-sort').click();
    await page.getByRole('option', { name: 'Total credits' }).click();
    const retry = page.getByRole('button', { name: 'Retry' });
    await retry.waitFor();
    await shot(page, 'toast-retry');
    await page.unroute('**/api/usage/projects?*');
    await retry.click();
    await page.getByTestId('project-row').first().waitFor();

    await page.route('**/api/usage/**', (route) => route.abort('internetdisconnected'));
    await page.getByTestId('trend-range').getByRole('button', { name: 'Last 90 days' }).click();
    await page.getByTestId('network-error').waitFor();
    await shot(page, 'network-error');
    await context.close();
  });

  it('gives a tablet the medium layout: tables, two overview cards and three stat cards a row', async () => {
    const { context, page } = await signedIn(browser, ALICE, TABLET);
    await page.getByTestId('overview-cards').getByTestId('stat-value').first().waitFor();
    assert.equal((await grid(page, OVERVIEW_CARDS)).columns, 2, 'overview cards in two columns');
    assert.ok(await page.locator('[data-testid="project-list"] table').isVisible(), 'the project list stays a table');
    await page.getByTestId('tx-row').first().waitFor();
    await shot(page, 'dashboard-tablet');
    await page.getByTestId('project-row').first().click();
    await page.getByTestId('stat-p95').getByTestId('stat-value').waitFor();
    assert.equal((await grid(page, STAT_CARDS)).columns, 3, 'project cards in three columns');
    await page.getByTestId('call-row').first().waitFor();
    await shot(page, 'project-tablet');
    await context.close();
  });

  it('lays both pages out for a phone: 2×2 and 2×3 cards, card lists, filters in a drawer', async () => {
    const { context, page } = await signedIn(browser, ALICE, MOBILE);
    await page.getByTestId('overview-cards').getByTestId('stat-value').first().waitFor();
    assert.deepEqual(await grid(page, OVERVIEW_CARDS), { rows: 2, columns: 2 }, 'overview cards 2×2');
    await page.getByTestId('project-cards').waitFor();
    assert.ok(await page.getByTestId('key-figures').isVisible(), 'the trend becomes key figures');
    await page.getByTestId('tx-row').first().waitFor();
    await shot(page, 'dashboard-mobile');

    await page.getByTestId('project-row').first().click();
    await page.getByTestId('stat-p95').getByTestId('stat-value').waitFor();
    assert.deepEqual(await grid(page, STAT_CARDS), { rows: 3, columns: 2 }, 'project cards 2×3');
    await page.getByTestId('call-row').first().waitFor();
    assert.equal(await page.locator('table').count(), 0, 'no tables on a phone');
    await shot(page, 'project-mobile');
    await page.getByTestId('call-filters-open').click();
    await page.getByTestId('call-status').waitFor();
    await shot(page, 'project-mobile-filters');
    await context.close();
  });
});
