// Prints what the browser downloads: every built script and style, raw and as the server sends it
// (gzip, Vert.x's default level 6), plus brotli for reference; fails when the scripts together grow
// past the budget, so a heavy dependency is noticed in the build, not by users.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

const ASSETS = resolve(import.meta.dirname, '../../../../target/classes/META-INF/resources/assets');
const GZIP_BUDGET_KB = 420; // all scripts, gzip; 2026-11-30: ~340

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
