// The world the authorisation matrix runs in: the real app over real HTTP on one store, with all
// three ways of signing in switched on at once (dev tokens for demo users, Teams SSO against a
// loopback JWKS, Zoom app contexts), the callers the matrix asks as, and one circle holding
// something of every kind a route can name.
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/src/app.js';
import { createDevTokens, DEV_TOKEN_TTL_SECONDS } from '../../api/src/auth/dev-tokens.js';
import { readTeamsIssuers } from '../../api/src/auth/verify-teams-token.js';
import { encryptZoomAppContext } from '../../api/src/auth/zoom-app-context.js';
import { createDevTokenSource } from './support/dev-tokens.js';
import { loadConfig } from '../../api/src/config.js';
import { startJwksServer, type JwksServer } from '../support/jwks-server.js';
import { openStore, type StoreKind } from './support/api-harness.js';

/** Everyone the matrix asks, in the order each route is asked. */
export const CALLERS = [
  'no credential',
  'garbage token',
  'forged Teams token',
  'expired dev token',
  'expired Zoom context',
  'Teams user of another tenant',
  'Zoom user',
  'Zoom circle member',
  'non-member',
  'coach',
  'coachee',
  'observer',
] as const;
export type CallerName = (typeof CALLERS)[number];

/** A missing or bad credential: 401 on every route that needs one. */
export const BAD_CREDENTIALS: readonly CallerName[] = [
  'no credential',
  'garbage token',
  'forged Teams token',
  'expired dev token',
  'expired Zoom context',
];

/**
 * Signed in, but not in the demo tenant's circle: a Teams user of another tenant (with the
 * coachee's user id, so only the tenant tells them apart), two Zoom users (another tenant too;
 * one is in a Zoom circle of their own) and a demo user who never joined.
 */
export const OUTSIDERS: readonly CallerName[] = [
  'Teams user of another tenant',
  'Zoom user',
  'Zoom circle member',
  'non-member',
];

