// npm ci only when node_modules is missing or older than the lock file: a fresh clone (CI) gets a
// clean install, repeated local builds skip it.
import { existsSync, statSync } from 'node:fs';
import { execSync } from 'node:child_process';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
} else {
  console.log('node_modules is up to date with package-lock.json');
}
