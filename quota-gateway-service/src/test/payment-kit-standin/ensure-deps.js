// Maven (generate-test-resources) runs this before `npm run build` and `npm test`: `npm ci` only when
// node_modules is missing or older than package-lock.json (npm ci rewrites node_modules/.package-lock.json),
// so a fresh clone (CI) gets a clean install and repeated builds skip it. The same rule as
// usage-web/src/main/webui/scripts/ensure-deps.mjs. --ignore-scripts: nothing here needs an install script
// (@blocklet/sdk's dependency tree would otherwise build sqlite3 natively). Node built-ins only: it runs
// before anything is installed.
'use strict';

const { execSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');

process.chdir(__dirname);
const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  const t0 = Date.now();
  execSync('npm ci --ignore-scripts --no-audit --no-fund', { stdio: 'inherit' });
  console.log(`payment-kit stand-in: npm ci took ${Math.round((Date.now() - t0) / 1000)} s`);
} else {
  console.log('payment-kit stand-in: node_modules is up to date with package-lock.json');
}
