// The API fuzz of issue 8, shared by the test (a few thousand requests) and the bench (many more):
// the real server as a child process on the embedded store, a small world seeded through the API,
// then requests from fast-check, one at a time, each checked against four rules:
//   - no 5xx, and an answer in time (no hang);
//   - the process stays up;
//   - a refused request (4xx) leaves every stored document as it was;
//   - no answer carries a secret (the dev-token secret, the Zoom secret, a token) or a stack.
// A 4xx must also be the API's clear error: `{ error: { code, message, requestId } }` with the
// status its code has in api/src/errors.ts.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { BUILT_IN_FRAMEWORKS } from '@grow-together/core';
import { buildApp } from '../../../../api/src/app.js';
import { encryptZoomAppContext } from '../../../../api/src/auth/zoom-app-context.js';
import { loadConfig } from '../../../../api/src/config.js';
import { ERROR_STATUS } from '../../../../api/src/errors.js';
import { REPO_DIR, startServerProcess } from '../../../support/server-process.js';
import { requestArbitrary, type CallerKind, type FuzzWorld, type RequestPlan } from './requests.js';
import { discoverRoutes, type FuzzRoute, type Method } from './routes.js';

export interface FuzzOptions {
  readonly requests: number;
  readonly seed: number;
}

export interface Violation {
  readonly rule:
    | 'server error'
    | 'no answer'
    | 'process died'
    | 'store changed'
    | 'secret echoed'
    | 'stack echoed'
    | 'unclear error';
  readonly request: string;
  readonly status: number | null;
  readonly detail: string;
}

export interface FuzzReport {
  readonly seed: number;
  readonly sent: number;
  readonly routes: readonly string[];
  readonly byStatus: Readonly<Record<string, number>>;
  /** Statuses per route, so a route the fuzz never reached (or never got past) is seen. */
  readonly byRoute: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Requests per kind of body ("valid body", "wrong type", …). */
  readonly byKind: Readonly<Record<string, number>>;
  readonly violations: readonly Violation[];
  readonly elapsedMs: number;
  readonly serverOutput: string;
}

const DEV_TOKEN_SECRET = `fuzz-dev-token-secret-${randomBytes(16).toString('hex')}`;
const ZOOM_CLIENT_SECRET = `fuzz-zoom-secret-${randomBytes(16).toString('hex')}`;
const BODY_LIMIT_BYTES = 1_048_576;
const ANSWER_TIMEOUT_MS = 15_000;
const MAX_VIOLATIONS_KEPT = 200;

const USERS: Readonly<
  Record<Exclude<CallerKind, 'zoom user' | 'no credential' | 'garbage credential'>, string>
> = {
  member: 'demo-ana',
  'other member': 'demo-ben',
  'non-member': 'demo-dee',
};
/** Erasing "me" is sent as this member, so the member most requests come from stays one. */
const ERASER = 'demo-eli';
const ZOOM_UID = 'zoom-fuzz-user';