export const MEMBER_ROLES = ['coach', 'coachee', 'observer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
export const MEMBER_IDS: Readonly<Record<MemberRole, string>> = {
  coach: 'demo-ana',
  coachee: 'demo-ben',
  observer: 'demo-cai',
};
const NON_MEMBER_ID = 'demo-dee';

const ZOOM_CLIENT_SECRET = 'authorization-matrix-zoom-client-secret';
const ENTRA_CLIENT_ID = '5d6e7f80-91a2-4b3c-8d4e-5f6a7b8c9d0e';
const OTHER_TENANT_ID = '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d';
const ZOOM_USER_UID = 'zoom-user-elsewhere';
const ZOOM_MEMBER_UID = 'zoom-circle-member';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface MatrixRequest {
  readonly method: Method;
  readonly url: string;
  /** An object goes as JSON, a string as `contentType`. */
  readonly body?: unknown;
  readonly contentType?: string;
}

export interface MatrixResponse {
  readonly status: number;
  /** The body; for an event stream, what came up to and including its first event. */
  readonly text: string;
}

export interface Fixture {
  readonly circleId: string;
  /** Running, at its first stage, with the roles of MEMBER_IDS. */
  readonly sessionId: string;
  readonly meetingId: string;
  readonly occurredOn: string;
  /** Another running session in the circle, for the end route (ending one is for good). */
  readonly endableSessionId: string;
  /** A Teams circle of the demo tenant that only the coach is in, for the joining routes. */
  readonly lobbyMeetingKey: string;
  /** The Zoom meeting of the Zoom circle member's circle. */
  readonly zoomMeetingId: string;
  /** Made by the coachee and owned by them. */
  readonly commitmentId: string;
  readonly experimentId: string;
  readonly sentenceId: string;
  /** From the coachee to the coach. */
  readonly appreciationId: string;
  /** An observer tap stored before the matrix runs. */
  readonly observerMarkId: string;
  /** The coachee's reflections: one private, one shared, one the matrix deletes. */
  readonly privateReflectionId: string;
  readonly sharedReflectionId: string;
  readonly throwawayReflectionId: string;
  /** Private feedback from the coach to the coachee. */
  readonly feedbackId: string;
  /** Texts only the coachee may ever be shown. */
  readonly secrets: Readonly<Record<SecretName, string>>;
  readonly sharedReflectionText: string;
}

export type SecretName = 'feedback' | 'privateReflection';

export interface MatrixWorld {
  readonly app: FastifyInstance;
  readonly fixture: Fixture;
  send(as: CallerName, request: MatrixRequest): Promise<MatrixResponse>;
  close(): Promise<void>;
}

export async function openMatrixWorld(kind: StoreKind): Promise<MatrixWorld> {
  const jwks = await startJwksServer();
  const opened = await openStore(kind);
  const config = loadConfig({
    NODE_ENV: 'test',
    AUTH_MODE: 'dev',
    ZOOM_CLIENT_SECRET,
    ENTRA_CLIENT_ID,
    ENTRA_JWKS_URL: jwks.jwksUrl,
    RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const app = await buildApp({ config, store: opened.store });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const zoomMeetingId = `zoom-meeting-${randomUUID()}`;
  const credentials = await mintCredentials(app, jwks, zoomMeetingId);
  const send = (as: CallerName, request: MatrixRequest) =>
    sendRequest(baseUrl, credentials(as), request);
  const fixture = await buildFixture(send, zoomMeetingId);

  return {
    app,
    fixture,
    send,
    async close() {
      await app.close();
      await opened.close();
      await jwks.close();
    },
  };
}

type Credentials = (as: CallerName) => Record<string, string>;

async function mintCredentials(
  app: FastifyInstance,
  jwks: JwksServer,
  zoomMeetingId: string,
): Promise<Credentials> {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const devToken = createDevTokenSource(app);
  const teamsClaims = {
    iss: readTeamsIssuers(OTHER_TENANT_ID)[1],
    aud: ENTRA_CLIENT_ID,
    tid: OTHER_TENANT_ID,
    oid: MEMBER_IDS.coachee,
    name: 'Ben of another tenant',
    scp: 'access_as_user',
    ver: '2.0',
  };
  // Minted by this process's own dev-token key (the app shares it), so only the expiry is wrong.
  const hourMs = 60 * 60 * 1000;
  const expired = await createDevTokens().mintDevToken(
    MEMBER_IDS.coachee,
    Date.now() - DEV_TOKEN_TTL_SECONDS * 1000 - hourMs,
  );
  const fixed: Partial<Record<CallerName, Record<string, string>>> = {
    'no credential': {},
    'garbage token': bearer('not-a-token'),
    'forged Teams token': bearer(await jwks.mintToken(teamsClaims, { isForeignKey: true })),
    'expired dev token': bearer(expired.token),
    'Teams user of another tenant': bearer(await jwks.mintToken(teamsClaims)),
    'non-member': bearer(await devToken(NON_MEMBER_ID)),
    coach: bearer(await devToken(MEMBER_IDS.coach)),
    coachee: bearer(await devToken(MEMBER_IDS.coachee)),
    observer: bearer(await devToken(MEMBER_IDS.observer)),
  };
  // Zoom contexts live two minutes, so each request gets a fresh one.
  const zoomContext = (uid: string, mid: string, expiresInMs: number) => {
    const nowMs = Date.now();
    return {
      'x-zoom-app-context': encryptZoomAppContext(
        { uid, mid, ts: nowMs - 1_000, exp: nowMs + expiresInMs },
        ZOOM_CLIENT_SECRET,
      ),
    };
  };
  return (as) => {
    switch (as) {
      case 'expired Zoom context':
        return zoomContext(ZOOM_MEMBER_UID, zoomMeetingId, -hourMs);
      case 'Zoom user':
        return zoomContext(ZOOM_USER_UID, `zoom-meeting-${ZOOM_USER_UID}`, 120_000);
      case 'Zoom circle member':
        return zoomContext(ZOOM_MEMBER_UID, zoomMeetingId, 120_000);
      default: {
        const headers = fixed[as];
        if (headers === undefined) throw new Error(`no credential for ${as}`);
        return headers;
      }
    }
  };
}

const STREAM_WAIT_MS = 5_000;

async function sendRequest(
  baseUrl: string,
  credential: Record<string, string>,
  request: MatrixRequest,
): Promise<MatrixResponse> {
  const headers: Record<string, string> = { ...credential };
  let body: string | undefined;
  if (typeof request.body === 'string') {
    headers['content-type'] = request.contentType ?? 'text/plain';
    body = request.body;
  } else if (request.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(request.body);
  }
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}${request.url}`, {
    method: request.method,
    headers,
    signal: abort.signal,
    ...(body === undefined ? {} : { body }),
  });
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    return { status: response.status, text: await response.text() };
  }
  // A stream never ends by itself: read up to its first event, then hang up.
  const timer = setTimeout(() => abort.abort(), STREAM_WAIT_MS);
  try {
    return { status: response.status, text: await readFirstEvent(response) };
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

async function readFirstEvent(response: Response): Promise<string> {
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!/(^|\n)data:[^\n]*\n\n/.test(text)) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  return text;
}

type Send = (as: CallerName, request: MatrixRequest) => Promise<MatrixResponse>;

/** The body of a 2xx answer, or an error that says what came back instead. */
export function readJson<T>(response: MatrixResponse, status: number, what: string): T {
  if (response.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${response.status}: ${response.text}`);
  }
  return JSON.parse(response.text) as T;
}

