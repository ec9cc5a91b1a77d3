// The authorisation matrix of issue 4: every route the server has, asked by every kind of caller,
// over real HTTP on both stores. Statuses follow shared/DESIGN.md: 401 for a missing or bad
// credential, 404 for another tenant or a circle you are not in (never reveal that it exists),
// 403 for a member whose role does not allow the action. Private feedback and private reflections
// reach nobody but their owner: every answer in the matrix is searched for them.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BAD_CREDENTIALS,
  buildCommand,
  CALLERS,
  FIXED_ROLES,
  MEMBER_IDS,
  MEMBER_ROLES,
  openMatrixWorld,
  OUTSIDERS,
  readJson,
  sessionUrl,
  type CallerName,
  type MatrixRequest,
  type MatrixResponse,
  type MatrixWorld,
  type MemberRole,
  type Method,
  type SecretName,
} from './authorization-matrix-world.js';
import { listRegisteredRoutes } from '../support/route-table.js';
import { STORE_KINDS } from './support/api-harness.js';

type Scope =
  /** Open to anyone, whatever credential comes along (or none). */
  | 'public'
  /** Members of the circle; 404 for everyone else signed in. */
  | 'circle'
  /** The caller's own data: anyone signed in, each seeing only their own. */
  | 'own'
  /** One thing in the coachee's own partition: 404 for everyone else. */
  | 'coachee only';

interface Row {
  readonly method: Method;
  /** The path as the server registers it. */
  readonly route: string;
  /** Which of several requests to the same route. */
  readonly variant?: string;
  readonly scope: Scope;
  /** The status of an allowed call, when it is not 200. */
  readonly okStatus?: number;
  /** Statuses that differ from what the scope gives. */
  readonly expect?: Partial<Record<CallerName, number>>;
  /** Callers this row does not ask (the row says why). */
  readonly omit?: readonly CallerName[];
  /** Secrets the coachee must find in the answer, so the leak search is known to see them. */
  readonly shows?: readonly SecretName[];
  build(world: MatrixWorld, as: CallerName): MatrixRequest | Promise<MatrixRequest>;
  /** More to check on an allowed call's answer. */
  check?(world: MatrixWorld, as: CallerName, response: MatrixResponse): void;
}

const CIRCLE = '/api/circles/:circleId';
const SESSION = `${CIRCLE}/sessions/:sessionId`;

// Two cues, Ana then Ben: a transcript small enough to upload on every call.
const TRANSCRIPT = readFileSync(
  new URL('../fixtures/transcripts/short-exchange.vtt', import.meta.url),
  'utf8',
);

const get = (url: string): MatrixRequest => ({ method: 'GET', url });
const inSession = (world: MatrixWorld, path = '') => `${sessionUrl(world.fixture)}${path}`;
const inCircle = (world: MatrixWorld, path = '') => `/api/circles/${world.fixture.circleId}${path}`;
const isMember = (as: CallerName): as is MemberRole =>
  (MEMBER_ROLES as readonly string[]).includes(as);
/** The caller's own user id in the circle; outsiders speak for the coachee (and are refused). */
const ownId = (as: CallerName) => MEMBER_IDS[isMember(as) ? as : 'coachee'];
const someoneElse = (as: CallerName) => (as === 'coachee' ? MEMBER_IDS.coach : MEMBER_IDS.coachee);
const createCircle = (host: 'teams' | 'zoom', meetingKey: string): MatrixRequest => ({
  method: 'POST',
  url: '/api/circles',
  body: { host, meetingKey, name: 'Joined again', frameworkId: 'weekly-micro-session' },
});
const marks = (world: MatrixWorld, mark: Record<string, unknown>): MatrixRequest => ({
  method: 'POST',
  url: inSession(world, '/marks'),
  body: { batchId: randomUUID(), marks: [{ id: randomUUID(), atMs: Date.now(), ...mark }] },
});
const create = (url: string, body: Record<string, unknown>): MatrixRequest => ({
  method: 'POST',
  url,
  body: { id: randomUUID(), ...body },
});

