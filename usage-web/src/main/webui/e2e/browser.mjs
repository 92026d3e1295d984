// Debian Chromium driven by playwright-core (docs/engineering.md): never a downloaded browser.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export const BASE = process.env.USAGE_WEB_URL ?? 'http://127.0.0.1:8080';
export const SHOTS = resolve(import.meta.dirname, '../../../../target/e2e-screenshots');
mkdirSync(SHOTS, { recursive: true });

export const DESKTOP = { width: 1280, height: 800 };
export const MOBILE = { width: 390, height: 844 };
export const TABLET = { width: 820, height: 1180 };

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Keeps the pages from telling usage-web the browser's time zone (the usage_tz cookie main.tsx sets), so
 * the HTML never carries first answers (docs/web.md "First load") and every first request goes over the
 * network, where the tests watch it. The tests of the first answers themselves leave it out.
 */
function withoutFirstAnswers() {
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    get() { return cookie.get.call(this); },
    set(value) { if (!String(value).startsWith('usage_tz=')) cookie.set.call(this, value); },
  });
}

/**
 * A fresh browser context signed in as a demo user through the sign-in page, like a person would;
 * in the machine's time zone unless given one (an IANA name, e.g. 'Asia/Shanghai'). Without
 * `firstAnswers: true` its pages' HTML carries no first answers (withoutFirstAnswers).
 */
export async function signedIn(browser, userDid, viewport = DESKTOP, locale = 'en-US', timezoneId = undefined, { firstAnswers = false } = {}) {
  const context = await browser.newContext({ viewport, locale, baseURL: BASE, ...(timezoneId ? { timezoneId } : {}) });
  if (!firstAnswers) await context.addInitScript(withoutFirstAnswers);
  const page = await context.newPage();
  await page.goto('/usage/dashboard');
  await page.waitForURL('**/usage/sign-in');
  await page.locator(`[data-testid="demo-user"][data-user="${userDid}"]`).click();
  await page.waitForURL('**/usage/dashboard');
  return { context, page };
}

export async function shot(page, name) {
  await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
}

/** The gateway's answer for the same session, fetched independently of the page. */
export async function api(context, path) {
  const r = await context.request.get(path, { headers: { 'X-Requested-With': 'JavaScript' } });
  if (!r.ok()) throw new Error(`${path}: ${r.status()} ${await r.text()}`);
  return r.json();
}

/**
 * The number a card shows, with the precision it was shown at: "5,442" → 5442 ± 0.5, "18.8M" →
 * 18.8e6 ± 0.05e6, "96.3%" → 0.963 ± 0.0005, "812 ms" → 812 ± 0.5, "1.24 s" → 1240 ± 5, "万" too.
 */
export function parseShown(text) {
  const t = text.replace(/,/g, '').trim();
  const m = t.match(/^([+−-]?)(\d+(?:\.(\d+))?)\s*(K|M|B|万|亿|%|ms|s)?/);
  if (!m) throw new Error(`not a number: ${text}`);
  const decimals = m[3]?.length ?? 0;
  const scale = { K: 1e3, M: 1e6, B: 1e9, 万: 1e4, 亿: 1e8, '%': 0.01, ms: 1, s: 1000 }[m[4]] ?? 1;
  const sign = m[1] === '−' || m[1] === '-' ? -1 : 1;
  return { value: sign * Number(m[2]) * scale, tolerance: 0.5 * 10 ** -decimals * scale + 1e-9 };
}

export function assertShown(assert, text, expected, what) {
  const { value, tolerance } = parseShown(text);
  assert.ok(Math.abs(value - expected) <= tolerance, `${what}: page shows "${text}", the API says ${expected}`);
}
