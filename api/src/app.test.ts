import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { StoreUnavailableError } from './store/port.js';

const apps: FastifyInstance[] = [];

async function startApp(env: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await buildApp({
    config: loadConfig({ NODE_ENV: 'test', SQLITE_PATH: ':memory:', ...env }),
  });
  apps.push(app);
  return app;
}

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

describe('the app shell', () => {
  it('serves / with the headers Teams and Zoom require', async () => {
    const app = await startApp();
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toMatch(
      /frame-ancestors 'self' https:\/\/teams\.microsoft\.com https:\/\/\*\.teams\.microsoft\.com/,
    );
    expect(csp).toContain('https://*.cloud.microsoft');
    expect(response.headers['strict-transport-security']).toMatch(
      /max-age=31536000; includeSubDomains/,
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    // X-Frame-Options cannot name Teams: it would stop the panel loading in the meeting.
    expect(response.headers['x-frame-options']).toBeUndefined();
  });

  it('sends API answers the headers for data, not for a page: nothing may run, frame or cache them', async () => {
    const app = await startApp();
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-security-policy']).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers['strict-transport-security']).toMatch(
      /max-age=31536000; includeSubDomains/,
    );
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cache-control']).toBe('no-store');
    // An allowed request carries no rate-limit counters; a refused one says when to retry.
    expect(response.headers['x-ratelimit-remaining']).toBeUndefined();
    // The OpenAPI page is a page: it keeps the page headers (and its own script policy).
    const docs = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(docs.headers['cache-control']).toBeUndefined();
    expect(docs.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it('lets only dev mode add a stand-in host page as a frame ancestor', async () => {
    const app = await startApp({ DEV_FRAME_ANCESTORS: 'http://localhost:5999' });
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(String(response.headers['content-security-policy'])).toContain('http://localhost:5999');
  });

  it('reports the store in /api/health', async () => {
    const app = await startApp();
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok', store: { kind: 'sqlite', isUp: true } });
  });

  it('describes the API at /api/docs', async () => {
    const app = await startApp();
    const page = await app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(page.statusCode);
    const document = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(document.json()).toMatchObject({ openapi: expect.stringMatching(/^3\./) });
    expect(Object.keys(document.json().paths as object)).toContain('/api/health');
  });

  it('answers an unknown route with a coded 404', async () => {
    const app = await startApp();
    const response = await app.inject({ method: 'GET', url: '/api/no-such-thing' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('hides the internals of a 5xx and turns a store outage into 503 with Retry-After', async () => {
    const app = await startApp();
    app.get('/api/test/boom', async () => {
      throw new Error('secret connection string AccountKey=abc');
    });
    app.get('/api/test/store-down', async () => {
      throw new StoreUnavailableError('ECONNREFUSED 127.0.0.1:8081');
    });
    const boom = await app.inject({ method: 'GET', url: '/api/test/boom' });
    expect(boom.statusCode).toBe(500);
    expect(boom.json()).toMatchObject({ error: { code: 'INTERNAL' } });
    expect(boom.body).not.toMatch(/AccountKey|secret|at .*\.ts/);
    const down = await app.inject({ method: 'GET', url: '/api/test/store-down' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.body).not.toContain('ECONNREFUSED');
  });

  it('names malformed JSON, oversized bodies and wrong content types with their own codes', async () => {
    const app = await startApp({ BODY_LIMIT_BYTES: '2048' });
    app.post('/api/test/echo', async (request) => ({ received: request.body }));
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    expect([malformed.statusCode, malformed.json().error.code]).toEqual([400, 'INVALID_JSON']);
    const huge = await app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ text: 'x'.repeat(4096) }),
    });
    expect([huge.statusCode, huge.json().error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const wrongType = await app.inject({
      method: 'POST',
      url: '/api/test/echo',
      headers: { 'content-type': 'application/x-unknown' },
      payload: 'hello',
    });
    expect([wrongType.statusCode, wrongType.json().error.code]).toEqual([
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ]);
  });

  it('rate-limits a burst from one person without slowing another', async () => {
    const app = await startApp({ RATE_LIMIT_PER_MINUTE: '5' });
    app.get('/api/test/ping', async () => ({ ok: true }));
    const as = (who: string) =>
      app.inject({
        method: 'GET',
        url: '/api/test/ping',
        headers: { authorization: `Bearer ${who}` },
      });
    const burst = [];
    for (let index = 0; index < 7; index += 1) burst.push((await as('noisy')).statusCode);
    expect(burst).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await as('noisy');
    expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.headers['x-ratelimit-limit']).toBe('5');
    expect((await as('quiet')).statusCode).toBe(200);
  });
});
