import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';

const apps: FastifyInstance[] = [];

async function startApp(env: Record<string, string>): Promise<FastifyInstance> {
  const app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test', SQLITE_PATH: ':memory:', ...env }),
  });
  apps.push(app);
  return app;
}

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

interface DevMetrics {
  memory: { rssBytes: number; heapUsedBytes: number };
  eventLoopDelay: { sinceMs: number; samples: number; p99Ms: number; maxMs: number };
}

describe('GET /api/dev/metrics', () => {
  it("reports the process's memory and the event-loop delay since the last reset", async () => {
    const app = await startApp({ AUTH_MODE: 'dev' });
    const first = await app.inject({ method: 'GET', url: '/api/dev/metrics' });
    expect(first.statusCode).toBe(200);
    const before = first.json<DevMetrics>();
    expect(before.memory.rssBytes).toBeGreaterThan(before.memory.heapUsedBytes);
    expect(before.memory.heapUsedBytes).toBeGreaterThan(0);

    // Block the loop for 60 ms: the monitor must see a delay about that long.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const blockUntilMs = performance.now() + 60;
    while (performance.now() < blockUntilMs) {
      // Busy on purpose: this is the delay being measured.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    const blocked = (
      await app.inject({ method: 'GET', url: '/api/dev/metrics' })
    ).json<DevMetrics>();
    expect(blocked.eventLoopDelay.samples).toBeGreaterThan(0);
    expect(blocked.eventLoopDelay.maxMs).toBeGreaterThanOrEqual(40);

    const reset = await app.inject({ method: 'POST', url: '/api/dev/metrics/reset' });
    expect(reset.statusCode).toBe(200);
    expect(reset.json<DevMetrics>().eventLoopDelay.maxMs).toBeGreaterThanOrEqual(40);
    const after = (await app.inject({ method: 'GET', url: '/api/dev/metrics' })).json<DevMetrics>();
    expect(after.eventLoopDelay.sinceMs).toBeGreaterThan(before.eventLoopDelay.sinceMs);
    expect(after.eventLoopDelay.maxMs).toBeLessThan(40);
  });

  it('does not exist outside dev mode', async () => {
    const app = await startApp({ AUTH_MODE: 'entra', ENTRA_CLIENT_ID: 'api-client-id' });
    for (const [method, url] of [
      ['GET', '/api/dev/metrics'],
      ['POST', '/api/dev/metrics/reset'],
    ] as const) {
      expect((await app.inject({ method, url })).statusCode).toBe(404);
    }
  });
});
