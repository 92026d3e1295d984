// End to end: the built pages in Debian Chromium against the running local stack and its demo data
// (deploy/e2e.sh starts it). Expected numbers come from the gateway's API answers for the same
// session and range, fetched separately from the page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/**
 * The start of N whole local days ending at {@code endSeconds}: 00:00 in the browser's time zone of
 * the day N − 1 days before (docs/web.md "Ranges and buckets"), computed in the page.
 */
function wholeDaysStart(page, endSeconds, days) {
  return page.evaluate(([end, n]) => {
    const d = new Date(end * 1000);
    return Math.floor(new Date(d.getFullYear(), d.getMonth(), d.getDate() - (n - 1)).getTime() / 1000);
  }, [endSeconds, days]);
}

/** A card's change as the rule words it: "25%", "×71" from ten times on ("×999+" beyond), "new" from zero. */
function expectedChange(current, previous) {
  if (previous === 0) return current === 0 ? '0%' : 'new';
  const ratio = current / previous;
  if (previous > 0 && ratio >= 10) return Math.floor(ratio) > 999 ? '×999+' : `×${Math.floor(ratio).toLocaleString('en-US')}`;
  return `${Math.abs(Math.round(((current - previous) / Math.abs(previous)) * 1000) / 10)}%`;
}

/** Hovers a chart's plot area at a fraction of its width (0 = first bucket, 1 = last) and returns its tooltip. */
async function hoverPlot(page, plotTestId, tooltipTestId, fraction) {
  // the mouse only reaches the viewport (a coverage notice above the chart may push it below the fold)
  await page.getByTestId(plotTestId).scrollIntoViewIfNeeded();
  const grid = await page.locator(`[data-testid="${plotTestId}"] .recharts-cartesian-grid`).boundingBox();
  await page.mouse.move(grid.x + Math.min(grid.width - 1, Math.max(1, grid.width * fraction)), grid.y + grid.height / 2);
  const tooltip = page.getByTestId(tooltipTestId);
  await tooltip.waitFor();
  return tooltip;
}

/** The day of the month of a bucket start in the browser's time zone. */
function dayOfMonth(page, timestamp) {
  return page.evaluate((ts) => new Date(ts * 1000).getDate(), timestamp);
}

/** Whether a request is for this path (exactly, query aside). Keep the function to unroute it: routes match by identity. */
const onPath = (path, extra = () => true) => (url) => url.pathname === path && extra(url);

/** Credits by the rule: grouped with exactly two decimals from 1 credit up, two significant digits below. */
const CREDITS = /^(\d{1,3}(,\d{3})*\.\d{2}|0\.0*[1-9]\d?)$/;
/** Durations by the rule: whole ms below a second, seconds with up to three significant digits. */
const DURATION = /^(\d{1,3} ms|\d+(\.\d+)? s|–)$/;