export function sessionUrl(
  fixture: Pick<Fixture, 'circleId' | 'sessionId'>,
  sessionId = fixture.sessionId,
): string {
  return `/api/circles/${fixture.circleId}/sessions/${sessionId}`;
}

interface SessionBody {
  readonly session: {
    readonly id: string;
    readonly version: number;
    readonly occurredOn: string;
    readonly state: {
      readonly participants: Readonly<Record<string, { readonly role: string | null }>>;
    };
  };
}

/** A command for the session as it is now: its version is read first, by a member. */
export async function buildCommand(
  send: Send,
  url: string,
  command: Readonly<Record<string, unknown>>,
): Promise<MatrixRequest> {
  const current = readJson<SessionBody>(await send('coach', { method: 'GET', url }), 200, url);
  return {
    method: 'POST',
    url: `${url}/commands`,
    body: { commandId: randomUUID(), expectedVersion: current.session.version, command },
  };
}

export const FIXED_ROLES: Readonly<Record<string, string>> = {
  [MEMBER_IDS.coach]: 'coach',
  [MEMBER_IDS.coachee]: 'coachee',
  [MEMBER_IDS.observer]: 'observer',
};

async function buildFixture(send: Send, zoomMeetingId: string): Promise<Fixture> {
  const circleFor = (host: 'teams' | 'zoom', meetingKey: string, name: string) => ({
    method: 'POST' as const,
    url: '/api/circles',
    body: {
      host,
      meetingKey,
      name,
      frameworkId: 'weekly-micro-session',
      timeZone: 'Europe/Berlin',
    },
  });
  const meetingKey = `19:meeting_${randomUUID()}@thread.v2`;
  const { circle } = readJson<{ circle: { id: string } }>(
    await send('coach', circleFor('teams', meetingKey, 'Tuesday trio')),
    201,
    'the circle',
  );
  for (const role of ['coachee', 'observer'] as const) {
    const url = `/api/circles/by-meeting/teams/${encodeURIComponent(meetingKey)}`;
    readJson(await send(role, { method: 'GET', url }), 200, `${role} joining`);
  }
  const lobbyMeetingKey = `19:meeting_${randomUUID()}@thread.v2`;
  readJson(await send('coach', circleFor('teams', lobbyMeetingKey, 'Lobby')), 201, 'the lobby');
  readJson(
    await send('Zoom circle member', circleFor('zoom', zoomMeetingId, 'Zoom pair')),
    201,
    'the Zoom circle',
  );

  const circleId = circle.id;
  const meetingId = `meeting-${randomUUID()}`;
  const running = await openRunningSession(send, circleId, meetingId);
  const endable = await openRunningSession(send, circleId, `meeting-${randomUUID()}`);
  const url = sessionUrl({ circleId, sessionId: running.id });

  const observerMarkId = randomUUID();
  readJson(
    await send('observer', {
      method: 'POST',
      url: `${url}/marks`,
      body: {
        batchId: randomUUID(),
        marks: [
          {
            kind: 'speech',
            id: observerMarkId,
            atMs: Date.now(),
            source: 'observer',
            speaker: MEMBER_IDS.coachee,
          },
        ],
      },
    }),
    200,
    'the observer tap',
  );

  const createAsCoachee = async (path: string, body: Record<string, unknown>) => {
    const id = randomUUID();
    readJson(
      await send('coachee', { method: 'POST', url: path, body: { id, ...body } }),
      201,
      path,
    );
    return id;
  };
  const commitmentId = await createAsCoachee(`${url}/commitments`, {
    text: 'Ask one open question before giving any advice',
  });
  const experimentId = await createAsCoachee(`${url}/experiments`, {
    text: 'Count to five before answering',
  });
  const sentenceId = await createAsCoachee(`${url}/sentences`, { text: 'Curious, not clever' });
  const appreciationId = await createAsCoachee(`${url}/appreciations`, {
    to: MEMBER_IDS.coach,
    text: 'Thank you for the patient questions',
  });

  const secrets: Record<SecretName, string> = {
    feedback: `private feedback ${randomUUID()}`,
    privateReflection: `private reflection ${randomUUID()}`,
  };
  const sharedReflectionText = `shared reflection ${randomUUID()}`;
  const reflect = (text: string, shared: boolean) =>
    createAsCoachee('/api/me/reflections', {
      circleId,
      sessionId: running.id,
      moment: 'after',
      text,
      shared,
    });
  const privateReflectionId = await reflect(secrets.privateReflection, false);
  const sharedReflectionId = await reflect(sharedReflectionText, true);
  const throwawayReflectionId = await reflect('A reflection to delete', false);

  const feedbackId = randomUUID();
  readJson(
    await send('coach', {
      method: 'POST',
      url: `/api/circles/${circleId}/feedback`,
      body: {
        id: feedbackId,
        to: MEMBER_IDS.coachee,
        sessionId: running.id,
        text: secrets.feedback,
      },
    }),
    201,
    'the private feedback',
  );

  return {
    circleId,
    sessionId: running.id,
    meetingId,
    occurredOn: running.occurredOn,
    endableSessionId: endable.id,
    lobbyMeetingKey,
    zoomMeetingId,
    commitmentId,
    experimentId,
    sentenceId,
    appreciationId,
    observerMarkId,
    privateReflectionId,
    sharedReflectionId,
    throwawayReflectionId,
    feedbackId,
    secrets,
    sharedReflectionText,
  };
}

