// `npm run bench:fuzz`: the API fuzz of tests/reliability/api-fuzz.test.ts with many more
// requests and a fresh seed each run (`-- --requests=50000 --seed=7` to choose). It prints what
// was sent and every broken rule, and exits non-zero when a rule broke, with the seed to replay.
import { runApiFuzz } from '../reliability/support/fuzz/run-api-fuzz.js';

function readNumber(name: string, fallback: number): number {
  const raw = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error(`--${name} takes a whole number, not "${raw}".`);
  return value;
}

const requests = readNumber('requests', 20_000);
const seed = readNumber('seed', Date.now() % 2_147_483_647);
console.log(
  `API fuzz: ${requests} requests, seed ${seed}, the real server on a SQLite file, loopback only\n`,
);
const report = await runApiFuzz({ requests, seed });

const seconds = report.elapsedMs / 1_000;
console.log(
  `Sent ${report.sent} requests to ${report.routes.length} routes in ${seconds.toFixed(1)} s (${(report.sent / seconds).toFixed(0)} req/s)`,
);
console.log(`Statuses: ${JSON.stringify(report.byStatus)}`);
console.log('\nBy kind of request:');
for (const [kind, count] of Object.entries(report.byKind).sort(([, a], [, b]) => b - a)) {
  console.log(`  ${String(count).padStart(6)}  ${kind}`);
}
console.log('\nBy route:');
for (const route of report.routes) {
  console.log(`  ${route.padEnd(72)} ${JSON.stringify(report.byRoute[route] ?? {})}`);
}
if (report.violations.length === 0) {
  console.log(
    '\nNo rule broken: no 5xx, no hang, the process stayed up, no refused request changed the store, no secret or stack echoed.',
  );
} else {
  console.log(`\n${report.violations.length} rule(s) broken (replay with --seed=${report.seed}):`);
  for (const violation of report.violations) {
    console.log(
      `  [${violation.rule}] ${violation.status ?? '-'} ${violation.request}\n      ${violation.detail.replaceAll('\n', ' ')}`,
    );
  }
  console.log(`\nServer output (last lines):\n${report.serverOutput.slice(-4_000)}`);
  process.exitCode = 1;
}