export async function runApiFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const startedAtMs = performance.now();
  const dir = mkdtempSync(path.join(tmpdir(), 'api-fuzz-'));
  const sqlitePath = path.join(dir, 'fuzz.db');
  const env = {
    AUTH_MODE: 'dev',
    STORE: 'sqlite',
    SQLITE_PATH: sqlitePath,
    DEV_TOKEN_SECRET,
    ZOOM_CLIENT_SECRET,
    RATE_LIMIT_PER_MINUTE: '1000000',
    BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES),
    // 5xx are logged at error level with their stack: the report shows them.
    LOG_LEVEL: 'error',
  };
  const routes = await readRoutes(env);
  const server = await startServerProcess({
    env: { NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', ...env },
  });
  let snapshots: StoreSnapshots | null = null;
  try {
    const client = createClient(server.baseUrl);
    const seeded = await seedWorld(client);
    snapshots = openSnapshots(sqlitePath);
    const plans = fc.sample(requestArbitrary(routes, seeded.world), {
      numRuns: options.requests,
      seed: options.seed,
    });
    const byStatus: Record<string, number> = {};
    const byRoute: Record<string, Record<string, number>> = {};
    const byKind: Record<string, number> = {};
    const violations: Violation[] = [];
    const report = (violation: Violation) => {
      if (violations.length < MAX_VIOLATIONS_KEPT) violations.push(violation);
    };
    for (const plan of plans) {
      const routeKey = `${plan.route.method} ${plan.route.path}`;
      const routeStatuses = (byRoute[routeKey] ??= {});
      const kind = plan.label
        .replace(/,.*$| at .*$| \(.*\)/g, '')
        .replace(/^missing .*/, 'missing field')
        .replace(/^nesting \d+ deep/, 'deep nesting')
        .replace(/^"[^"]*" key/, 'prototype key')
        .replace(/ "[^"]*"/, '');
      count(byKind, kind);
      const before = snapshots.read();
      const headers = seeded.headersFor(plan);
      const body = plan.buildBody();
      const described = describeRequest(plan);
      let answer: Answer;
      try {
        answer = await client.send(plan.method, plan.path, headers, body.bytes, body.contentType);
      } catch (error) {
        // Headers past Node's limit are refused by its HTTP parser with a 431, and a body past
        // the limit with a 413 as soon as its length is known; the server then hangs up, and
        // the hang-up can reach the client before the answer does: refused, not unanswered.
        const isOversized =
          measureHeaderBytes(plan.path, headers) > http.maxHeaderSize ||
          (body.bytes?.length ?? 0) > BODY_LIMIT_BYTES;
        if (server.isRunning() && isOversized) {
          count(byStatus, '413/431 or hang-up');
          count(routeStatuses, '413/431 or hang-up');
          continue;
        }
        report({
          rule: server.isRunning() ? 'no answer' : 'process died',
          request: described,
          status: null,
          detail: `${(error as Error).message}; ${server.describeExit() ?? 'still running'}`,
        });
        if (!server.isRunning()) break;
        continue;
      }
      count(
        byStatus,
        answer.isCut === true ? `${answer.status}, cut short` : String(answer.status),
      );
      count(routeStatuses, String(answer.status));
      const credentials = [headers['authorization'], headers['x-zoom-app-context']]
        .filter((value): value is string => value !== undefined)
        .map((value) => value.replace(/^Bearer +/i, ''));
      const secrets = [...seeded.secrets, ...credentials];
      for (const violation of checkAnswer(plan, answer, secrets))
        report({ ...violation, request: described });
      if (answer.status >= 400 && answer.status < 500) {
        const changed = snapshots.compare(before);
        if (changed.length > 0) {
          report({
            rule: 'store changed',
            request: described,
            status: answer.status,
            detail: `${changed.slice(0, 5).join(', ')} changed on a refused request`,
          });
        }
      }
    }
    const health = await client.send('GET', '/api/health', {}, null, null).catch(() => null);
    if (health?.status !== 200 || !server.isRunning()) {
      report({
        rule: 'process died',
        request: 'GET /api/health after the fuzz',
        status: health?.status ?? null,
        detail: server.describeExit() ?? 'the server no longer answers its health check',
      });
    }
    return {
      seed: options.seed,
      sent: plans.length,
      routes: routes.map((route) => `${route.method} ${route.path}`),
      byStatus,
      byRoute,
      byKind,
      violations,
      elapsedMs: performance.now() - startedAtMs,
      serverOutput: server.readOutput(),
    };
  } finally {
    snapshots?.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The routes of an app built from the same settings as the server (on a throwaway store). */
async function readRoutes(env: Record<string, string>): Promise<FuzzRoute[]> {
  const app = await buildApp({
    config: loadConfig({ ...env, NODE_ENV: 'test', SQLITE_PATH: ':memory:', LOG_LEVEL: 'silent' }),
  });
  try {
    await app.ready();
    return await discoverRoutes(app);
  } finally {
    await app.close();
  }
}

function count(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function measureHeaderBytes(
  requestPath: string,
  headers: Readonly<Record<string, string>>,
): number {
  let bytes = requestPath.length + 64;
  for (const [name, value] of Object.entries(headers)) bytes += name.length + value.length + 4;
  return bytes;
}

function describeRequest(plan: RequestPlan): string {
  const shownPath = plan.path.length > 160 ? `${plan.path.slice(0, 160)}…` : plan.path;
  return `${plan.method} ${shownPath} as ${plan.caller}: ${plan.label}`;
}

const STACK_PATTERNS: readonly RegExp[] = [
  /\n\s+at .+:\d+:\d+/,
  /node:internal/,
  /node_modules\//,
  new RegExp(REPO_DIR.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
];

function checkAnswer(
  plan: RequestPlan,
  answer: Answer,
  secrets: readonly string[],
): Omit<Violation, 'request'>[] {
  const problems: Omit<Violation, 'request'>[] = [];
  const { status, text } = answer;
  if (status >= 500) {
    problems.push({ rule: 'server error', status, detail: text.slice(0, 300) });
  }
  const everything = `${JSON.stringify(answer.headers)}\n${text}`;
  // The dev route exists to hand out tokens; only there may a token come back.
  const isTokenRoute = plan.route.path === '/api/dev/token' && status === 200;
  for (const secret of secrets) {
    if (secret.length < 16 || (isTokenRoute && !isServerSecret(secret))) continue;
    if (everything.includes(secret)) {
      problems.push({ rule: 'secret echoed', status, detail: `${secret.slice(0, 12)}… came back` });
    }
  }
  for (const pattern of STACK_PATTERNS) {
    if (pattern.test(text)) {
      problems.push({ rule: 'stack echoed', status, detail: `${pattern}: ${text.slice(0, 300)}` });
    }
  }
  // 431: Node's own HTTP parser refuses headers or a URL that is too long before the app sees it.
  if (status >= 400 && status < 500 && status !== 431 && answer.isCut !== true) {
    const problem = describeUnclearError(status, text);
    if (problem !== null) problems.push({ rule: 'unclear error', status, detail: problem });
  }
  return problems;
}

function isServerSecret(secret: string): boolean {
  return secret === DEV_TOKEN_SECRET || secret === ZOOM_CLIENT_SECRET;
}

function describeUnclearError(status: number, text: string): string | null {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 120)}`;
  }
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (typeof error !== 'object' || error === null) return `no error object: ${text.slice(0, 120)}`;
  const code = error['code'];
  if (typeof code !== 'string' || !(code in ERROR_STATUS)) return `unknown code ${String(code)}`;
  if (ERROR_STATUS[code as keyof typeof ERROR_STATUS] !== status) {
    return `${code} is ${ERROR_STATUS[code as keyof typeof ERROR_STATUS]}, sent with ${status}`;
  }
  if (typeof error['message'] !== 'string' || error['message'] === '') return 'no message';
  if (typeof error['requestId'] !== 'string') return 'no requestId';
  return null;
}

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  /** The connection closed before the whole answer came: its body is partial. */
  readonly isCut?: boolean;
}

interface Client {
  send(
    method: string,
    path: string,
    headers: Readonly<Record<string, string>>,
    body: Buffer | null,
    contentType: string | null,
  ): Promise<Answer>;
  json<T>(
    method: Method,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<T>;
}

// Each request on a connection of its own: a connection the server closed after refusing a
// request (Node answers 431 to headers past its limit and hangs up) is never reused by mistake.
function createClient(baseUrl: string): Client {
  const { hostname, port } = new URL(baseUrl);
  const send: Client['send'] = (method, requestPath, headers, body, contentType) =>
    new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: hostname,
          port,
          method,
          path: requestPath,
          agent: false,
          headers: {
            ...headers,
            ...(contentType === null ? {} : { 'content-type': contentType }),
            ...(body === null ? {} : { 'content-length': String(body.length) }),
          },
          timeout: ANSWER_TIMEOUT_MS,
        },
        (response) => {
          // An event stream never ends by itself: its status and headers are the answer.
          if (String(response.headers['content-type']).startsWith('text/event-stream')) {
            response.destroy();
            resolve({ status: response.statusCode ?? 0, headers: response.headers, text: '' });
            return;
          }
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          const answer = (isCut: boolean): Answer => ({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text: Buffer.concat(chunks).toString('utf8'),
            isCut,
          });
          // The server answered, then hung up before the client finished sending a body the
          // route never reads (Node does not drain it): an answer, cut short.
          response.on('error', () => resolve(answer(true)));
          response.on('end', () => resolve(answer(false)));
        },
      );
      request.on('timeout', () =>
        request.destroy(new Error(`no answer in ${ANSWER_TIMEOUT_MS} ms`)),
      );
      request.on('error', reject);
      request.end(body ?? undefined);
    });
  return {
    send,
    async json<T>(
      method: Method,
      requestPath: string,
      headers: Record<string, string>,
      body?: unknown,
    ) {
      const answer = await send(
        method,
        requestPath,
        headers,
        body === undefined ? null : Buffer.from(JSON.stringify(body)),
        body === undefined ? null : 'application/json',
      );
      if (answer.status >= 300) {
        throw new Error(`seeding ${method} ${requestPath}: ${answer.status} ${answer.text}`);
      }
      return (answer.text === '' ? null : JSON.parse(answer.text)) as T;
    },
  };
}

interface Seeded {
  readonly world: FuzzWorld;
  /** Strings no answer may contain: the server's secrets and every token minted. */
  readonly secrets: readonly string[];
  headersFor(plan: RequestPlan): Record<string, string>;
}

/**
 * A circle of three (Ana, Ben, Eli) with a running session and one thing of every kind a route
 * can name, and a circle of Fay's that Ana is not in; all made through the API.
 */
async function seedWorld(client: Client): Promise<Seeded> {
  const tokens: Record<string, string> = {};
  for (const userId of ['demo-ana', 'demo-ben', 'demo-dee', 'demo-eli', 'demo-fay']) {
    const minted = await client.json<{ token: string }>('POST', '/api/dev/token', {}, { userId });
    tokens[userId] = minted.token;
  }
  const as = (userId: string) => ({ authorization: `Bearer ${tokens[userId] ?? ''}` });
  const createCircle = async (owner: string, members: readonly string[]) => {
    const meetingKey = `19:meeting_${randomUUID()}@thread.v2`;
    const created = await client.json<{ circle: { id: string } }>(
      'POST',
      '/api/circles',
      as(owner),
      {
        host: 'teams',
        meetingKey,
        name: 'Fuzz circle',
        frameworkId: 'weekly-micro-session',
        timeZone: 'Europe/Berlin',
      },
    );
    for (const member of members) {
      await client.json(
        'GET',
        `/api/circles/by-meeting/teams/${encodeURIComponent(meetingKey)}`,
        as(member),
      );
    }
    return { circleId: created.circle.id, meetingKey };
  };
  const { circleId, meetingKey } = await createCircle('demo-ana', ['demo-ben', 'demo-eli']);
  const other = await createCircle('demo-fay', []);
  const startSession = async () => {
    const meetingId = `meeting-${randomUUID()}`;
    let sessionId = '';
    for (const userId of ['demo-ana', 'demo-ben', 'demo-eli']) {
      const started = await client.json<{ session: { id: string } }>(
        'POST',
        `/api/circles/${circleId}/sessions`,
        as(userId),
        { meetingId },
      );
      sessionId = started.session.id;
    }
    return sessionId;
  };
  const sessionId = await startSession();
  const endableSessionId = await startSession();
  const at = `/api/circles/${circleId}/sessions/${sessionId}`;
  const items: Record<string, string> = {};
  for (const [kind, body] of [
    ['commitments', { text: 'Ask one open question first' }],
    ['experiments', { text: 'Wait three seconds' }],
    ['sentences', { text: 'Curiosity before advice' }],
    ['appreciations', { to: 'demo-ben', text: 'Thanks for listening' }],
  ] as const) {
    const id = randomUUID();
    await client.json('POST', `${at}/${kind}`, as('demo-ana'), { id, ...body });
    items[kind] = id;
  }
  const reflectionId = randomUUID();
  await client.json('POST', '/api/me/reflections', as('demo-ana'), {
    id: reflectionId,
    circleId,
    sessionId,
    moment: 'after',
    text: 'I listened longer',
  });
  const feedbackId = randomUUID();
  await client.json('POST', `/api/circles/${circleId}/feedback`, as('demo-ben'), {
    id: feedbackId,
    to: 'demo-ana',
    text: 'You gave me room to think',
  });

  const members = ['demo-ana', 'demo-ben', 'demo-eli'];
  const world: FuzzWorld = {
    bodyLimitBytes: BODY_LIMIT_BYTES,
    pathValuesFor(route, param) {
      switch (param) {
        case 'circleId':
          return [circleId, circleId, circleId, other.circleId];
        case 'sessionId':
          return route.path.endsWith('/end') ? [endableSessionId] : [sessionId];
        case 'itemId': {
          const kind = /\/(\w+)\/:itemId$/.exec(route.path)?.[1] ?? '';
          return [items[kind] ?? randomUUID()];
        }
        case 'reflectionId':
          return [reflectionId];
        case 'feedbackId':
          return [feedbackId];
        case 'host':
          return ['teams', 'zoom'];
        case 'meetingKey':
          return [encodeURIComponent(meetingKey), encodeURIComponent(other.meetingKey)];
        case '*':
          return ['json', 'yaml', 'static/index.html', 'no-such-file.js'];
        default:
          // A parameter of a route added later: fuzzed with a plausible id until named here.
          return [randomUUID()];
      }
    },
    hints: {
      userId: fc.constantFrom('demo-ana', 'demo-cai', 'mallory', ''),
      frameworkId: fc.constantFrom(...BUILT_IN_FRAMEWORKS.map((framework) => framework.id), 'nope'),
      timeZone: fc.constantFrom('Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Mars/Base'),
      occurredOn: fc.constantFrom('2026-03-03', '2026-02-30', '1999-12-31', today()),
      dueDate: fc.constantFrom('2026-03-10', '2026-13-01', null),
      byMs: fc.integer({ min: -1, max: 7_200_000 }),
      expectedVersion: fc.integer({ min: 0, max: 12 }),
      roles: fc.dictionary(
        fc.constantFrom(...members, 'guest-1', '__proto__'),
        fc.constantFrom('coach', 'coachee', 'observer', 'challenger', 'king'),
        { maxKeys: 3 },
      ),
      participant: fc.constantFrom(...members, 'guest-1', ''),
      displayName: fc.string({ maxLength: 90 }),
      isGuest: fc.boolean(),
      presence: fc.constantFrom('present', 'absent', 'maybe'),
      stageId: fc.constantFrom('norms', 'intention', 'debrief', 'no-such-stage'),
      expectedStageId: fc.constantFrom('norms', 'intention', null, 7),
      answer: fc.constantFrom('given', 'declined', 'perhaps'),
      optedOut: fc.boolean(),
      speaker: fc.constantFrom(...members, 'Ana', null),
      to: fc.constantFrom(...members, 'demo-fay', 'nobody'),
      owner: fc.constantFrom(...members, 'demo-fay'),
      // Glossary terms that are names of Object.prototype's properties.
      term: fc.constantFrom('leverage', 'constructor', 'toString', '__proto__', 'hasOwnProperty'),
    },
  };
  return {
    world,
    secrets: [DEV_TOKEN_SECRET, ZOOM_CLIENT_SECRET, ...Object.values(tokens)],
    headersFor(plan) {
      const headers: Record<string, string> = { ...plan.extraHeaders };
      switch (plan.caller) {
        case 'no credential':
          break;
        case 'garbage credential':
          headers[plan.garbageCredential.header] = plan.garbageCredential.value.replace(
            /[^\x20-\x7e]/g,
            '?',
          );
          break;
        case 'zoom user': {
          const nowMs = Date.now();
          headers['x-zoom-app-context'] = encryptZoomAppContext(
            { uid: ZOOM_UID, mid: 'zoom-fuzz-meeting', ts: nowMs, exp: nowMs + 120_000 },
            ZOOM_CLIENT_SECRET,
          );
          break;
        }
        default: {
          const isErasure = plan.method === 'DELETE' && plan.path.split('?')[0] === '/api/me';
          const userId = isErasure && plan.caller === 'member' ? ERASER : USERS[plan.caller];
          Object.assign(headers, as(userId));
        }
      }
      return headers;
    },
  };
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

interface StoreSnapshots {
  /** The ETag of every stored document, by container, partition and id. */
  read(): ReadonlyMap<string, string>;
  /** What differs now from `before`: keys added, removed or rewritten. */
  compare(before: ReadonlyMap<string, string>): string[];
  close(): void;
}

/**
 * Reads the server's SQLite file from a second, read-only connection (WAL lets it read while the
 * server writes). PRAGMA data_version changes only when another connection commits, so an
 * unchanged store costs one pragma rather than a full read.
 */
function openSnapshots(sqlitePath: string): StoreSnapshots {
  const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  const readAll = db.prepare('SELECT container, partition_key, id, etag FROM documents');
  const readVersion = () => db.pragma('data_version', { simple: true }) as number;
  let version = -1;
  let current: ReadonlyMap<string, string> = new Map();
  const read = () => {
    const now = readVersion();
    if (now !== version) {
      const rows = readAll.all() as {
        container: string;
        partition_key: string;
        id: string;
        etag: string;
      }[];
      current = new Map(
        rows.map((row) => [`${row.container}/${row.partition_key}/${row.id}`, row.etag]),
      );
      version = now;
    }
    return current;
  };
  return {
    read,
    compare(before) {
      const after = read();
      if (after === before) return [];
      const changed: string[] = [];
      for (const [key, etag] of after) if (before.get(key) !== etag) changed.push(key);
      for (const key of before.keys()) if (!after.has(key)) changed.push(`${key} (deleted)`);
      return changed;
    },
    close: () => db.close(),
  };
}