describe('Dashboard', () => {
  it('shows the quota and overview numbers the API answers, and every section (desktop)', async () => {
    const { context: ctx, page } = await signedIn(browser, ALICE, DESKTOP);
    // the first load asks before React renders (main.tsx), possibly before sign-in's navigation has
    // settled: listen first, then load the page again
    const overviewRequest = captureRequest(page, '/api/usage/overview', (u) => u.searchParams.get('compare') === 'previous');
    await page.reload();
    const sent = await overviewRequest;
    // the page asks for the last 30 whole local days, from midnight 29 days ago until now (docs/web.md)
    const asked = { start: Number(sent.searchParams.get('startTime')), end: Number(sent.searchParams.get('endTime')) };
    assert.equal(asked.start, await wholeDaysStart(page, asked.end, 30), 'the range starts at a local midnight');
    assert.ok(Math.abs(asked.end - Date.now() / 1000) < 120, `the range ends now: ${asked.end}`);
    await page.getByTestId('overview-cards').getByTestId('stat-value').first().waitFor();
    const overview = await api(ctx, `/api/usage/overview${sent.search}`);
    assertShown(assert, await cardValue(page, 'overview-calls'), overview.totalCalls, 'total calls');
    assertShown(assert, await cardValue(page, 'overview-tokens'), overview.totalTokens, 'total tokens');
    assertShown(assert, await cardValue(page, 'overview-credits'), overview.totalCredits, 'total credits');
    assertShown(assert, await cardValue(page, 'overview-success'), overview.successRate, 'success rate');
    // a partly expired previous period claims no change (docs/web.md "Expired data")
    const change = overview.previous.coverage?.complete === false ? 'previous 30 days partly expired'
      : expectedChange(overview.totalCalls, overview.previous.totalCalls);
    const changeText = await page.locator('[data-testid="overview-calls"] [data-testid="stat-change"]').innerText();
    assert.ok(changeText.startsWith(change), `calls change: "${changeText}" vs ${change}`);

    const quota = await api(ctx, '/api/usage/quota');
    assertShown(assert, await page.getByTestId('quota-total').innerText(), quota.total, 'quota total');
    // the ledger may debit a call between the two reads: used and remaining within a few credits
    const used = (await page.getByTestId('quota-used').innerText()).replace(/,/g, '');
    assert.ok(Math.abs(Number(used) - quota.used) < 1, `used ${used} vs ${quota.used}`);
    assert.match(await page.getByTestId('quota-days').innerText(), /\d+ days/);

    for (const id of ['quota-section', 'spend-sparkline', 'overview-cards', 'trend-chart', 'project-list', 'quota-details']) {
      await page.getByTestId(id).waitFor(); // visible; the sections below the cards render after them
    }
    // the drawings come with the charts chunk, loaded lazily after the cards
    await page.locator('[data-testid="spend-sparkline"] svg').first().waitFor();
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
    await page.getByTestId('range-toggle').getByRole('button', { name: 'Last 7 days' }).click();
    const sent = await trendsRequest;
    assert.equal(sent.searchParams.get('granularity'), 'hour');
    assert.equal(Number(sent.searchParams.get('startTime')), await wholeDaysStart(page, Number(sent.searchParams.get('endTime')), 7));
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

  it('sorts and searches projects like the API by name, and a row opens its Project Detail under that name', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.getByTestId('project-row').first().waitFor();
    const projectsRequest = captureRequest(page, '/api/usage/projects');
    await page.getByTestId('project-sort').click();
    await page.getByRole('option', { name: 'Total credits' }).click();
    const sent = await projectsRequest;
    assert.equal(sent.searchParams.get('sort'), 'credits');
    // each row shows the project's name, or its DID when the demo left it unnamed (did:app:alice-agents)
    const projects = (await api(context, `/api/usage/projects${sent.search}`)).projects;
    assert.ok(projects.some((p) => p.name === null) && projects.some((p) => p.name !== null), 'the demo has named and unnamed projects');
    const labels = projects.map((p) => p.name ?? p.appDid);
    await page.waitForFunction((want) => [...document.querySelectorAll('[data-testid="project-row"] [data-testid="project-name"]')]
      .map((a) => a.textContent).join() === want.join(), labels);
    const dids = await page.locator('[data-testid="project-row"] [data-testid="project-did"]').allInnerTexts();
    assert.deepEqual(dids, projects.filter((p) => p.name !== null).map((p) => p.appDid));
    assert.equal(await page.locator('[data-testid="project-row"] [data-testid="project-avatar"]').count(), projects.length);

    // "knowledge" is only in the name of did:app:alice-search
    await page.getByTestId('project-search').fill('knowledge');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="project-row"]')].length === 1);
    assert.equal(await page.locator('[data-testid="project-row"] [data-testid="project-name"]').innerText(), 'Knowledge Search');
    await page.getByTestId('project-row').click();
    await page.waitForURL(`**/usage/projects/${encodeURIComponent('did:app:alice-search')}`);
    await page.waitForFunction(() => document.querySelector('[data-testid="project-title"]')?.textContent === 'Knowledge Search');
    assert.equal(await page.getByTestId('project-title-did').innerText(), 'did:app:alice-search');
    assert.equal(await page.getByTestId('project-app-link').getAttribute('href'), 'https://search.alice.example');
    assert.equal(await page.getByTestId('project-app-link').getAttribute('rel'), 'noopener noreferrer');
    assert.match(await page.title(), /^Knowledge Search · /);
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
    assert.equal(Number(sent.searchParams.get('startTime')), await wholeDaysStart(page, Number(sent.searchParams.get('endTime')), 30));
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
    await page.keyboard.press('Escape');
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
    assert.match(await page.getByTestId('not-found').innerText(), /Project not found/);
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

  it('shows a failing list\'s error with Retry in the list, and a friendly page only when nothing can be reached', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.getByTestId('overview-cards').getByTestId('stat-value').first().waitFor();
    const projects = onPath('/api/usage/projects');
    await page.route(projects, (route) => route.fulfill({
      status: 500, contentType: 'application/problem+json', body: JSON.stringify({ status: 500, title: 'Internal Server Error', detail: 'boom' }),
    }));
    await page.getByTestId('project-sort').click();
    await page.getByRole('option', { name: 'Total credits' }).click();
    const error = page.getByTestId('project-list').getByTestId('list-error');
    await error.waitFor();
    assert.match(await error.innerText(), /Could not load Projects: boom/);
    await page.getByTestId('trend-plot').waitFor(); // the rest of the page stays (its drawing may still be on its way)
    await shot(page, 'list-error-retry');
    await page.unroute(projects);
    await error.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('project-row').first().waitFor();

    // the session cannot even be checked: nothing on the page could load
    await page.route(onPath('/auth/session'), (route) => route.abort('internetdisconnected'));
    await page.reload();
    await page.getByTestId('network-error').waitFor();
    await shot(page, 'network-error');
    await context.close();
  });

  it('gives a tablet the medium layout: tables, two overview cards and three stat cards a row', async () => {
    const { context, page } = await signedIn(browser, ALICE, TABLET);
    await page.getByTestId('overview-cards').getByTestId('stat-value').first().waitFor();
    assert.equal((await grid(page, OVERVIEW_CARDS)).columns, 2, 'overview cards in two columns');
    await page.getByTestId('project-row').first().waitFor(); // the sections below the cards render after them
    assert.ok(await page.locator('[data-testid="project-list"] table').isVisible(), 'the project list stays a table');
    await page.getByTestId('tx-row').first().waitFor();
    await shot(page, 'dashboard-tablet');
    await page.getByTestId('project-row').first().click();
    await page.getByTestId('stat-p95').getByTestId('stat-value').waitFor();
    assert.equal((await grid(page, STAT_CARDS)).columns, 3, 'project cards in three columns');
    await page.getByTestId('call-row').first().waitFor();
    // the call table fits (nothing cut off at the right) and every call is one line high
    const fit = await page.getByTestId('call-history').locator('table').evaluate((table) => ({
      table: table.scrollWidth, box: table.parentElement.clientWidth,
      rows: [...table.querySelectorAll('[data-testid="call-row"]')].map((tr) => tr.getBoundingClientRect().height),
    }));
    assert.ok(fit.table <= fit.box, `the call table fits its card (${fit.table} > ${fit.box} px)`);
    assert.ok(Math.max(...fit.rows) <= Math.min(...fit.rows) + 2, `one line per call (row heights ${[...new Set(fit.rows)]})`);
    // the full-width models card puts the pie beside its list
    const pie = await page.getByTestId('model-pie').boundingBox();
    const share = await page.getByTestId('model-share').first().boundingBox();
    assert.ok(share.x > pie.x + pie.width - 1, 'the model list stands right of the pie');
    await shot(page, 'project-tablet');
    await context.close();
  });

  it('lays both pages out for a phone: 2×2 and 2×3 cards, card lists, filters in a drawer', async () => {
    const { context, page } = await signedIn(browser, ALICE, MOBILE);
    await page.getByTestId('overview-cards').getByTestId('stat-value').first().waitFor();
    assert.deepEqual(await grid(page, OVERVIEW_CARDS), { rows: 2, columns: 2 }, 'overview cards 2×2');
    await page.getByTestId('project-cards').waitFor();
    assert.ok(await page.getByTestId('trend-figures').isVisible(), 'the trend becomes key figures');
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

// Issue 12 ("What was seen"): each check names the defect it guards against (docs/web.md has the rules).
describe('Issue 12', () => {
  it('1: the credits card shows a skeleton while /quota loads (no bar colour, no numbers), then the API\'s level', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.route(onPath('/api/usage/quota'), async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await route.continue();
    });
    await page.reload();
    await page.getByTestId('quota-skeleton').waitFor();
    assert.equal(await page.getByTestId('quota-bar').count(), 0, 'no bar (and no red) while loading');
    const loading = await page.getByTestId('quota-balance').innerText();
    assert.doesNotMatch(loading, /\d|No spend/, `no numbers, no "% used", no "No spend" while loading: ${loading}`);
    await page.getByTestId('quota-bar').waitFor();
    const quota = await api(context, '/api/usage/quota');
    const left = quota.total > 0 ? quota.remaining / quota.total : (quota.remaining <= 0 ? 0 : 1);
    const level = left < 0.1 ? 'critical' : left < 0.3 ? 'low' : 'ok';
    assert.equal(await page.getByTestId('quota-bar').getAttribute('data-level'), level);
    await context.close();
  });

  it('1: a failing /quota shows the error with Retry, never a red bar, "0% used" or "No spend"', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    const quota = onPath('/api/usage/quota');
    await page.route(quota, (route) => route.fulfill({
      status: 503, contentType: 'application/problem+json', body: JSON.stringify({ status: 503, title: 'Service Unavailable', detail: 'billing is down' }),
    }));
    await page.reload();
    const error = page.getByTestId('quota-error');
    await error.waitFor();
    assert.match(await error.innerText(), /Could not load Credits: billing is down/);
    assert.equal(await page.getByTestId('quota-bar').count(), 0);
    assert.doesNotMatch(await page.getByTestId('quota-section').innerText(), /% used|No spend/);
    await shot(page, 'quota-error');
    await page.unroute(quota);
    await error.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('quota-bar').waitFor();
    await context.close();
  });

  it('1: a stale balance says its time — the gateway\'s own (stale, asOf) and after a failed poll', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    const asOf = Math.floor(Date.now() / 1000) - 1800;
    const quota = onPath('/api/usage/quota');
    await page.route(quota, async (route) => {
      const response = await route.fetch();
      await route.fulfill({ response, json: { ...(await response.json()), stale: true, asOf } });
    });
    await page.reload();
    const stale = page.getByTestId('quota-stale');
    await stale.waitFor();
    assert.equal(await stale.getAttribute('data-as-of'), String(asOf));
    assert.match(await stale.innerText(), /last known balance, as of (\d\d\/\d\d, )?\d\d:\d\d/);
    assert.ok(await page.getByTestId('quota-bar').isVisible(), 'the stale value is shown');
    await page.unroute(quota);

    // a poll that fails keeps the value, with its time
    await page.clock.install();
    await page.goto('/usage/dashboard');
    await page.getByTestId('quota-bar').waitFor();
    assert.equal(await page.getByTestId('quota-stale').count(), 0);
    await page.route(quota, (route) => route.abort('internetdisconnected'));
    await page.clock.fastForward('01:01');
    await page.getByTestId('quota-stale').waitFor();
    assert.match(await page.getByTestId('quota-stale').innerText(), /Could not refresh the balance \(the server cannot be reached\); showing it as of \d\d:\d\d/);
    assert.ok(await page.getByTestId('quota-bar').isVisible());
    await context.close();
  });

  it('2: the 7-day spend chart has a date axis and a tooltip with each bar\'s own date and credits (desktop)', async () => {
    const { context, page } = await signedIn(browser, ALICE, DESKTOP);
    // the first load's answers in first: a waiter set while they are on the wire could take one of them, whose
    // body is gone once the reload navigates away
    await page.waitForLoadState('networkidle');
    const spendAnswer = page.waitForResponse((r) => {
      const u = new URL(r.url());
      return u.pathname === '/api/usage/trends' && Number(u.searchParams.get('endTime')) - Number(u.searchParams.get('startTime')) < 7 * 86_400 + 7200;
    });
    await page.reload();
    const spend = await (await spendAnswer).json();
    const buckets = spend.trends;
    assert.equal(buckets.length, 7, 'seven whole local days');
    const bars = page.locator('[data-testid="spend-sparkline"] .recharts-bar-background-rectangle');
    await bars.first().waitFor();
    assert.equal(await bars.count(), 7);
    assert.ok((await page.locator('[data-testid="spend-sparkline"] .recharts-xAxis-tick-labels text').count()) >= 2, 'a date axis');
    assert.ok(await page.getByTestId('spend-total').isVisible(), 'the 7-day total as a figure on desktop too');
    for (const [i, bucket] of [[0, buckets[0]], [6, buckets[6]]]) {
      // the bar's column (its background), wherever the bar ends: the bar itself takes the pointer
      const column = await bars.nth(i).boundingBox();
      await page.mouse.move(column.x + column.width / 2, column.y + column.height / 2);
      const tooltip = page.getByTestId('spend-tooltip');
      await page.waitForFunction((ts) => document.querySelector('[data-testid="spend-tooltip"]')?.getAttribute('data-timestamp') === String(ts), bucket.timestamp);
      const text = await tooltip.innerText();
      assert.match(text, new RegExp(`\\b${await dayOfMonth(page, bucket.timestamp)}\\b`), `the bucket's own day: ${text}`);
      assert.doesNotMatch(text, /01\/01/);
      assert.match(text, /credits/);
      // today is still running
      assert.equal(/partial day/.test(text), i === 6, `partial only today: ${text}`);
    }
    await shot(page, 'spend-tooltip');
    await context.close();
  });

  it('3: trends are whole local days; the running bucket is drawn and labelled partial (90 days daily, 7 days hourly)', async () => {
    const { context, page } = await signedIn(browser, ALICE, DESKTOP);
    await page.getByTestId('trend-plot').waitFor();
    const trendAnswer = page.waitForResponse((r) => {
      const u = new URL(r.url());
      // the daily trend, not the heatmap's hourly one over the same range (whichever answers first)
      return u.pathname === '/api/usage/trends' && u.searchParams.get('granularity') === 'day'
        && Number(u.searchParams.get('endTime')) - Number(u.searchParams.get('startTime')) > 80 * 86_400;
    });
    await page.getByTestId('range-toggle').getByRole('button', { name: 'Last 90 days' }).click();
    const answer = await trendAnswer;
    const sent = new URL(answer.url());
    const body = await answer.json();
    assert.equal(Number(sent.searchParams.get('startTime')), await wholeDaysStart(page, Number(sent.searchParams.get('endTime')), 90));
    // the API's buckets, and in a zone whose days are no UTC days the ones retention cut into as
    // expired gaps (the local stack keeps raw calls 60 days: retention.test.mjs)
    await page.waitForFunction((n) => {
      const plot = document.querySelector('[data-testid="trend-plot"]');
      return plot?.getAttribute('data-points') === '90' && 90 - Number(plot.getAttribute('data-expired')) === n;
    }, body.trends.length);
    assert.equal(await page.getByTestId('trend-plot').getAttribute('data-partial'), '1', 'only today is partial');
    assert.ok(await page.locator('[data-testid="trend-plot"] .partial-segment path').count() >= 1, 'a dashed segment into today');
    const last = await hoverPlot(page, 'trend-plot', 'trend-tooltip', 1);
    assert.equal(await last.getAttribute('data-timestamp'), String(body.trends.at(-1).timestamp));
    assert.match(await last.innerText(), /partial day/);
    const first = await hoverPlot(page, 'trend-plot', 'trend-tooltip', 0);
    assert.equal(await first.getAttribute('data-timestamp'), sent.searchParams.get('startTime'), 'the first bucket starts with the range');
    assert.doesNotMatch(await first.innerText(), /partial/);
    await shot(page, 'trend-partial-day');

    await page.goto(`/usage/projects/${encodeURIComponent(CHATBOT)}`);
    await page.getByTestId('project-trend-plot').waitFor();
    await page.getByTestId('range-toggle').getByRole('button', { name: 'Last 7 days' }).click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="project-trend-plot"]')?.getAttribute('data-points')) > 100);
    const hour = await hoverPlot(page, 'project-trend-plot', 'project-trend-tooltip', 1);
    assert.match(await hour.innerText(), /partial hour/);
    await context.close();
  });

  it('4: latency reads in one format — axes with nice ticks in s / ms, cards and the call list alike', async () => {
    const { context, page } = await signedIn(browser, ALICE, DESKTOP);
    await page.goto(`/usage/projects/${encodeURIComponent(CHATBOT)}`);
    await page.getByTestId('project-trend-plot').locator('.recharts-yAxis-tick-labels').first().waitFor();
    const axes = await page.locator('[data-testid="project-trend-plot"] .recharts-yAxis-tick-labels')
      .evaluateAll((groups) => groups.map((g) => [...g.querySelectorAll('text')].map((t) => t.textContent)));
    const latency = axes.find((ticks) => ticks.some((x) => / m?s$/.test(x)));
    assert.ok(latency, `a latency axis in s / ms: ${JSON.stringify(axes)}`);
    for (const tick of latency) assert.match(tick, /^(0|\d{1,3} ms|\d+(\.\d)? s)$/, `tick "${tick}"`);
    assert.ok(!axes.flat().some((x) => /\d{4,} ms/.test(x)), `no raw milliseconds: ${JSON.stringify(axes)}`);
    assert.match(await cardValue(page, 'stat-avg'), DURATION);
    assert.match(await cardValue(page, 'stat-p95'), DURATION);
    await page.getByTestId('call-row').first().waitFor();
    for (const text of await page.getByTestId('call-duration').allInnerTexts()) assert.match(text.trim(), DURATION, `call latency "${text}"`);
    await context.close();
  });

  it('8: credits have one format with their unit, counts compact on cards, changes capped', async () => {
    const { context, page } = await signedIn(browser, ALICE, DESKTOP);
    await page.getByTestId('quota-bar').waitFor();
    await page.getByTestId('overview-cards').getByTestId('stat-value').first().waitFor();
    for (const id of ['quota-total', 'quota-used', 'quota-remaining']) {
      assert.match(await page.getByTestId(id).innerText(), CREDITS, id);
    }
    assert.match(await page.getByTestId('quota-section').innerText(), /credits/);
    assert.match(await cardValue(page, 'overview-credits'), CREDITS);
    // a count on a card: compact from 1,000 (K/M), never "5,318" beside "15.9K"
    for (const id of ['overview-calls', 'overview-tokens']) {
      assert.match(await cardValue(page, id), /^(\d{1,3}|\d+(\.\d+)?[KMB])$/, id);
    }
    for (const change of await page.getByTestId('stat-change').allInnerTexts()) {
      assert.doesNotMatch(change, /\d{4,}(\.\d)?%/, `no four-digit percentages: ${change}`);
    }
    await page.getByTestId('project-row').first().waitFor();
    for (const text of await page.getByTestId('project-credits').allInnerTexts()) assert.match(text, CREDITS);
    await page.getByTestId('tx-row').first().waitFor();
    for (const text of await page.getByTestId('tx-amount').allInnerTexts()) assert.match(text, /^[+−]?[\d,.]+ credits$/, text);
    await context.close();
  });

  it('9: call and credit types and the range buttons are in Chinese', async () => {
    const { context, page } = await signedIn(browser, ALICE, DESKTOP, 'zh-CN');
    await page.getByTestId('range-toggle').waitFor();
    assert.deepEqual((await page.getByTestId('range-toggle').getByRole('button').allInnerTexts()).map((x) => x.trim()), ['7 天', '30 天', '90 天', '自定义']);
    await page.getByTestId('tx-row').first().waitFor();
    for (const chip of await page.getByTestId('tx-type').allInnerTexts()) assert.match(chip, /^(发放|消耗|调整|过期)$/);
    await page.goto(`/usage/projects/${encodeURIComponent(CHATBOT)}`);
    await page.getByTestId('call-row').first().waitFor();
    const types = await page.getByTestId('call-type').allInnerTexts();
    assert.ok(types.length > 0);
    for (const type of types) assert.doesNotMatch(type, /^[a-z]+[A-Z]|^(embedding|video|custom)$/, `a raw type name: ${type}`);
    await shot(page, 'project-zh');
    await context.close();
  });

  it("10: the slow-call icon compares a call with its own model's P95 in the list's range", async () => {
    const { context, page } = await signedIn(browser, ALICE, DESKTOP);
    // the /models answers the page itself received (KLL merging is randomized: a second request may differ slightly)
    const modelAnswers = [];
    page.on('response', async (r) => {
      if (new URL(r.url()).pathname.endsWith('/models') && r.ok()) modelAnswers.push({ url: new URL(r.url()), body: await r.json() });
    });
    await page.goto(`/usage/projects/${encodeURIComponent(CHATBOT)}`);
    await page.getByTestId('call-row').first().waitFor();
    const listRequest = captureRequest(page, '/calls', (u) => u.searchParams.get('pageSize') === '20' && u.searchParams.get('sort') === 'duration');
    await page.getByTestId('call-sort').click();
    await page.getByRole('option', { name: 'Slowest first' }).click();
    const sent = await listRequest;
    await page.waitForFunction(() => {
      const ms = [...document.querySelectorAll('[data-testid="call-duration"]')].map((d) => Number(d.getAttribute('data-ms')));
      return ms.length > 1 && ms.every((v, i) => i === 0 || ms[i - 1] >= v);
    });
    const rows = await page.getByTestId('call-row').evaluateAll((trs) => trs.map((tr) => ({
      id: tr.getAttribute('data-call-id'),
      model: tr.querySelector('[data-testid="call-model-cell"]')?.textContent,
      status: tr.querySelector('[data-testid="status-dot"]')?.getAttribute('data-status'),
      ms: Number(tr.querySelector('[data-testid="call-duration"]')?.getAttribute('data-ms')),
    })));
    // the figures the rule asks for: each model's P95 (and calls) over the list's own range, from /models
    // the list's range starts at the same midnight; its end is "now" at each request, so only the start must match
    const sameRange = (a) => a.url.searchParams.get('startTime') === sent.searchParams.get('startTime');
    for (let i = 0; i < 100 && !modelAnswers.some(sameRange); i += 1) await new Promise((done) => setTimeout(done, 100));
    assert.ok(modelAnswers.some(sameRange), "the page asked /models over the list's range");
    const { modelDistribution } = modelAnswers.filter(sameRange).at(-1).body;
    const figures = Object.fromEntries(modelDistribution.map((m) => [m.model, m.calls < 20 ? null : { p95: m.p95Duration }]));
    const expected = rows.filter((r) => r.status === 'success' && figures[r.model]?.p95 != null && r.ms > figures[r.model].p95)
      .map((r) => r.id);
    await page.waitForFunction((ids) => [...document.querySelectorAll('[data-testid="call-row"]')]
      .filter((tr) => tr.querySelector('[data-testid="slow-icon"]')).map((tr) => tr.getAttribute('data-call-id')).join() === ids.join(), expected,
    { timeout: 15_000 }).catch(async () => {
      const shown = await page.getByTestId('call-row').evaluateAll((trs) => trs.filter((tr) => tr.querySelector('[data-testid="slow-icon"]')).map((tr) => tr.getAttribute('data-call-id')));
      assert.deepEqual(shown, expected, `flagged rows vs the rule (figures ${JSON.stringify(figures)})`);
    });
    await shot(page, 'project-slow-calls');
    await context.close();
  });

  it('11: one endpoint down at the network level fails only its section; the rest stays', async () => {
    const { context, page } = await signedIn(browser, ALICE, DESKTOP);
    const overview = onPath('/api/usage/overview', (u) => u.searchParams.get('compare') === 'previous');
    await page.route(overview, (route) => route.abort('internetdisconnected'));
    await page.reload();
    const error = page.getByTestId('overview-cards').getByTestId('section-error');
    await error.waitFor();
    assert.match(await error.innerText(), /Could not load Overview: the server cannot be reached/);
    await page.getByTestId('trend-plot').waitFor();
    await page.getByTestId('project-row').first().waitFor();
    await page.getByTestId('quota-bar').waitFor();
    assert.equal(await page.getByTestId('network-error').count(), 0, 'no page-wide error');
    await shot(page, 'section-error');
    await page.unroute(overview);
    await error.getByRole('button', { name: 'Retry' }).click();
    await page.getByTestId('overview-cards').getByTestId('stat-value').first().waitFor();
    await context.close();
  });

  it('11: names the tab per page, shows "page not found" for an unknown address, serves a favicon', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.waitForFunction(() => document.title === 'Dashboard · AIGNE Hub Usage');
    await page.goto(`/usage/projects/${encodeURIComponent(CHATBOT)}`);
    // the project's name from its profile (the demo names did:app:alice-chatbot), once the stats brought it
    await page.waitForFunction((t) => document.title === t, "Alice's Chatbot · AIGNE Hub Usage");
    await page.goto('/usage/anything');
    await page.getByTestId('not-found').waitFor();
    assert.match(await page.getByTestId('not-found').innerText(), /Page not found/);
    assert.doesNotMatch(await page.getByTestId('not-found').innerText(), /Project not found/);
    assert.equal(await page.title(), 'Page not found · AIGNE Hub Usage');
    for (const [path, type] of [['/favicon.ico', /^image\//], ['/favicon.svg', /^image\/svg/]]) {
      const r = await context.request.get(path);
      assert.equal(r.status(), 200, path);
      assert.match(r.headers()['content-type'] ?? '', type, path);
    }
    await context.close();
  });
});

// Issue 12, the rest of "What was seen" (5, 7, 12) and the V2 essentials: one range in the address,
// custom dates, call filters, CSV exports, the weekday × hour heatmap and the latency/tokens scatter.
const enc = encodeURIComponent;
const CHATBOT_PAGE = `/usage/projects/${enc(CHATBOT)}`;

/** A downloaded CSV as rows of fields (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
async function downloadedCsv(download) {
  const text = readFileSync(await download.path(), 'utf8');
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 1; } else field += c;
  }
  return rows;
}

/** Every item of a paged API list for a query, walking its pages (100 a page). */
async function allPages(context, path, search, key) {
  const q = new URLSearchParams(search);
  q.delete('page');
  q.set('pageSize', '100');
  const items = [];
  for (let page = 1; ; page += 1) {
    q.set('page', String(page));
    const answer = await api(context, `${path}?${q}`);
    items.push(...answer[key]);
    if (answer[key].length < 100) return { items, count: answer.count };
  }
}

describe('Issue 12: one range, custom dates, filters, exports, heatmap, scatter', () => {
  it('5: one range for the page, in the address: stats, trend, models and the call list ask the same; a reload keeps it', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.goto(CHATBOT_PAGE);
    await page.getByTestId('call-row').first().waitFor();
    const asked = ['/stats', '/trends', '/models', '/calls'].map((p) => captureRequest(page, p));
    await page.getByTestId('range-toggle').getByRole('button', { name: 'Last 7 days' }).click();
    const sent = await Promise.all(asked);
    const start = await wholeDaysStart(page, Number(sent[0].searchParams.get('endTime')), 7);
    for (const u of sent) assert.equal(Number(u.searchParams.get('startTime')), start, `${u.pathname} asks the page's 7 days`);
    await page.waitForURL(/[?&]range=7d/);
    // the list's total is the API's for that very range (not a list range of its own)
    const list = await api(context, `/api/usage/projects/${enc(CHATBOT)}/calls${sent[3].search}`);
    await page.waitForFunction((n) => document.querySelector('[data-testid="call-history"] .MuiTablePagination-displayedRows')?.textContent
      ?.endsWith(`of ${n.toLocaleString('en-US')}`), list.count);
    const afterReload = captureRequest(page, '/stats');
    await page.reload();
    const again = await afterReload;
    assert.equal(Number(again.searchParams.get('startTime')), await wholeDaysStart(page, Number(again.searchParams.get('endTime')), 7));
    assert.equal(await page.getByTestId('range-toggle').getByRole('button', { name: 'Last 7 days' }).getAttribute('aria-pressed'), 'true');
    await context.close();
  });

  it('5: while a new range loads, the cards show skeletons, not the old numbers under the new label', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.getByTestId('overview-calls').getByTestId('stat-value').waitFor();
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route((u) => u.pathname === '/api/usage/overview', async (route) => { await held; await route.continue(); });
    await page.getByTestId('range-toggle').getByRole('button', { name: 'Last 90 days' }).click();
    await page.waitForFunction(() => !document.querySelector('[data-testid="overview-calls"] [data-testid="stat-value"]'));
    assert.match(await page.getByTestId('overview-calls').innerText(), /^Total calls\s*$/, 'no number and no change while loading');
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/usage/overview');
    release();
    const overview = await (await answered).json();
    await page.getByTestId('overview-calls').getByTestId('stat-value').waitFor();
    // a previous period that reaches into expired data shows no change (the local stack keeps raw calls 60 days)
    const change = overview.previous?.coverage?.complete === false ? /previous 90 days partly expired/ : /vs previous 90 days/;
    assert.match(await page.getByTestId('overview-calls').innerText(), change);
    await context.close();
  });

  it('V2: a custom range from the picker: whole local days in the address and in every request; the figures are the API\'s', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.getByTestId('trend-plot').waitFor();
    const [from, to] = await page.evaluate(() => {
      const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      const now = new Date();
      return [iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 12)), iso(new Date(now.getFullYear(), now.getMonth(), now.getDate() - 3))];
    });
    await page.getByTestId('range-custom').click();
    await page.getByTestId('range-from').fill(from);
    await page.getByTestId('range-to').fill(to);
    const overviewAsked = captureRequest(page, '/api/usage/overview', (u) => u.searchParams.has('compare'));
    const trendsAsked = captureRequest(page, '/api/usage/trends', (u) => u.searchParams.get('granularity') === 'day' && Number(u.searchParams.get('endTime')) < Date.now() / 1000 - 86_400);
    await page.getByTestId('range-apply').click();
    const [overview, trends] = await Promise.all([overviewAsked, trendsAsked]);
    const expected = await page.evaluate(([f, t]) => {
      const [fy, fm, fd] = f.split('-').map(Number);
      const [ty, tm, td] = t.split('-').map(Number);
      return [new Date(fy, fm - 1, fd).getTime() / 1000, new Date(ty, tm - 1, td + 1).getTime() / 1000 - 1];
    }, [from, to]);
    assert.deepEqual([Number(overview.searchParams.get('startTime')), Number(overview.searchParams.get('endTime'))], expected);
    assert.equal(trends.searchParams.get('startTime'), overview.searchParams.get('startTime'));
    await page.waitForURL((u) => u.searchParams.get('from') === from && u.searchParams.get('to') === to);
    const answer = await api(context, `/api/usage/overview${overview.search}`);
    await page.waitForFunction((n) => document.querySelector('[data-testid="overview-calls"] [data-testid="stat-value"]')?.getAttribute('data-exact')
      === n.toLocaleString('en-US'), answer.totalCalls);
    // ten whole days, none partial
    await page.waitForFunction(() => document.querySelector('[data-testid="trend-plot"]')?.getAttribute('data-points') === '10');
    assert.equal(await page.getByTestId('trend-plot').getAttribute('data-partial'), '0');
    assert.match(await page.getByTestId('range-label').innerText(), /\d/);
    assert.match(await page.getByTestId('overview-calls').innerText(), /vs previous 10 days/);
    await shot(page, 'dashboard-custom-range');
    await context.close();
  });

  it('7: phone: the metric switch drives the key figures; cards keep tokens and the last call; no title is cut', async () => {
    const { context, page } = await signedIn(browser, ALICE, MOBILE);
    // the overview answers the page received; the one of the load before the reload may have no body
    // left to read (navigated away from), so the last one read is the page's
    const overviewBodies = [];
    page.on('response', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/usage/overview' && u.searchParams.has('compare')) overviewBodies.push(r.json().catch(() => undefined));
    });
    await page.reload();
    await page.getByTestId('trend-figures').waitFor();
    assert.equal(await page.getByTestId('trend-figures').getAttribute('data-metric'), 'calls');
    await page.getByTestId('trend-metric').click();
    await page.getByRole('option', { name: 'Success rate' }).click();
    await page.waitForSelector('[data-testid="trend-figures"][data-metric="successRate"]');
    const figures = await page.getByTestId('trend-figures').getByTestId('key-figure').allInnerTexts();
    assert.match(figures[0], /^Success rate/);
    assert.match(figures[1], /^Lowest/);
    // the range's success rate: success / terminal calls, the overview's own figure
    const body = (await Promise.all(overviewBodies)).filter(Boolean).at(-1);
    assertShown(assert, figures[0].replace(/^Success rate\s*/, ''), body.successRate, 'phone success rate');
    const title = page.getByTestId('overview-success').getByTestId('stat-title');
    assert.equal(await title.innerText(), 'Average success rate');
    assert.ok(await title.evaluate((e) => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= window.innerWidth), 'title not cut');
    const projectCard = page.getByTestId('project-cards').getByTestId('project-row').first();
    assert.match(await projectCard.innerText(), /tokens · Last call /);
    await projectCard.click();
    await page.getByTestId('call-row').first().waitFor();
    assert.match(await page.getByTestId('call-row').first().innerText(), /\d[\d.,KM]* tokens/);
    await shot(page, 'phone-key-figures');
    await context.close();
  });

  it('V2: call filters (several models, status, slower than, charged only, id search) in the address match the API', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    const models = (await api(context, `/api/usage/projects/${enc(CHATBOT)}/models?timeRange=30`)).modelDistribution.map((m) => m.model);
    assert.ok(models.length >= 2);
    const filters = `model=${enc(models[0])}&model=${enc(models[1])}&status=success&minDuration=800&charged=true`;
    const listAsked = captureRequest(page, '/calls', (u) => u.searchParams.get('pageSize') === '20');
    await page.goto(`${CHATBOT_PAGE}?${filters}`);
    const sent = await listAsked;
    assert.deepEqual(sent.searchParams.getAll('model'), models.slice(0, 2));
    const answer = await api(context, `/api/usage/projects/${enc(CHATBOT)}/calls${sent.search}`);
    assert.ok(answer.count > 0, 'the demo data has such calls');
    // the API's answer obeys each filter, as the page asked them
    for (const c of answer.list) {
      assert.ok(models.slice(0, 2).includes(c.model) && c.status === 'success' && c.duration > 800 && c.credits > 0, JSON.stringify(c));
    }
    await page.waitForFunction((ids) => [...document.querySelectorAll('[data-testid="call-row"]')].map((r) => r.getAttribute('data-call-id')).join() === ids.join(),
      answer.list.map((c) => c.id));
    // search by the start of a request id finds its call
    const target = answer.list.find((c) => c.requestId) ?? answer.list[0];
    const needle = (target.requestId ?? target.id).slice(0, 12);
    await page.getByTestId('call-search').fill(needle);
    await page.waitForURL((u) => u.searchParams.get('search') === needle);
    await page.waitForFunction((id) => [...document.querySelectorAll('[data-testid="call-row"]')].some((r) => r.getAttribute('data-call-id') === id), target.id);
    await shot(page, 'project-call-filters');
    await context.close();
  });

  it('V2: the call list exports every page of the current filters, row for row as the API lists them', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.goto(`${CHATBOT_PAGE}?range=7d&status=success`);
    await page.getByTestId('call-row').first().waitFor();
    const exportAsked = captureRequest(page, '/calls/export');
    // hold the answer a moment to see the button's progress state
    await page.route((u) => u.pathname.endsWith('/calls/export'), async (route) => { await new Promise((r) => setTimeout(r, 800)); await route.continue(); });
    const downloaded = page.waitForEvent('download');
    await page.getByTestId('export-calls').click();
    await page.getByTestId('export-calls-progress').waitFor();
    await shot(page, 'export-progress');
    const [sent, download] = await Promise.all([exportAsked, downloaded]);
    const csv = await downloadedCsv(download);
    assert.deepEqual(csv[0], ['id', 'callTime', 'callTimeIso', 'model', 'type', 'status', 'durationMs', 'totalUsage', 'credits', 'requestId', 'traceId', 'errorReason']);
    const { items, count } = await allPages(context, `/api/usage/projects/${enc(CHATBOT)}/calls`, sent.search, 'list');
    assert.ok(count > 20, `more than one page (${count})`);
    assert.equal(csv.length - 1, count);
    csv.slice(1).forEach((r, i) => {
      const c = items[i];
      assert.deepEqual([r[0], Number(r[1]), r[3], r[4], r[5], Number(r[6]), Number(r[7]), Number(r[8])],
        [c.id, c.callTime, c.model, c.type, c.status, c.duration, c.totalUsage, c.credits], `row ${i + 1}`);
      assert.equal(r[2], new Date(c.callTime * 1000).toISOString().replace('.000Z', 'Z'));
    });
    assert.match(download.suggestedFilename(), /\.csv$/);
    await context.close();
  });

  it('V2: the project list and a trend series export as the API answers them', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    await page.getByTestId('project-row').first().waitFor();
    const projectsAsked = captureRequest(page, '/api/usage/projects/export');
    const projectFile = page.waitForEvent('download');
    await page.getByTestId('export-projects').click();
    const [sent, download] = await Promise.all([projectsAsked, projectFile]);
    const csv = await downloadedCsv(download);
    const { items } = await allPages(context, '/api/usage/projects', sent.search, 'projects');
    const appDid = csv[0].indexOf('appDid');
    const calls = csv[0].indexOf('totalCalls');
    assert.deepEqual(csv.slice(1).map((r) => [r[appDid], Number(r[calls])]), items.map((p) => [p.appDid, p.totalCalls]));

    const trendAnswer = captureAnswer(page, '/api/usage/trends');
    await page.getByTestId('range-toggle').getByRole('button', { name: 'Last 7 days' }).click();
    const { body } = await trendAnswer;
    await page.waitForFunction((n) => document.querySelector('[data-testid="trend-plot"]')?.getAttribute('data-points') === String(n), body.trends.length);
    const trendFile = page.waitForEvent('download');
    await page.getByTestId('export-trend').click();
    const trendCsv = await downloadedCsv(await trendFile);
    assert.equal(trendCsv.length - 1, body.trends.length);
    assert.deepEqual(trendCsv.slice(1).map((r) => [Number(r[1]), Number(r[2])]), body.trends.map((p) => [p.timestamp, p.calls]));
    await context.close();
  });

  it('V2: the weekday × hour heatmap adds up the hourly trend in the browser\'s zone; the scatter draws the server\'s sample', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    // the project's own trend: the Dashboard sign-in landed on may still be answering its /trends
    const trendAnswer = captureAnswer(page, `/projects/${encodeURIComponent(CHATBOT)}/trends`);
    const sampleAnswer = captureAnswer(page, '/calls/sample');
    await page.goto(`${CHATBOT_PAGE}?range=7d`);
    const [{ body: trends }, { body: sample }] = await Promise.all([trendAnswer, sampleAnswer]);
    const expected = await page.evaluate((points) => {
      const cells = {};
      for (const p of points) {
        const d = new Date(p.timestamp * 1000);
        const key = `${((d.getDay() + 6) % 7) + 1}-${d.getHours()}`;
        cells[key] = (cells[key] ?? 0) + p.calls;
      }
      return cells;
    }, trends.trends);
    await page.getByTestId('usage-heatmap').getByTestId('heatmap-cell').first().waitFor();
    const shown = await page.getByTestId('heatmap-cell').evaluateAll((cells) => Object.fromEntries(cells
      .filter((c) => Number(c.getAttribute('data-calls')) > 0).map((c) => [`${c.getAttribute('data-weekday')}-${c.getAttribute('data-hour')}`, Number(c.getAttribute('data-calls'))])));
    assert.deepEqual(shown, Object.fromEntries(Object.entries(expected).filter(([, n]) => n > 0)));
    await page.waitForSelector('[data-testid="latency-scatter"][data-total]');
    assert.equal(Number(await page.getByTestId('latency-scatter').getAttribute('data-total')), sample.total);
    assert.equal(Number(await page.getByTestId('latency-scatter').getAttribute('data-points')), sample.list.length);
    assert.ok(sample.list.length > 0 && sample.list.length <= 500);
    await shot(page, 'project-heatmap-scatter');
    await context.close();
  });

  it('12: the first API calls start with the session check, before the page\'s code has arrived', async () => {
    const { context, page } = await signedIn(browser, ALICE);
    let chunkServedAt = null;
    let statsAskedAt = null;
    await page.route(/\/assets\/ProjectPage-[^/]*\.js$/, async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      chunkServedAt = Date.now();
      await route.continue();
    });
    page.on('request', (r) => { if (statsAskedAt === null && new URL(r.url()).pathname.endsWith('/stats')) statsAskedAt = Date.now(); });
    await page.goto(CHATBOT_PAGE);
    await page.getByTestId('stat-calls').getByTestId('stat-value').waitFor();
    assert.ok(chunkServedAt !== null && statsAskedAt !== null);
    assert.ok(statsAskedAt < chunkServedAt, `stats asked ${chunkServedAt - statsAskedAt} ms before the page chunk was served`);
    await context.close();
  });
});

