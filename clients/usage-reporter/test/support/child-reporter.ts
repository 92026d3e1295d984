/**
 * A reporter in its own process, driven over stdin/stdout so a test can kill it with SIGKILL.
 * argv[2]: the options as JSON. Commands on stdin, one JSON object a line:
 *   {"op":"report","records":[…]}  {"op":"project","rows":[…]}  {"op":"stats"}
 *   {"op":"until","field":"spooledToDisk","atLeast":N,"inMemory":0}   answers once the stats get there
 *   {"op":"flush","timeoutMs":N}  {"op":"close","timeoutMs":N}  (close exits afterwards)
 * Every command is answered with {"op", "stats"} on stdout.
 */
import { createInterface } from 'node:readline';
import { createUsageReporter, type UsageReporterStats } from '../../src/index.js';

const reporter = createUsageReporter(JSON.parse(process.argv[2]!));
const answer = (op: string) => process.stdout.write(JSON.stringify({ op, stats: reporter.stats() }) + '\n');

async function until(check: (s: UsageReporterStats) => boolean) {
  while (!check(reporter.stats())) await new Promise((r) => setTimeout(r, 20));
}

// a ref'd interval keeps the child alive while it waits for commands
const keepAlive = setInterval(() => undefined, 60_000);
for await (const text of createInterface({ input: process.stdin })) {
  if (!text.trim()) continue;
  const command = JSON.parse(text);
  switch (command.op) {
    case 'report':
      for (const record of command.records) reporter.report(record);
      break;
    case 'project':
      for (const row of command.rows) reporter.reportProject(row);
      break;
    case 'until':
      await until((s) => (s as unknown as Record<string, number>)[command.field]! >= command.atLeast
        && (command.inMemory === undefined || s.inMemory <= command.inMemory));
      break;
    case 'flush':
      await reporter.flush(command.timeoutMs);
      break;
    case 'close':
      await reporter.close(command.timeoutMs);
      answer('close');
      clearInterval(keepAlive);
      process.exit(0);
  }
  answer(command.op);
}
