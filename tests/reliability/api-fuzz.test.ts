// Issue 8: fuzz every /api route with fast-check over real HTTP against the real server process
// on the embedded store. The rules each answer is held to are in support/fuzz/run-api-fuzz.ts.
// API_FUZZ_REQUESTS and API_FUZZ_SEED change the count and the seed (`npm run bench:fuzz` sends
// many more requests with a fresh seed each run).
import { expect, it } from 'vitest';
import { runApiFuzz } from './support/fuzz/run-api-fuzz.js';

const REQUESTS = Number(process.env['API_FUZZ_REQUESTS'] ?? 2_400);
const SEED = Number(process.env['API_FUZZ_SEED'] ?? 20_260_808);

it(`answers ${REQUESTS} hostile requests to every /api route without a 5xx, a leak or a stray write`, async () => {
  const report = await runApiFuzz({ requests: REQUESTS, seed: SEED });

  const listed = report.violations.map(
    (v) => `  [${v.rule}] ${v.status ?? '-'} ${v.request}\n      ${v.detail.replaceAll('\n', ' ')}`,
  );
  expect(
    listed,
    `seed ${report.seed}; server output:\n${report.serverOutput.slice(-3_000)}`,
  ).toEqual([]);
  expect(report.sent).toBeGreaterThanOrEqual(2_000);
  // Every route the app has was asked, and the fuzz got past the gates to the handlers.
  expect(report.routes.filter((route) => report.byRoute[route] === undefined)).toEqual([]);
  expect(report.byStatus['200'] ?? 0).toBeGreaterThan(REQUESTS / 20);
  expect(report.byStatus['400'] ?? 0).toBeGreaterThan(REQUESTS / 5);
  console.log(
    `api fuzz: ${report.sent} requests to ${report.routes.length} routes in ` +
      `${(report.elapsedMs / 1_000).toFixed(1)} s, seed ${report.seed}, statuses ${JSON.stringify(report.byStatus)}`,
  );
});
