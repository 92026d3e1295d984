// TypeScript types of the services' answers, generated from the OpenAPI documents the services
// store at build time (<service>/target/openapi/openapi.json). `--check` fails when the committed
// files differ, so a changed endpoint cannot silently drift from the pages.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, resolve } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../../../..');
const services = {
  'usage-query': 'usage-query-service',
  'quota-gateway': 'quota-gateway-service',
  'usage-alerts': 'usage-alerts-service',
};
const check = process.argv.includes('--check');
let stale = [];
for (const [name, module] of Object.entries(services)) {
  const doc = resolve(repo, module, 'target/openapi/openapi.json');
  if (!existsSync(doc)) {
    console.error(`${doc} is missing: build ${module} first (./mvnw -DskipTests install -pl ${module})`);
    process.exit(2);
  }
  const ast = await openapiTS(pathToFileURL(doc));
  const text = `// Generated from ${module}/target/openapi/openapi.json by scripts/generate-api-types.mjs. Do not edit.\n`
    + astToString(ast);
  const out = resolve(here, '../src/shared/api/generated', `${name}.ts`);
  const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
  if (current !== text) {
    if (check) stale.push(out);
    else writeFileSync(out, text);
  }
}
if (stale.length) {
  console.error(`API types are stale (run npm run api:generate and commit):\n  ${stale.join('\n  ')}`);
  process.exit(1);
}
console.log(check ? 'API types match the stored OpenAPI documents' : 'API types written');
