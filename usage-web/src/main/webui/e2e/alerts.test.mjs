// End to end, issue 16: the Alerts page and the bell against the running local stack (usage-alerts-service
// behind usage-web's gateway, docs/alerts.md). A rule made here is deleted again at the end, so runs
// do not pile up towards the limit of 100 rules.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { api, DESKTOP, launch, shot, signedIn, TABLET } from './browser.mjs';

const ALICE = 'did:abt:demo-alice';
const CHATBOT = 'did:app:alice-chatbot';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

describe('Alerts', () => {
  it('creates an errorRate rule on the Alerts page, lists it, and shows the bell', async () => {
    const { context, page } = await signedIn(browser, ALICE, DESKTOP);
    // the bell is in the header of the Dashboard, up (the alerts service answers)
    await page.locator('[data-testid="alerts-bell"][data-state="up"]').waitFor({ timeout: 15_000 });
    const unread = await api(context, '/api/usage/alerts/notifications?unread=true&pageSize=10');
    assert.equal(typeof unread.unread, 'number');
    assert.equal(await page.getByTestId('alerts-bell').getAttribute('aria-label'), `Alerts: ${unread.unread} unread`);

    await page.getByTestId('open-alerts').click();
    await page.waitForURL('**/usage/alerts');
    await page.getByTestId('alerts-page').waitFor();
    assert.equal(await page.title(), 'Alerts · AIGNE Hub Usage');

    const name = `e2e errors ${Date.now()}`;
    await page.getByTestId('rule-new').click();
    await page.getByTestId('rule-dialog').waitFor();
    await page.getByTestId('rule-name').fill(name);
    await page.getByTestId('rule-scope-project').click();
    await page.getByTestId('rule-appDid').fill(CHATBOT);
    await page.getByTestId('rule-threshold').fill('7.5');
    await page.getByTestId('rule-windowHours').fill('2');
    await shot(page, 'alerts-rule-dialog');
    await page.getByTestId('rule-save').click();
    await page.getByTestId('rule-dialog').waitFor({ state: 'detached' });

    // listed, with its kind, scope and condition; the service has exactly what the dialog sent
    const row = page.locator(`[data-testid="rule-row"][data-name="${name}"]`);
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /Error rate/);
    assert.match(text, /errors > 7\.5% over 2 h \(at least 20 calls\)/);
    const state = await row.getByTestId('rule-state').getAttribute('data-state');
    assert.ok(['ok', 'firing'].includes(state), `a new enabled rule is ok or firing: ${state}`);
    const rules = await api(context, '/api/usage/alerts/rules');
    const saved = rules.items.find((r) => r.name === name);
    assert.ok(saved, `${name} is among the rules the service answers`);
    assert.deepEqual([saved.kind, saved.enabled, saved.appDid, saved.modelId, saved.threshold, saved.windowHours, saved.minCalls],
      ['errorRate', true, CHATBOT, null, 7.5, 2, 20]);
    await shot(page, 'alerts-page');

    // the bell on this page too; its list opens
    await page.getByTestId('alerts-bell').click();
    await page.getByTestId('alerts-popover').waitFor();
    // the popover grows in: the screenshot waits for the end of its transition
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-testid="alerts-popover"]');
      const paper = el?.closest('.MuiPaper-root') ?? el?.querySelector('.MuiPaper-root') ?? el;
      return paper && getComputedStyle(paper).opacity === '1' && getComputedStyle(paper).transform === 'none';
    });
    await shot(page, 'alerts-bell');
    await page.keyboard.press('Escape');

    // delete it again (confirmed)
    await row.getByTestId('rule-delete').click();
    await page.getByTestId('rule-delete-confirm').click();
    await row.waitFor({ state: 'detached' });
    const after = await api(context, '/api/usage/alerts/rules');
    assert.ok(!after.items.some((r) => r.name === name), `${name} is deleted`);
    await context.close();
  });

  it('fits a tablet: the rule list as a table, the dialog usable', async () => {
    const { context, page } = await signedIn(browser, ALICE, TABLET);
    await page.goto('/usage/alerts');
    await page.getByTestId('alert-rules').waitFor();
    await page.getByTestId('rule-new').click();
    await page.getByTestId('rule-dialog').waitFor();
    const box = await page.getByTestId('rule-save').boundingBox();
    assert.ok(box && box.x + box.width <= TABLET.width, 'Save is on screen');
    await shot(page, 'alerts-tablet-dialog');
    await page.keyboard.press('Escape');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at ${TABLET.width} px (${overflow} px)`);
    await context.close();
  });
});
