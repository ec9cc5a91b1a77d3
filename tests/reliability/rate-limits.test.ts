// Issue 8, rate limits: one person's burst is cut off at their limit with a clear 429, while
// another person working at the same moment is not slowed down at all, and the platform's health
// probe is never throttled.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSqliteDocumentStore } from '../../api/src/store/sqlite/sqlite-document-store.js';
import { startLiveApp, type Answer, type LiveApp } from './support/live-app.js';

const LIMIT_PER_MINUTE = 40;
const BURST = 120;

let live: LiveApp;

beforeAll(async () => {
  const store = createSqliteDocumentStore({
    path: ':memory:',
    retentionDays: 30,
    purgeIntervalMs: 0,
  });
  live = await startLiveApp(store, { RATE_LIMIT_PER_MINUTE: String(LIMIT_PER_MINUTE) });
  // Mint both tokens before the burst: minting is a request too.
  await live.tokenFor('demo-ana');
  await live.tokenFor('demo-ben');
});
afterAll(async () => {
  await live?.close();
});

it('holds one person to their limit under a burst without hurting another person', async () => {
  const burst: Promise<Answer<{ error?: { code: string; message: string } }>>[] = [];
  const other: Promise<Answer>[] = [];
  for (let n = 0; n < BURST; n += 1) {
    burst.push(live.request('demo-ana', 'GET', '/api/me/preferences'));
    // Ben works at his own pace in the middle of Ana's burst.
    if (n % 12 === 0) other.push(live.request('demo-ben', 'GET', '/api/me/preferences'));
  }
  const answers = await Promise.all(burst);
  const allowed = answers.filter((answer) => answer.status === 200);
  const limited = answers.filter((answer) => answer.status === 429);
  expect(allowed.length + limited.length).toBe(BURST);
  expect(allowed.length).toBeLessThanOrEqual(LIMIT_PER_MINUTE);
  expect(allowed.length).toBeGreaterThan(LIMIT_PER_MINUTE / 2);
  for (const answer of limited) {
    expect(answer.body.error?.code).toBe('RATE_LIMITED');
    expect(answer.body.error?.message).toMatch(/Too many requests/);
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
  }

  const bens = await Promise.all(other);
  expect(bens.map((answer) => answer.status)).toEqual(bens.map(() => 200));
  // Still limited afterwards, and still only Ana.
  expect((await live.request('demo-ana', 'GET', '/api/me/preferences')).status).toBe(429);
  expect((await live.request('demo-ben', 'GET', '/api/me/preferences')).status).toBe(200);
  // The platform's health probe is never throttled, whoever calls it and however often.
  const probes = await Promise.all(
    Array.from({ length: LIMIT_PER_MINUTE + 10 }, () => live.request(null, 'GET', '/api/health')),
  );
  expect(probes.every((probe) => probe.status === 200)).toBe(true);
});

// A refused credential never reaches the per-person limit (the 401 comes first, and rotating
// credentials are each a new key), so refusals are also counted per address.
it('throttles a burst of bad credentials from one address', async () => {
  const statuses: number[] = [];
  for (let n = 0; n < LIMIT_PER_MINUTE + 10; n += 1) {
    const response = await fetch(`${live.baseUrl}/api/me/preferences`, {
      headers: { authorization: `Bearer guess-${n}.guess.guess` },
    });
    statuses.push(response.status);
    if (response.status === 429) {
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
  }
  expect(statuses.slice(0, LIMIT_PER_MINUTE).every((status) => status === 401)).toBe(true);
  expect(statuses.slice(LIMIT_PER_MINUTE)).toEqual(Array(10).fill(429));
});
