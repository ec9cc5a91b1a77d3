// The real app listening on loopback over a store the test opened, with dev sign-in, and a small
// client that speaks to it over HTTP as the panels do (fetch, bearer tokens, JSON).
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../api/src/app.js';
import { loadConfig } from '../../../api/src/config.js';
import type { DocumentStore } from '../../../api/src/store/port.js';
import { createDevTokenSource } from '../../api/support/dev-tokens.js';

export const TRIO = ['demo-ana', 'demo-ben', 'demo-cai'] as const;

export interface Answer<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly elapsedMs: number;
}

export interface LiveApp {
  readonly app: FastifyInstance;
  readonly baseUrl: string;
  tokenFor(userId: string): Promise<string>;
  /** A JSON request as a demo user (or nobody), answered within `timeoutMs` or rejected. */
  request<T = unknown>(
    as: string | null,
    method: string,
    path: string,
    body?: unknown,
    options?: { readonly timeoutMs?: number; readonly baseUrl?: string },
  ): Promise<Answer<T>>;
  close(): Promise<void>;
}

export async function startLiveApp(
  store: DocumentStore,
  env: Readonly<Record<string, string>> = {},
): Promise<LiveApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    AUTH_MODE: 'dev',
    RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
  const app = await buildApp({ config, store });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const tokenFor = createDevTokenSource(app);
  return {
    app,
    baseUrl,
    tokenFor,
    async request<T>(
      as: string | null,
      method: string,
      path: string,
      body?: unknown,
      options: { readonly timeoutMs?: number; readonly baseUrl?: string } = {},
    ): Promise<Answer<T>> {
      const headers: Record<string, string> = {};
      if (as !== null) headers['authorization'] = `Bearer ${await tokenFor(as)}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const startedAtMs = performance.now();
      const response = await fetch(`${options.baseUrl ?? baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
      });
      const text = await response.text();
      return {
        status: response.status,
        headers: response.headers,
        body: (text === '' ? null : JSON.parse(text)) as T,
        elapsedMs: performance.now() - startedAtMs,
      };
    },
    close: () => app.close(),
  };
}

export interface TrioSession {
  readonly circleId: string;
  readonly sessionId: string;
  /** /api/circles/:circleId/sessions/:sessionId */
  readonly url: string;
  readonly version: number;
  readonly coach: string;
  readonly coachee: string;
  readonly observer: string;
}

interface SessionBody {
  readonly session: {
    readonly id: string;
    readonly version: number;
    readonly state: { readonly participants: Record<string, { readonly role: string | null }> };
  };
}

/** A circle of three for a new Teams meeting, and today's session with everyone in it. */
export async function openTrioSession(live: LiveApp): Promise<TrioSession> {
  const meetingKey = `19:meeting_${randomUUID()}@thread.v2`;
  const created = await live.request<{ circle: { id: string } }>(
    'demo-ana',
    'POST',
    '/api/circles',
    {
      host: 'teams',
      meetingKey,
      name: 'Reliability trio',
      frameworkId: 'weekly-micro-session',
      timeZone: 'Europe/Berlin',
    },
  );
  expectOk(created, 'create the circle');
  const circleId = created.body.circle.id;
  for (const userId of TRIO.slice(1)) {
    const joined = await live.request(
      userId,
      'GET',
      `/api/circles/by-meeting/teams/${encodeURIComponent(meetingKey)}`,
    );
    expectOk(joined, `${userId} joins`);
  }
  const meetingId = `meeting-${randomUUID()}`;
  let session: SessionBody['session'] | null = null;
  for (const userId of TRIO) {
    const started = await live.request<SessionBody>(
      userId,
      'POST',
      `/api/circles/${circleId}/sessions`,
      { meetingId },
    );
    expectOk(started, `${userId} opens the session`);
    session = started.body.session;
  }
  if (session === null) throw new Error('no session');
  const byRole = (role: string) => {
    const entry = Object.entries(session.state.participants).find(([, p]) => p.role === role);
    if (entry === undefined) throw new Error(`nobody is ${role}`);
    return entry[0];
  };
  return {
    circleId,
    sessionId: session.id,
    url: `/api/circles/${circleId}/sessions/${session.id}`,
    version: session.version,
    coach: byRole('coach'),
    coachee: byRole('coachee'),
    observer: byRole('observer'),
  };
}

export function expectOk(answer: Answer, what: string): void {
  if (answer.status >= 300) {
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
}

/** A speaking mark as the observer's panel sends it. */
export function speechMark(id: string, atMs: number, speaker: string) {
  return { kind: 'speech', id, atMs, source: 'observer', speaker };
}
