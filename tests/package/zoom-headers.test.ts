// What appPackage/zoom/README.md tells an admin to set in the Zoom App Marketplace, checked
// against the real thing: the server (buildApp on a temporary SQLite file, over HTTP) sends every
// OWASP header Zoom requires on `/`, and the SDK capabilities listed are exactly the panel's.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/src/app.js';
import { loadConfig } from '../../api/src/config.js';
import { ROOT } from './toolkit-project.js';

const README = readFileSync(path.join(ROOT, 'appPackage/zoom/README.md'), 'utf8');
const ZOOM_USER_AGENT = 'Mozilla/5.0 ZoomWebKit/537.36 (KHTML, like Gecko) ZoomApps/1.0';

/** The first column of the table between `<!-- name:start -->` and `<!-- name:end -->`. */
function readTableColumn(name: string): string[] {
  const section = new RegExp(`<!-- ${name}:start -->([\\s\\S]*?)<!-- ${name}:end -->`).exec(README);
  expect(section, `the ${name} table in appPackage/zoom/README.md`).not.toBeNull();
  return [...(section?.[1] ?? '').matchAll(/^\| `([^`]+)`/gm)].map((match) => match[1] as string);
}

describe('the Zoom App SDK capabilities in the README', () => {
  it('are exactly the ones the panel configures', () => {
    const adapter = readFileSync(path.join(ROOT, 'tab/src/host/zoom-host.ts'), 'utf8');
    const list =
      /export const ZOOM_CAPABILITIES = \[([\s\S]*?)\] as const/.exec(adapter)?.[1] ?? '';
    const configured = [...list.matchAll(/'(\w+)'/g)].map((match) => match[1] as string);
    expect(configured.length).toBeGreaterThanOrEqual(5);
    expect(readTableColumn('capabilities').sort()).toEqual(configured.sort());
  });

  it('name the home URL and a domain allow list with the SDK domain', () => {
    expect(README).toMatch(/\| Home URL +\| `https:\/\/grow\.example\.com\/\?host=zoom`/);
    expect(README).toMatch(/\| Domain allow list .*`appssdk\.zoom\.us`/);
    expect(README).toMatch(/OAuth redirect URL/);
    expect(README).toMatch(/zoomapp:inmeeting/);
  });
});

describe('the OWASP headers Zoom requires, on the real server', () => {
  let dir: string;
  let servers: FastifyInstance[];

  /** A server on a fresh SQLite file, with or without a built panel, listening on a free port. */
  async function startServer(tabDir: string | null): Promise<string> {
    const config = loadConfig({
      NODE_ENV: 'test',
      AUTH_MODE: 'dev',
      SQLITE_PATH: path.join(dir, `store-${servers.length}.db`),
      ...(tabDir === null ? {} : { TAB_DIR: tabDir }),
    });
    const app = await buildApp({ config });
    servers.push(app);
    return app.listen({ host: '127.0.0.1', port: 0 });
  }

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'grow-zoom-'));
    servers = [];
    mkdirSync(path.join(dir, 'tab'));
    writeFileSync(path.join(dir, 'tab/index.html'), '<!doctype html><title>Grow Together</title>');
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['the built panel', true],
    ['the page shown before the panel is built', false],
  ])('are on `/` when it serves %s', async (_label, isBuilt) => {
    const origin = await startServer(isBuilt ? path.join(dir, 'tab') : null);
    const response = await fetch(`${origin}/?host=zoom`, {
      headers: { 'user-agent': ZOOM_USER_AGENT },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const body = await response.text();
    expect(body).toContain('Grow Together');

    const headers = readTableColumn('headers');
    expect(headers).toEqual([
      'Strict-Transport-Security',
      'X-Content-Type-Options',
      'Content-Security-Policy',
      'Referrer-Policy',
    ]);
    for (const header of headers) expect(response.headers.get(header), header).toBeTruthy();

    const hsts = response.headers.get('strict-transport-security') ?? '';
    expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/connect-src 'self' https:\/\/appssdk\.zoom\.us/);
    expect(csp).toMatch(/frame-ancestors [^;]*https:\/\/teams\.microsoft\.com/);
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });
});