describe('Issue 19: AIGNE Hub plugs in', () => {
  let browser;
  before(async () => { browser = await launch(); });
  after(async () => { await browser?.close(); });

  it("the reporter's example sends calls that appear under the project's name and logo tile", async () => {
    const BOB = 'did:abt:demo-bob';
    const app = 'did:app:bob-reporter-demo';
    const reporter = resolve(REPO, 'clients/usage-reporter');
    // built by the test command's clients phase; a developer's first run builds it here
    try { readFileSync(resolve(reporter, 'dist/src/index.js')); } catch {
      execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: reporter, stdio: 'inherit' });
    }
    const { context, page } = await signedIn(browser, BOB);
    const callsOf = async () => {
      const r = await context.request.get(`/api/usage/projects/${encodeURIComponent(app)}/stats?timeRange=30`, { headers: { 'X-Requested-With': 'JavaScript' } });
      return r.status() === 404 ? 0 : (await r.json()).totalCalls;
    };
    const before = await callsOf();
    const token = execFileSync(resolve(REPO, 'deploy/token.sh'), ['did:abt:e2e-hub', 'ingest'], { cwd: REPO }).toString().trim();
    // the example reports one call twice (processing, then success) and three more: four terminal calls
    execFileSync('node', [resolve(reporter, 'examples/report-demo.mjs'), BOB, app],
      { cwd: reporter, env: { ...process.env, USAGE_INGEST_URL: AGGREGATOR, USAGE_INGEST_TOKEN: token } });
    const deadline = Date.now() + 60_000;
    while (await callsOf() !== before + 4) {
      assert.ok(Date.now() < deadline, `the reported calls never showed (${await callsOf()} of ${before + 4})`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    await page.reload();
    const row = page.getByTestId('project-row').filter({ hasText: 'Reporter demo' });
    await row.waitFor();
    assert.equal(await row.getByTestId('project-did').innerText(), app);
    assert.equal(await row.getByTestId('project-avatar').count(), 1);
    await row.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="project-title"]')?.textContent === 'Reporter demo');
    await page.getByTestId('stat-calls').getByTestId('stat-value').waitFor();
    assertShown(assert, await page.getByTestId('stat-calls').getByTestId('stat-value').innerText(), before + 4, 'reported calls');
    await shot(page, 'project-reported-by-aigne-hub');
    await context.close();
  });
});

