// Prints what the browser downloads: every built script and style, raw and as the server sends it
// (gzip, Vert.x's default level 6), plus brotli for reference; fails when the scripts together grow
// past the budget, so a heavy dependency is noticed in the build, not by users. Also each page's first
// load: the entry, the page's chunk and every chunk they import statically (what the browser must
// have before the page paints its cards; the charts chunk loads later, lazily): at most
// FIRST_LOAD_BUDGET_KB (issue 14's target) and never the charts.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const ASSETS = resolve(import.meta.dirname, '../../../../target/classes/META-INF/resources/assets');
const GZIP_BUDGET_KB = 420; // all scripts, gzip; 2026-11-30: ~340
const FIRST_LOAD_BUDGET_KB = 250; // a page's first-load scripts, gzip; 2026-11-30: ~219 (was ~323 before the charts were split off)
const PAGES = ['DashboardPage', 'ProjectPage', 'AlertsPage'];

const kb = (n) => (n / 1024).toFixed(1);
const rows = readdirSync(ASSETS)
  .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
  .map((f) => {
    const bytes = readFileSync(join(ASSETS, f));
    return { file: f, raw: bytes.length, gzip: gzipSync(bytes, { level: 6 }).length, br: brotliCompressSync(bytes).length };
  })
  .sort((a, b) => b.raw - a.raw);

const line = (c) => `${c[0].padEnd(36)} ${c[1].padStart(9)} ${c[2].padStart(9)} ${c[3].padStart(9)}`;
console.log('\nbundle report (KB; the server sends gzip)');
console.log(line(['asset', 'raw', 'gzip', 'brotli']));
for (const r of rows) console.log(line([r.file, kb(r.raw), kb(r.gzip), kb(r.br)]));
const sum = (k) => rows.reduce((s, r) => s + r[k], 0);
console.log(line(['total', kb(sum('raw')), kb(sum('gzip')), kb(sum('br'))]));
const scriptsGzip = rows.filter((r) => r.file.endsWith('.js')).reduce((s, r) => s + r.gzip, 0);
if (scriptsGzip / 1024 > GZIP_BUDGET_KB) {
  console.error(`scripts are ${kb(scriptsGzip)} KB gzip, over the budget of ${GZIP_BUDGET_KB} KB (scripts/bundle-report.mjs)`);
  process.exit(1);
}

// first load: the static import graph of the built chunks, from index.html's entry and each page's chunk
const gzipOf = Object.fromEntries(rows.map((r) => [r.file, r.gzip]));
const staticImports = (file) => [...readFileSync(join(ASSETS, file), 'utf8').matchAll(/(?:from|import)\s*["']\.\/([\w.-]+\.js)["']/g)].map((m) => m[1]);
function closure(roots) {
  const seen = new Set();
  const visit = (f) => { if (!seen.has(f)) { seen.add(f); staticImports(f).forEach(visit); } };
  roots.forEach(visit);
  return [...seen];
}
const html = readFileSync(join(ASSETS, '../index.html'), 'utf8');
const entry = html.match(/<script[^>]+src="\/assets\/([\w.-]+\.js)"/)[1];
let failed = false;
console.log('\nfirst load (gzip KB: the entry, the page and what they import statically)');
for (const page of PAGES) {
  const chunk = rows.find((r) => r.file.startsWith(`${page}-`) && r.file.endsWith('.js'))?.file;
  if (!chunk) { console.error(`no chunk for ${page}`); failed = true; continue; }
  const files = closure([entry, chunk]);
  const total = files.reduce((s, f) => s + gzipOf[f], 0);
  console.log(`${page.padEnd(16)} ${kb(total).padStart(7)}  ${files.map((f) => `${f} ${kb(gzipOf[f])}`).join(', ')}`);
  if (total / 1024 > FIRST_LOAD_BUDGET_KB) {
    console.error(`${page} needs ${kb(total)} KB gzip of scripts before it paints, over the budget of ${FIRST_LOAD_BUDGET_KB} KB (scripts/bundle-report.mjs)`);
    failed = true;
  }
  if (files.some((f) => f.startsWith('charts-'))) {
    console.error(`${page} imports the charts chunk statically: recharts must load lazily (features/lazyCharts.tsx)`);
    failed = true;
  }
}
if (failed) process.exit(1);