/**
 * Every member opens the session; then whoever rotation made coach hands out the matrix's fixed
 * roles, and the coach starts it.
 */
async function openRunningSession(
  send: Send,
  circleId: string,
  meetingId: string,
): Promise<SessionBody['session']> {
  let session: SessionBody['session'] | undefined;
  for (const role of MEMBER_ROLES) {
    const opened = await send(role, {
      method: 'POST',
      url: `/api/circles/${circleId}/sessions`,
      body: { meetingId },
    });
    session = readJson<SessionBody>(opened, 200, `${role} opening the session`).session;
  }
  if (session === undefined) throw new Error('nobody opened the session');
  const url = `/api/circles/${circleId}/sessions/${session.id}`;
  const proposedCoachId = Object.entries(session.state.participants).find(
    ([, participant]) => participant.role === 'coach',
  )?.[0];
  const proposedCoach =
    MEMBER_ROLES.find((role) => MEMBER_IDS[role] === proposedCoachId) ?? 'coach';
  for (const [as, command] of [
    [proposedCoach, { type: 'assign-roles', roles: FIXED_ROLES }],
    ['coach', { type: 'start' }],
  ] as const) {
    readJson(
      await send(as, await buildCommand(send, url, command)),
      200,
      `${command.type} by ${as}`,
    );
  }
  return session;
}