describe('First answers in the HTML (docs/web.md "First load")', () => {
  /**
   * Opens `path` and gives the answers usage-web put into its HTML, by URL (the script element the page
   * reads), once they include one whose URL `wanted` accepts: an answer later than the deadline is left out
   * by design (a just-started service: on a fresh local stack the first few overviews take longer than
   * 200 ms), so the page is opened again, at most eight times, 3 s apart (after a late answer usage-web leaves
   * the first answers out for 10 s: usage.web.first-answers.quiet-after-late).
   */
  async function openWithFirstAnswers(page, path, wanted, asked) {
    for (let attempt = 1; ; attempt++) {
      // the page before (e.g. sign-in's own Dashboard, still loading) stops sending, then only this load's requests count
      await page.goto('about:blank');
      asked.length = 0;
      const documentAnswer = page.waitForResponse((r) => r.request().resourceType() === 'document');
      await page.goto(path);
      const html = await (await documentAnswer).text();
      const m = html.match(/<script type="application\/json" id="usage-first-answers">([^<]*)<\/script>/);
      const answers = m ? JSON.parse(m[1]).answers : {};
      if (Object.keys(answers).some(wanted) || attempt === 8) {
        assert.ok(m, 'the HTML carries the first answers');
        return answers;
      }
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
  }

  it('fill the Dashboard cards without asking for them again, the same numbers the API gives, and the page goes on as usual', async () => {
    const { context, page } = await signedIn(browser, ALICE, DESKTOP, 'en-US', undefined, { firstAnswers: true });
    const asked = [];
    page.on('request', (r) => { const u = new URL(r.url()); if (u.pathname.startsWith('/api/usage/')) asked.push(u.pathname + u.search); });
    const answers = await openWithFirstAnswers(page, '/usage/dashboard', (u) => u.startsWith('/api/usage/overview?'), asked);
    const overviewUrl = Object.keys(answers).find((u) => u.startsWith('/api/usage/overview?'));
    assert.ok(overviewUrl && answers['/api/usage/quota'], `the overview and the quota are in the HTML: ${Object.keys(answers)}`);
    // every section renders as usual after the cards
    await page.getByTestId('project-list').locator('table').waitFor();
    await page.getByTestId('trend-plot').waitFor();
    const inHtml = answers[overviewUrl];
    assertShown(assert, await cardValue(page, 'overview-calls'), inHtml.totalCalls, 'total calls');
    assertShown(assert, await cardValue(page, 'overview-credits'), inHtml.totalCredits, 'total credits');
    // what the API answers the same session for the same URL
    const fromApi = await api(context, overviewUrl);
    assert.equal(fromApi.totalCalls, inHtml.totalCalls);
    assert.equal(fromApi.totalCredits, inHtml.totalCredits);
    for (const url of Object.keys(answers)) assert.ok(!asked.includes(url), `${url} was asked again`);
    assert.ok(asked.some((u) => u.startsWith('/api/usage/projects?')), 'the page asks for the rest itself');
    await context.close();
  });

  it('fill a project’s stat cards, and a range of the page’s own is asked for as usual', async () => {
    const { context, page } = await signedIn(browser, ALICE, DESKTOP, 'en-US', undefined, { firstAnswers: true });
    const asked = [];
    page.on('request', (r) => { const u = new URL(r.url()); if (u.pathname.startsWith('/api/usage/')) asked.push(u.pathname + u.search); });
    const answers = await openWithFirstAnswers(page, `/usage/projects/${encodeURIComponent(CHATBOT)}?range=7d`, (u) => u.includes('/stats?'), asked);
    const statsUrl = Object.keys(answers).find((u) => u.includes('/stats?'), asked);
    assert.ok(statsUrl, `the stats are in the HTML: ${Object.keys(answers)}`);
    await page.getByTestId('project-stats').getByTestId('stat-value').first().waitFor();
    assertShown(assert, await cardValue(page, 'stat-calls'), answers[statsUrl].totalCalls, 'calls');
    assert.ok(!asked.includes(statsUrl), 'the stats were not asked again');
    // another range: the page asks for it itself
    const next = captureRequest(page, '/stats');
    await page.getByTestId('range-toggle').getByRole('button', { name: 'Last 30 days' }).click();
    const sent = await next;
    assert.notEqual(sent.pathname + sent.search, statsUrl);
    await context.close();
  });
});