const ROWS: readonly Row[] = [
  // Public: they read no credential, so a bad one changes nothing.
  { method: 'GET', route: '/api/health', scope: 'public', build: () => get('/api/health') },
  // Dev mode only (the server refuses dev auth in production, and then these do not exist).
  { method: 'GET', route: '/api/dev/users', scope: 'public', build: () => get('/api/dev/users') },
  {
    method: 'POST',
    route: '/api/dev/token',
    scope: 'public',
    build: () => ({ method: 'POST', url: '/api/dev/token', body: { userId: 'demo-eli' } }),
  },
  {
    method: 'GET',
    route: '/api/dev/metrics',
    scope: 'public',
    build: () => get('/api/dev/metrics'),
  },
  {
    method: 'POST',
    route: '/api/dev/metrics/reset',
    scope: 'public',
    build: () => ({ method: 'POST', url: '/api/dev/metrics/reset' }),
  },
  { method: 'GET', route: '/api/docs/json', scope: 'public', build: () => get('/api/docs/json') },

  // Joining by the meeting. Dev mode puts demo users in every meeting's roster, so a demo user who
  // was never in the lobby joins it by opening the panel. The others are in no roster (403 where
  // they ask to create, 404 where they ask to see): no bot is set up to list a Teams chat, and a
  // Zoom context admits its caller to the one meeting it names.
  {
    method: 'POST',
    route: '/api/circles',
    variant: "the demo tenant's Teams meeting",
    scope: 'circle',
    expect: {
      'Teams user of another tenant': 403,
      'Zoom user': 403,
      'Zoom circle member': 403,
      'non-member': 200,
    },
    build: (world) => createCircle('teams', world.fixture.lobbyMeetingKey),
  },
  {
    method: 'POST',
    route: '/api/circles',
    variant: "a Zoom meeting another tenant's circle holds",
    scope: 'circle',
    // Meetings are looked up per tenant, so another tenant's circle for the same meeting key is
    // invisible: demo users (dev mode puts them in every roster) make and join their own tenant's
    // circle for it, and nothing of the Zoom circle shows.
    expect: {
      'Teams user of another tenant': 403,
      'Zoom user': 403,
      'Zoom circle member': 200,
      'non-member': 201,
      coach: 200,
      coachee: 200,
      observer: 200,
    },
    check: (_world, as, response) => {
      if (as === 'Zoom circle member') return;
      expect(response.text).not.toContain('zoom-circle-member');
    },
    build: (world) => createCircle('zoom', world.fixture.zoomMeetingId),
  },
  {
    method: 'GET',
    route: '/api/circles/by-meeting/:host/:meetingKey',
    variant: "the demo tenant's Teams meeting",
    scope: 'circle',
    expect: { 'non-member': 200 },
    build: (world) =>
      get(`/api/circles/by-meeting/teams/${encodeURIComponent(world.fixture.lobbyMeetingKey)}`),
  },
  {
    method: 'GET',
    route: '/api/circles/by-meeting/:host/:meetingKey',
    variant: "the Zoom circle's meeting",
    scope: 'circle',
    // Demo users find their own tenant's circle for that key (made above), never the Zoom one.
    expect: {
      'Zoom circle member': 200,
      'non-member': 200,
      coach: 200,
      coachee: 200,
      observer: 200,
    },
    check: (_world, as, response) => {
      if (as === 'Zoom circle member') return;
      expect(response.text).not.toContain('zoom-circle-member');
    },
    build: (world) => get(`/api/circles/by-meeting/zoom/${world.fixture.zoomMeetingId}`),
  },

  // The circle and its sessions: members only, any role.
  { method: 'GET', route: CIRCLE, scope: 'circle', build: (world) => get(inCircle(world)) },
  {
    method: 'PATCH',
    route: CIRCLE,
    scope: 'circle',
    build: (world) => ({ method: 'PATCH', url: inCircle(world), body: { name: 'Tuesday trio' } }),
  },
  {
    method: 'PATCH',
    route: `${CIRCLE}/members/me`,
    scope: 'circle',
    build: (world) => ({
      method: 'PATCH',
      url: inCircle(world, '/members/me'),
      body: { pronouns: 'they/them' },
    }),
  },
  {
    method: 'POST',
    route: `${CIRCLE}/sessions`,
    scope: 'circle',
    build: (world) => ({
      method: 'POST',
      url: inCircle(world, '/sessions'),
      body: { meetingId: world.fixture.meetingId, occurredOn: world.fixture.occurredOn },
    }),
  },
  {
    method: 'GET',
    route: `${CIRCLE}/sessions`,
    scope: 'circle',
    build: (world) => get(inCircle(world, '/sessions')),
  },
  { method: 'GET', route: SESSION, scope: 'circle', build: (world) => get(inSession(world)) },
  {
    method: 'GET',
    route: `${SESSION}/stream`,
    scope: 'circle',
    build: (world) => get(inSession(world, '/stream')),
    check: (_world, _as, response) => expect(response.text).toMatch(/^data: \{"version":/m),
  },
  {
    // The same stream by the session id alone (issue 4's path): the id names its circle.
    method: 'GET',
    route: '/api/sessions/:sessionId/stream',
    scope: 'circle',
    build: (world) => get(`/api/sessions/${world.fixture.sessionId}/stream`),
    check: (world, _as, response) => {
      expect(response.text).toMatch(/^data: \{"version":/m);
      expect(response.text).toContain(`"id":"${world.fixture.sessionId}"`);
    },
  },

  // Moving stages and handing out roles is the coach's.
  {
    method: 'POST',
    route: `${SESSION}/commands`,
    variant: 'next',
    scope: 'circle',
    expect: { coachee: 403, observer: 403 },
    build: (world) => buildCommand(world.send, inSession(world), { type: 'next' }),
  },
  {
    method: 'POST',
    route: `${SESSION}/commands`,
    variant: 'assign-roles',
    scope: 'circle',
    expect: { coachee: 403, observer: 403 },
    build: (world) =>
      buildCommand(world.send, inSession(world), { type: 'assign-roles', roles: FIXED_ROLES }),
  },
  {
    method: 'POST',
    route: `${SESSION}/end`,
    scope: 'circle',
    expect: { coachee: 403, observer: 403 },
    build: (world) => ({
      method: 'POST',
      url: `${sessionUrl(world.fixture, world.fixture.endableSessionId)}/end`,
    }),
  },

  // Marks (DESIGN.md): the observer taps for everyone; automatic signals come from any member,
  // about themselves; an undo only takes back one's own mark.
  {
    method: 'POST',
    route: `${SESSION}/marks`,
    variant: 'observer tap',
    scope: 'circle',
    expect: { coach: 403, coachee: 403 },
    build: (world) =>
      marks(world, { kind: 'speech', source: 'observer', speaker: MEMBER_IDS.coachee }),
  },
  {
    method: 'POST',
    route: `${SESSION}/marks`,
    variant: 'language tag',
    scope: 'circle',
    expect: { coach: 403, coachee: 403 },
    build: (world) =>
      marks(world, { kind: 'tag', speaker: MEMBER_IDS.coach, tag: 'open-question' }),
  },
  {
    method: 'POST',
    route: `${SESSION}/marks`,
    variant: 'own speaking signal',
    scope: 'circle',
    build: (world, as) =>
      marks(world, { kind: 'speech', source: 'self-speaking', speaker: ownId(as) }),
  },
  {
    method: 'POST',
    route: `${SESSION}/marks`,
    variant: 'speaking signal naming someone else',
    scope: 'circle',
    expect: { coach: 403, coachee: 403, observer: 403 },
    build: (world, as) =>
      marks(world, { kind: 'speech', source: 'self-speaking', speaker: someoneElse(as) }),
  },
  {
    method: 'POST',
    route: `${SESSION}/marks`,
    variant: "undo of the observer's tap",
    scope: 'circle',
    expect: { coach: 403, coachee: 403 },
    build: (world) => marks(world, { kind: 'undo', targetId: world.fixture.observerMarkId }),
  },
  {
    method: 'POST',
    route: `${SESSION}/transcript`,
    scope: 'circle',
    build: (world) => ({
      method: 'POST',
      url: inSession(world, '/transcript'),
      body: TRANSCRIPT,
      contentType: 'text/vtt',
    }),
  },
  {
    method: 'GET',
    route: `${SESSION}/summary`,
    scope: 'circle',
    build: (world) => get(inSession(world, '/summary')),
  },

  // What a session produces: anyone in the circle adds; only the owner (or who wrote it down)
  // rewords, and only the owner closes a commitment.
  {
    method: 'GET',
    route: `${SESSION}/outputs`,
    scope: 'circle',
    build: (world) => get(inSession(world, '/outputs')),
  },
  {
    method: 'PUT',
    route: `${SESSION}/note`,
    scope: 'circle',
    build: async (world, as) => {
      const { note } = readJson<{ note: { version: number } | null }>(
        await world.send('coach', get(inSession(world, '/outputs'))),
        200,
        'the note',
      );
      return {
        method: 'PUT',
        url: inSession(world, '/note'),
        body: { text: `Written by ${as}`, version: note?.version ?? 0 },
      };
    },
  },
  {
    method: 'POST',
    route: `${SESSION}/commitments`,
    scope: 'circle',
    okStatus: 201,
    build: (world) => create(inSession(world, '/commitments'), { text: 'Listen first' }),
  },
  {
    method: 'PATCH',
    route: `${SESSION}/commitments/:itemId`,
    variant: 'mark done',
    scope: 'circle',
    expect: { coach: 403, observer: 403 },
    build: (world) => ({
      method: 'PATCH',
      url: inSession(world, `/commitments/${world.fixture.commitmentId}`),
      body: { status: 'done', evidence: 'Asked an open question in every meeting this week' },
    }),
  },
  {
    method: 'POST',
    route: `${SESSION}/experiments`,
    scope: 'circle',
    okStatus: 201,
    build: (world) => create(inSession(world, '/experiments'), { text: 'Pause before answering' }),
  },
  {
    method: 'PATCH',
    route: `${SESSION}/experiments/:itemId`,
    scope: 'circle',
    expect: { coach: 403, observer: 403 },
    build: (world) => ({
      method: 'PATCH',
      url: inSession(world, `/experiments/${world.fixture.experimentId}`),
      body: { text: 'Count to five before answering, twice a day' },
    }),
  },
  {
    method: 'POST',
    route: `${SESSION}/sentences`,
    scope: 'circle',
    okStatus: 201,
    build: (world) => create(inSession(world, '/sentences'), { text: 'Slow is smooth' }),
  },
  {
    method: 'PATCH',
    route: `${SESSION}/sentences/:itemId`,
    scope: 'circle',
    expect: { coach: 403, observer: 403 },
    build: (world) => ({
      method: 'PATCH',
      url: inSession(world, `/sentences/${world.fixture.sentenceId}`),
      body: { text: 'Curious, not clever, not quick' },
    }),
  },
  {
    method: 'POST',
    route: `${SESSION}/appreciations`,
    scope: 'circle',
    okStatus: 201,
    build: (world) => create(inSession(world, '/appreciations'), { to: null, text: 'Thanks all' }),
  },
  {
    method: 'PATCH',
    route: `${SESSION}/appreciations/:itemId`,
    variant: 'by its recipient or a bystander',
    scope: 'circle',
    expect: { coach: 403, observer: 403 },
    build: (world) => ({
      method: 'PATCH',
      url: inSession(world, `/appreciations/${world.fixture.appreciationId}`),
      body: { text: 'Thank you for the patient, open questions' },
    }),
  },
  {
    method: 'GET',
    route: `${CIRCLE}/commitments`,
    scope: 'circle',
    build: (world) => get(inCircle(world, '/commitments')),
  },

  // Reflections and private feedback that go through the circle.
  {
    method: 'GET',
    route: `${SESSION}/reflections`,
    scope: 'circle',
    build: (world) => get(inSession(world, '/reflections')),
    check: (world, _as, response) =>
      expect(response.text).toContain(world.fixture.sharedReflectionText),
  },
  {
    method: 'POST',
    route: '/api/me/reflections',
    scope: 'circle',
    okStatus: 201,
    build: (world) =>
      create('/api/me/reflections', {
        circleId: world.fixture.circleId,
        sessionId: world.fixture.sessionId,
        moment: 'before',
        text: 'I want to ask more than I tell',
        shared: false,
      }),
  },
  {
    method: 'POST',
    route: `${CIRCLE}/feedback`,
    scope: 'circle',
    okStatus: 201,
    build: (world, as) =>
      create(inCircle(world, '/feedback'), { to: someoneElse(as), text: 'Your pauses helped' }),
  },

  // A person's own things: everyone signed in has some (perhaps none), and sees only those.
  {
    method: 'GET',
    route: '/api/me/preferences',
    scope: 'own',
    build: () => get('/api/me/preferences'),
  },
  {
    method: 'PUT',
    route: '/api/me/preferences',
    scope: 'own',
    // Opt-outs stay off: marks about someone who opted out are dropped before any role check.
    build: (_world, as) => putPreferences(as),
  },
  {
    method: 'GET',
    route: '/api/me/reflections',
    scope: 'own',
    shows: ['privateReflection'],
    build: () => get('/api/me/reflections'),
    check: (_world, as, response) => expectNoneForOutsider(as, response, 'reflections'),
  },
  {
    method: 'GET',
    route: '/api/me/feedback',
    scope: 'own',
    shows: ['feedback'],
    build: () => get('/api/me/feedback'),
    check: (_world, as, response) => expectNoneForOutsider(as, response, 'feedback'),
  },
  {
    method: 'GET',
    route: '/api/me/export',
    scope: 'own',
    shows: ['feedback', 'privateReflection'],
    build: () => get('/api/me/export'),
    check: (_world, as, response) => {
      expectNoneForOutsider(as, response, 'feedbackReceived');
      expectNoneForOutsider(as, response, 'reflections');
    },
  },
  {
    method: 'GET',
    route: '/api/me/feedback/:feedbackId',
    scope: 'coachee only',
    shows: ['feedback'],
    build: (world) => get(`/api/me/feedback/${world.fixture.feedbackId}`),
  },
  {
    method: 'PATCH',
    route: '/api/me/reflections/:reflectionId',
    scope: 'coachee only',
    shows: ['privateReflection'],
    build: (world) => ({
      method: 'PATCH',
      url: `/api/me/reflections/${world.fixture.privateReflectionId}`,
      body: { shared: false },
    }),
  },
  {
    method: 'DELETE',
    route: '/api/me/reflections/:reflectionId',
    scope: 'coachee only',
    okStatus: 204,
    build: (world) => ({
      method: 'DELETE',
      url: `/api/me/reflections/${world.fixture.throwawayReflectionId}`,
    }),
  },
  {
    // Last, as it takes people out of circles. The coach and coachee keep their data: the checks
    // after the matrix read it. The Teams user of another tenant has the coachee's user id.
    method: 'DELETE',
    route: '/api/me',
    scope: 'own',
    omit: ['coach', 'coachee'],
    build: () => ({ method: 'DELETE', url: '/api/me' }),
  },
];

interface Case {
  readonly name: string;
  readonly row: Row;
  readonly caller: CallerName;
  readonly status: number;
}

function readStatus(row: Row, caller: CallerName): number {
  const okStatus = row.okStatus ?? 200;
  const given = row.expect?.[caller];
  if (given !== undefined) return given;
  if (row.scope === 'public') return okStatus;
  if (BAD_CREDENTIALS.includes(caller)) return 401;
  switch (row.scope) {
    case 'circle':
      return OUTSIDERS.includes(caller) ? 404 : okStatus;
    case 'own':
      return okStatus;
    case 'coachee only':
      return caller === 'coachee' ? okStatus : 404;
  }
}

const isSuccess = (status: number) => status >= 200 && status < 300;
const routeKey = (row: Pick<Row, 'method' | 'route'>) => `${row.method} ${row.route}`;

function listCases(rows: readonly Row[]): Case[] {
  return rows.flatMap((row) => {
    const asked = CALLERS.filter((caller) => !row.omit?.includes(caller)).map((caller) => ({
      row,
      caller,
      status: readStatus(row, caller),
    }));
    // Refusals first: an allowed call may change what the others meet (ending the session,
    // closing the commitment), and a refusal must be judged on the state before it.
    return [
      ...asked.filter((c) => !isSuccess(c.status)),
      ...asked.filter((c) => isSuccess(c.status)),
    ].map((c) => ({
      ...c,
      name: `${routeKey(row)}${row.variant ? ` (${row.variant})` : ''} as ${c.caller} → ${c.status}`,
    }));
  });
}

const CASES = listCases(ROWS);
const SECRET_NAMES: readonly SecretName[] = ['feedback', 'privateReflection'];

const SECRET_LABELS: Readonly<Record<SecretName, string>> = {
  feedback: "the coachee's private feedback",
  privateReflection: "the coachee's private reflection",
};

/** Someone outside the circle has none of their own here (the Teams one shares the coachee's id). */
function expectNoneForOutsider(as: CallerName, response: MatrixResponse, field: string): void {
  if (!OUTSIDERS.includes(as)) return;
  const body = JSON.parse(response.text) as Record<string, unknown>;
  expect(body[field], `${as}'s ${field}`).toEqual([]);
}

function preferredNameOf(as: CallerName): string {
  return `Set by ${as}`;
}

function putPreferences(as: CallerName): MatrixRequest {
  return {
    method: 'PUT',
    url: '/api/me/preferences',
    body: {
      displayName: preferredNameOf(as),
      timeZone: 'Europe/Berlin',
      pronouns: null,
      optOuts: { airtimeAndLanguage: false, transcriptAnalysis: false, nudges: false },
      consentDefaults: { rolePlay: 'ask-every-time', shareReflections: false },
    },
  };
}

const pathOf = (key: string) => key.slice(key.indexOf(' ') + 1);
const isDocsPage = (key: string) => pathOf(key).startsWith('/api/docs');
// The bot's endpoint has its own authentication (the Bot Framework JWT, verified by botbuilder's
// CloudAdapter), not the callers of this matrix; tests/bot proves it, including the 401.
const OWN_AUTH_ROUTES: readonly string[] = ['POST /api/messages'];

for (const kind of STORE_KINDS) {
  describe(`authorisation matrix (${kind})`, () => {
    let opened: MatrixWorld | undefined;
    const world = (): MatrixWorld => {
      if (opened === undefined) throw new Error('the matrix world did not open');
      return opened;
    };

    beforeAll(async () => {
      opened = await openMatrixWorld(kind);
    });
    afterAll(async () => {
      await opened?.close();
    });

    it('asks every route the server registers under /api', () => {
      const registered = listRegisteredRoutes(world().app);
      // A change in how Fastify draws its routes must fail here, not pass with nothing to compare.
      expect(registered).toContain('GET /api/health');
      const matrix = new Set(ROWS.map(routeKey));
      for (const key of matrix) {
        if (isDocsPage(key)) expect(registered, `${key} is not a route`).toContain(key);
      }
      expect(
        [...new Set(registered)]
          .filter((key) => pathOf(key).startsWith('/api/') && !isDocsPage(key))
          .filter((key) => !OWN_AUTH_ROUTES.includes(key))
          .sort(),
      ).toEqual([...matrix].filter((key) => !isDocsPage(key)).sort());
    });

    it('asks every operation of the OpenAPI document', async () => {
      const { paths } = readJson<{ paths: Record<string, Record<string, unknown>> }>(
        await world().send('no credential', get('/api/docs/json')),
        200,
        'the OpenAPI document',
      );
      const documented = Object.entries(paths).flatMap(([path, operations]) =>
        Object.keys(operations).map(
          (method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
        ),
      );
      expect(documented.length).toBeGreaterThan(0);
      const matrix = new Set(ROWS.map(routeKey));
      expect(documented.filter((key) => !matrix.has(key))).toEqual([]);
    });

    for (const { name, row, caller, status } of CASES) {
      it(name, async () => {
        const response = await world().send(caller, await row.build(world(), caller));
        expect(response.status, `${name}: ${response.text.slice(0, 400)}`).toBe(status);
        for (const secret of SECRET_NAMES) {
          const isShown = response.text.includes(world().fixture.secrets[secret]);
          const mustShow = caller === 'coachee' && row.shows?.includes(secret) === true;
          expect(
            isShown,
            `${name} ${mustShow ? 'does not show' : 'shows'} ${SECRET_LABELS[secret]}`,
          ).toBe(mustShow);
        }
        if (isSuccess(status)) row.check?.(world(), caller, response);
      });
    }

    it("leaves the coachee's private feedback and reflections when outsiders delete their data", async () => {
      const { send, fixture } = world();
      for (const outsider of OUTSIDERS) {
        readJson(await send(outsider, { method: 'DELETE', url: '/api/me' }), 200, outsider);
      }
      for (const url of ['/api/me/feedback', '/api/me/reflections']) {
        const response = await send('coachee', get(url));
        expect(response.status).toBe(200);
        expect(response.text).toContain(
          url === '/api/me/feedback' ? fixture.secrets.feedback : fixture.secrets.privateReflection,
        );
      }
    });

    it("keeps each person's preferences their own: no outsider renamed a member", async () => {
      for (const as of [...OUTSIDERS, 'coachee'] as const) {
        readJson(await world().send(as, putPreferences(as)), 200, `${as}'s preferences`);
      }
      const { circle } = readJson<{
        circle: { members: readonly { userId: string; displayName: string }[] };
      }>(await world().send('coach', get(inCircle(world()))), 200, 'the circle');
      const names = new Map(circle.members.map((m) => [m.userId, m.displayName]));
      // The coachee's own preferences did reach the circle, so an outsider's could have.
      expect(names.get(MEMBER_IDS.coachee)).toBe(preferredNameOf('coachee'));
      for (const outsider of OUTSIDERS) {
        expect([...names.values()]).not.toContain(preferredNameOf(outsider));
      }
    });
  });
}
