// End to end, issue 13: what the pages show where retention removed data (docs/web.md "Expired data").
// The local stack keeps raw calls 60 days and hour rows 45 (LocalStack.java) and runs the retention
// job once its demo data (90 days) is stored, so the demo's oldest month is archived. The expected
// dates come from the aggregator's horizons (GET /api/admin/retention with an admin token) and the
// rule of docs/contracts.md "Retention and coverage", never from the page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { DESKTOP, launch, shot, signedIn } from './browser.mjs';

const ALICE = 'did:abt:demo-alice';
const CHATBOT_PAGE = `/usage/projects/${encodeURIComponent('did:app:alice-chatbot')}`;
const REPO = resolve(import.meta.dirname, '../../../../..');
const AGGREGATOR = process.env.USAGE_AGGREGATOR_URL ?? 'http://127.0.0.1:8081';
const DAY = 86_400;
// A zone whose days are no UTC days: before both horizons its day buckets hold no whole UTC day (the
// only thing kept there), so they are expired; in UTC the same 90 days are whole UTC days, all counted.
const SHANGHAI = 'Asia/Shanghai';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Retention's horizons as the aggregator keeps them (Unix seconds) and its newest month archive. */
async function horizons() {
  const token = execFileSync(resolve(REPO, 'deploy/token.sh'), ['did:abt:e2e-retention', 'admin', '1'], { cwd: REPO }).toString().trim();
  const r = await fetch(`${AGGREGATOR}/api/admin/retention`, { headers: { Authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200, `GET /api/admin/retention: ${r.status}`);
  const { rawCallsFrom, hourRowsFrom, archives } = await r.json();
  const newest = archives.reduce((a, b) => (a === null || b.monthStart > a.monthStart ? b : a), null);
  assert.ok(rawCallsFrom > 0 && hourRowsFrom > 0 && newest !== null && newest.calls > 0,
    `the local stack archived the demo's oldest month and pruned hour rows: ${JSON.stringify({ rawCallsFrom, hourRowsFrom, archives })}`);
  assert.ok(rawCallsFrom >= newest.monthEnd, `${newest.month} is archived, not brought back (rawCallsFrom ${rawCallsFrom}): a month restored with`
    + ' deploy/archive.sh restore is held for days; start the local stack from an empty deploy/.local');
  return { rawCallsFrom, hourRowsFrom, dailyOnlyBefore: Math.min(rawCallsFrom, hourRowsFrom), newest };
}

/** A date (YYYY-MM-DD) in the page's time zone: of an instant, or of today plus some days. */
function localDate(page, seconds, plusDays = 0) {
  return page.evaluate(([s, n]) => {
    const d = s === null ? new Date() : new Date(s * 1000);
    const x = new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);
    return `${x.getFullYear()}-${String(x.getMonth() + 1).padStart(2, '0')}-${String(x.getDate()).padStart(2, '0')}`;
  }, [seconds, plusDays]);
}

/** The start of the last 90 whole local days (docs/web.md "Ranges and buckets"), in the page's zone. */
function ninetyDaysStart(page) {
  return page.evaluate(() => {
    const d = new Date();
    return new Date(d.getFullYear(), d.getMonth(), d.getDate() - 89).getTime() / 1000;
  });
}

/** An instant as the pages word it in a zone: the date, and the time of day unless it is midnight there. */
function shownInstant(seconds, timeZone) {
  const d = new Date(seconds * 1000);
  const clock = new Intl.DateTimeFormat('en-US', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(d);
  const opts = { timeZone, year: 'numeric', month: 'short', day: 'numeric' };
  return new Intl.DateTimeFormat('en-US', clock === '00:00:00' ? opts : { ...opts, hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/**
 * The answer the page received for an endpoint (the API's own; a second request of the test could
 * meet the per-user limit of concurrent requests while the page loads), with the query it sent.
 */
function captureAnswer(page, pathPart, extra = () => true) {
  return page.waitForResponse((r) => new URL(r.url()).pathname.endsWith(pathPart) && extra(new URL(r.url())), { timeout: 15_000 })
    .then(async (r) => {
      assert.equal(r.status(), 200, `${r.url()}: ${r.status()}`);
      return { url: new URL(r.url()), body: await r.json() };
    });
}

/** The starts of a range's local day buckets (the first clipped to the range), computed in the page's zone. */
function localDayStarts(page, start, end) {
  return page.evaluate(([s, e]) => {
    const out = [s];
    const d = new Date(s * 1000);
    for (let i = 1; ; i += 1) {
      const next = new Date(d.getFullYear(), d.getMonth(), d.getDate() + i).getTime() / 1000;
      if (next > e) return out;
      out.push(next);
    }
  }, [start, end]);
}

const textOf = (locator) => locator.innerText().then((t) => t.replace(/\s+/g, ' ').trim());

describe('Issue 13: expired data', () => {
  it('Dashboard, 90 days in Asia/Shanghai: the coverage notice gives the horizons\' dates; expired day buckets are shaded gaps', async (t) => {
    const h = await horizons();
    const { context, page } = await signedIn(browser, ALICE, DESKTOP, 'en-US', SHANGHAI);
    // the 90 days reach before the raw-call horizon (a month start at least 60 days back) unless 60
    // days ago is one of a month's last days: then a custom range from 10 days before it shows the same
    const ninety = await ninetyDaysStart(page);
    const target = ninety < h.dailyOnlyBefore ? '?range=90d'
      : `?from=${await localDate(page, h.dailyOnlyBefore - 10 * DAY)}&to=${await localDate(page, null, -1)}`;
    if (target !== '?range=90d') t.diagnostic(`the last 90 days do not reach before ${h.dailyOnlyBefore} today: ${target}`);
    const overviewAnswer = captureAnswer(page, '/api/usage/overview',
      (u) => u.searchParams.get('compare') === 'previous' && Number(u.searchParams.get('startTime')) < h.dailyOnlyBefore);
    const trendsAnswer = page.waitForResponse((r) => {
      const u = new URL(r.url());
      return u.pathname === '/api/usage/trends' && u.searchParams.get('granularity') === 'day' && Number(u.searchParams.get('startTime')) < h.dailyOnlyBefore;
    });
    await page.goto(`/usage/dashboard${target}`);
    const { url: sent, body: overview } = await overviewAnswer;
    const start = Number(sent.searchParams.get('startTime'));
    const end = Number(sent.searchParams.get('endTime'));
    assert.ok(start % DAY !== 0, `the range starts at a Shanghai midnight: ${start}`);

    // the rule: whole UTC days count (day rows); before both horizons nothing else is kept, so the
    // range is counted from its first UTC midnight on, and before dailyOnlyBefore only daily totals remain
    const exactFrom = Math.ceil(start / DAY) * DAY;
    assert.deepEqual(overview.coverage, { complete: false, exactFrom, dailyOnlyBefore: h.dailyOnlyBefore }, 'the API\'s coverage');
    const notice = page.getByTestId('coverage-notice');
    await notice.waitFor();
    assert.equal(Number(await notice.getAttribute('data-exact-from')), exactFrom);
    const text = await textOf(notice);
    assert.ok(text.includes(`Counted from ${shownInstant(exactFrom, SHANGHAI)}: older calls in this range have expired.`), text);
    assert.ok(text.includes(`Before ${shownInstant(h.dailyOnlyBefore, SHANGHAI)} only daily totals (UTC days) are kept`), text);

    // a Shanghai day before dailyOnlyBefore holds no whole UTC day: expired (between the horizons
    // raw calls or hour rows remain, and Shanghai days are whole UTC hours)
    const buckets = await localDayStarts(page, start, end);
    if (target === '?range=90d') assert.equal(buckets.length, 90);
    const expired = buckets.filter((b) => b < h.dailyOnlyBefore);
    assert.ok(expired.length > 0 && expired.length < buckets.length);
    const trends = await (await trendsAnswer).json();
    assert.deepEqual(trends.trends.map((p) => p.timestamp), buckets.filter((b) => b >= h.dailyOnlyBefore), 'the API left the expired buckets out');
    assert.equal(trends.coverage.complete, false);
    const plot = page.getByTestId('trend-plot');
    await page.waitForFunction((n) => document.querySelector('[data-testid="trend-plot"]')?.getAttribute('data-expired') === String(n), expired.length);
    assert.equal(Number(await plot.getAttribute('data-points')), buckets.length, 'every bucket of the range is on the chart, the expired ones as gaps');
    // one run of expired buckets: one shaded area
    assert.equal(await page.locator('[data-testid="trend-plot"] .expired-area').count(), 1);
    await plot.scrollIntoViewIfNeeded(); // the mouse only reaches the viewport
    const grid = await page.locator('[data-testid="trend-plot"] .recharts-cartesian-grid').boundingBox();
    await page.mouse.move(grid.x + 2, grid.y + grid.height / 2);
    const tooltip = page.getByTestId('trend-tooltip');
    await page.waitForFunction((ts) => document.querySelector('[data-testid="trend-tooltip"]')?.getAttribute('data-timestamp') === String(ts), buckets[0]);
    assert.equal(await tooltip.getByTestId('tooltip-expired').innerText(), 'expired: not all calls are kept');
    assert.doesNotMatch(await tooltip.innerText(), /Calls:|Success rate:/, 'no figures for an expired bucket, not even zeros');
    await shot(page, 'dashboard-expired');

    // 7 days are after both horizons: complete, no notice, no gaps
    const sevenAnswer = captureAnswer(page, '/api/usage/overview', (u) => u.searchParams.get('compare') === 'previous');
    await page.getByTestId('range-toggle').getByRole('button', { name: 'Last 7 days' }).click();
    const { body: seven } = await sevenAnswer;
    assert.equal(seven.coverage.complete, true);
    await page.waitForFunction(() => document.querySelector('[data-testid="trend-plot"]')?.getAttribute('data-expired') === '0'
      && Number(document.querySelector('[data-testid="trend-plot"]')?.getAttribute('data-points')) > 100);
    await page.getByTestId('overview-calls').getByTestId('stat-value').waitFor();
    assert.equal(await page.getByTestId('coverage-notice').count(), 0, 'no notice for 7 days');
    await context.close();
  });

  it('Dashboard, 90 days in UTC: whole UTC days are kept as daily totals, so nothing is missing: no notice, no gaps', async () => {
    await horizons();
    const { context, page } = await signedIn(browser, ALICE, DESKTOP, 'en-US', 'UTC');
    const overviewAnswer = captureAnswer(page, '/api/usage/overview', (u) => u.searchParams.get('compare') === 'previous'
      && Number(u.searchParams.get('endTime')) - Number(u.searchParams.get('startTime')) > 80 * DAY);
    await page.goto('/usage/dashboard?range=90d');
    const { body: overview } = await overviewAnswer;
    assert.equal(overview.coverage.complete, true, JSON.stringify(overview.coverage));
    await page.waitForFunction(() => document.querySelector('[data-testid="trend-plot"]')?.getAttribute('data-points') === '90');
    assert.equal(await page.getByTestId('trend-plot').getAttribute('data-expired'), '0');
    await page.getByTestId('overview-calls').getByTestId('stat-value').waitFor();
    assert.equal(await page.getByTestId('coverage-notice').count(), 0);
    await context.close();
  });

  it('Project Detail: a range reaching before the raw-call horizon says "Calls before … have expired"; 7 days do not', async () => {
    const h = await horizons();
    const { context, page } = await signedIn(browser, ALICE, DESKTOP, 'en-US', 'UTC');
    const sentence = `Calls before ${shownInstant(h.rawCallsFrom, 'UTC')} have expired`;

    // a range from before the horizon until today: the kept calls, with the sentence as a note above them
    const day = (seconds) => new Date(seconds * 1000).toISOString().slice(0, 10);
    const listAnswer = captureAnswer(page, '/calls', (u) => u.searchParams.get('pageSize') === '20');
    await page.goto(`${CHATBOT_PAGE}?from=${day(h.rawCallsFrom - 5 * DAY)}&to=${day(Date.now() / 1000)}`);
    const { url: sent, body: list } = await listAnswer;
    assert.equal(Number(sent.searchParams.get('startTime')), h.rawCallsFrom - 5 * DAY);
    assert.deepEqual([list.coverage.complete, list.coverage.exactFrom], [false, h.rawCallsFrom], 'the call list\'s coverage');
    assert.ok(list.count > 0);
    await page.getByTestId('call-row').first().waitFor();
    assert.equal(await textOf(page.getByTestId('call-history').getByTestId('list-note')), sentence);

    // the newest archived month (wholly before the horizon): no calls, the sentence instead of "No
    // calls match", while the statistics still count the month from its daily totals
    const [from, to] = [day(h.newest.monthStart), day(h.newest.monthEnd - DAY)];
    const statsAnswer = captureAnswer(page, '/stats', (u) => Number(u.searchParams.get('startTime')) === h.newest.monthStart);
    await page.goto(`${CHATBOT_PAGE}?from=${from}&to=${to}`);
    const { body: stats } = await statsAnswer;
    assert.ok(stats.totalCalls > 0 && stats.coverage.complete, `the day rows still count them: ${JSON.stringify(stats)}`);
    const empty = page.getByTestId('call-history').getByTestId('list-empty');
    await empty.waitFor();
    assert.equal(await textOf(empty), `${sentence} Only the statistics above still count them.`);
    await page.waitForFunction((n) => document.querySelector('[data-testid="stat-calls"] [data-testid="stat-value"]')?.getAttribute('data-exact')
      === n.toLocaleString('en-US'), stats.totalCalls);
    await shot(page, 'project-calls-expired');

    // 7 days: every call is kept
    await page.goto(`${CHATBOT_PAGE}?range=7d`);
    await page.getByTestId('call-row').first().waitFor();
    await page.getByTestId('stat-calls').getByTestId('stat-value').waitFor();
    assert.equal(await page.getByTestId('list-note').count(), 0);
    assert.equal(await page.getByTestId('coverage-notice').count(), 0);
    await context.close();
  });
});
