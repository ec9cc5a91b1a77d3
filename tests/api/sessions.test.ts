import { describe, expect, it } from 'vitest';
import type { StoredCircle } from '../../api/src/circles/circle-store.js';
import { toSessionView, type SessionDocument } from '../../api/src/sessions/model.js';
import { buildSessionSummary } from '../../api/src/sessions/summary.js';
import {
  describeOnBothStores,
  expectStatus,
  type Harness,
  type TestSession,
} from './support/api-harness.js';

// Sessions over real routes on both stores: start or join per occurrence, commands with client ids
// and expected versions, and the statuses DESIGN.md promises.

interface SessionBody {
  readonly session: {
    readonly id: string;
    readonly version: number;
    readonly state: {
      readonly status: string;
      readonly stageIndex: number;
      readonly participants: Record<string, { role: string | null; presence: string }>;
    };
  };
  readonly isRepeat?: boolean;
}

const TRIO = ['demo-ana', 'demo-ben', 'demo-cai'];

function findByRole(body: SessionBody, role: string): string {
  const entry = Object.entries(body.session.state.participants).find(([, p]) => p.role === role);
  if (entry === undefined) throw new Error(`nobody is ${role}`);
  return entry[0];
}

async function readSession(harness: Harness, session: TestSession, as = 'demo-ana') {
  const response = await harness.request(as, 'GET', session.url);
  expectStatus(response, 200);
  return response.json<SessionBody>();
}

function command(commandId: string, expectedVersion: number, body: Record<string, unknown>) {
  return { commandId, expectedVersion, command: body };
}

describeOnBothStores('sessions', (harness) => {
  it('starts a session once per occurrence, with every member in it and roles proposed', async () => {
    const circle = await harness().createCircle(TRIO);
    const session = await harness().startSession(circle, TRIO);
    const again = await harness().startSession(circle, ['demo-ana']);
    expect(again.sessionId).not.toBe(session.sessionId); // a new meeting id is a new occurrence

    const sameOccurrence = await Promise.all(
      TRIO.map((userId) =>
        harness().request(userId, 'POST', `/api/circles/${circle.circleId}/sessions`, {
          meetingId: 'same-meeting',
          occurredOn: '2030-05-07',
        }),
      ),
    );
    const ids = sameOccurrence.map((response) => response.json<SessionBody>().session.id);
    expect(new Set(ids).size).toBe(1);

    const body = await readSession(harness(), session);
    expect(Object.keys(body.session.state.participants).sort()).toEqual(TRIO);
    const roles = Object.values(body.session.state.participants)
      .map((p) => p.role)
      .sort();
    expect(roles).toEqual(['coach', 'coachee', 'observer']);
    expect(
      Object.values(body.session.state.participants).every((p) => p.presence === 'present'),
    ).toBe(true);
  });

  it('lets exactly one of several commands with the same expected version win', async () => {
    const circle = await harness().createCircle(TRIO);
    const session = await harness().startSession(circle, TRIO);
    const first = await readSession(harness(), session);
    const start = command('start', first.session.version, { type: 'start' });
    const coach = findByRole(first, 'coach');
    expectStatus(await harness().request(coach, 'POST', `${session.url}/commands`, start), 200);
    const version = first.session.version + 1;
    const responses = await Promise.all(
      TRIO.map((userId, index) =>
        harness().request(
          userId,
          'POST',
          `${session.url}/commands`,
          command(`pause-${index}`, version, { type: 'pause' }),
        ),
      ),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409]);
    for (const response of responses.filter((r) => r.statusCode === 409)) {
      const error = response.json<{ error: { code: string; details: SessionBody } }>().error;
      expect(error.code).toBe('VERSION_CONFLICT');
      expect(error.details.session.version).toBe(version + 1);
    }
    expect((await readSession(harness(), session)).session.version).toBe(version + 1);
  });

  it('answers a command id already applied with 200 and the current state, before any version check', async () => {
    const circle = await harness().createCircle(TRIO);
    const session = await harness().startSession(circle, TRIO);
    const first = await readSession(harness(), session);
    const coach = findByRole(first, 'coach');
    const start = command('start-1', first.session.version, { type: 'start' });
    const applied = await harness().request(coach, 'POST', `${session.url}/commands`, start);
    expectStatus(applied, 200);
    expect(applied.json<SessionBody>().isRepeat).toBe(false);

    const pause = command('pause-1', first.session.version + 1, { type: 'pause' });
    expectStatus(await harness().request(coach, 'POST', `${session.url}/commands`, pause), 200);

    // The start again, with the version it was first sent with (stale by now): 200, not 409.
    const repeated = await harness().request(coach, 'POST', `${session.url}/commands`, start);
    expectStatus(repeated, 200);
    const body = repeated.json<SessionBody>();
    expect(body.isRepeat).toBe(true);
    expect(body.session.version).toBe(first.session.version + 2);
    expect(body.session.state.status).toBe('paused');
  });

  it('answers a stale version with 409 and the fresh state', async () => {
    const circle = await harness().createCircle(TRIO);
    const session = await harness().startSession(circle, TRIO);
    const response = await harness().request(
      'demo-ana',
      'POST',
      `${session.url}/commands`,
      command('stale-1', 0, { type: 'pause' }),
    );
    expectStatus(response, 409);
    const error = response.json<{ error: { code: string; details: SessionBody } }>().error;
    expect(error.code).toBe('VERSION_CONFLICT');
    expect(error.details.session.id).toBe(session.sessionId);
    expect(error.details.session.version).toBe(session.version);
  });

  it('gives 403 to a member whose role does not allow the action, and 409 to a refused one', async () => {
    const circle = await harness().createCircle(TRIO);
    const session = await harness().startSession(circle, TRIO);
    const first = await readSession(harness(), session);
    const observer = findByRole(first, 'observer');
    const coach = findByRole(first, 'coach');
    const start = command('start', first.session.version, { type: 'start' });
    expectStatus(await harness().request(coach, 'POST', `${session.url}/commands`, start), 200);
    const next = command('next-by-observer', first.session.version + 1, { type: 'next' });
    const forbidden = await harness().request(observer, 'POST', `${session.url}/commands`, next);
    expectStatus(forbidden, 403);
    expect(
      forbidden.json<{ error: { code: string; details: { refusal: string } } }>().error,
    ).toMatchObject({ code: 'FORBIDDEN', details: { refusal: 'NOT_ALLOWED' } });
    const resume = command('resume-unpaused', first.session.version + 1, { type: 'resume' });
    const refused = await harness().request(coach, 'POST', `${session.url}/commands`, resume);
    expectStatus(refused, 409);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('COMMAND_REFUSED');
  });

  it('takes the sender from the credential, never from the body', async () => {
    const circle = await harness().createCircle(TRIO);
    const session = await harness().startSession(circle, TRIO);
    const first = await readSession(harness(), session);
    const observer = findByRole(first, 'observer');
    const coach = findByRole(first, 'coach');
    const spoofed = command('spoof', first.session.version, { type: 'start', by: coach });
    expectStatus(
      await harness().request(observer, 'POST', `${session.url}/commands`, spoofed),
      403,
    );
  });

  it('ends a session, records its roles in the circle, and lists it with its summary', async () => {
    const circle = await harness().createCircle(TRIO);
    const session = await harness().startSession(circle, TRIO);
    const first = await readSession(harness(), session);
    const coach = findByRole(first, 'coach');
    const observer = findByRole(first, 'observer');
    expectStatus(
      await harness().request(
        coach,
        'POST',
        `${session.url}/commands`,
        command('s', first.session.version, { type: 'start' }),
      ),
      200,
    );
    expectStatus(await harness().request(observer, 'POST', `${session.url}/end`, {}), 403);
    const ended = await harness().request(coach, 'POST', `${session.url}/end`, {});
    expectStatus(ended, 200);
    expect(ended.json<SessionBody>().session.state.status).toBe('ended');
    expectStatus(await harness().request(coach, 'POST', `${session.url}/end`, {}), 200);

    const circleBody = await harness().request(
      'demo-ben',
      'GET',
      `/api/circles/${circle.circleId}`,
    );
    expect(circleBody.json<{ circle: { roleHistory: unknown[] } }>().circle.roleHistory).toEqual([
      Object.fromEntries(
        Object.entries(first.session.state.participants).map(([id, p]) => [id, p.role]),
      ),
    ]);

    const list = await harness().request(
      'demo-cai',
      'GET',
      `/api/circles/${circle.circleId}/sessions?limit=1`,
    );
    expectStatus(list, 200);
    const page = list.json<{
      sessions: { session: { id: string }; summary: { isFinal: boolean; nextRoles: unknown } }[];
    }>();
    expect(page.sessions).toHaveLength(1);
    expect(page.sessions[0]?.session.id).toBe(session.sessionId);
    expect(page.sessions[0]?.summary.isFinal).toBe(true);
    expect(page.sessions[0]?.summary.nextRoles).not.toBeNull();
  });

  it('sends the session and its summary whole: the response schemas drop no field', async () => {
    const circle = await harness().createCircle(TRIO);
    const session = await harness().startSession(circle, TRIO);
    const first = await readSession(harness(), session);
    const coach = findByRole(first, 'coach');
    const observer = findByRole(first, 'observer');
    let version = first.session.version;
    for (const [by, body] of [
      [coach, { type: 'start' }],
      [observer, { type: 'opt-out-tracking', optedOut: true }],
      [coach, { type: 'next' }],
      [coach, { type: 'pause' }],
      [coach, { type: 'resume' }],
      [coach, { type: 'extend', byMs: 60_000 }],
    ] as const) {
      const response = await harness().request(by, 'POST', `${session.url}/commands`, {
        commandId: `c-${version}`,
        expectedVersion: version,
        command: body,
      });
      expectStatus(response, 200);
      version += 1;
    }
    await harness().request(observer, 'POST', `${session.url}/marks`, {
      batchId: 'b1',
      marks: [
        { kind: 'speech', id: 'm1', atMs: Date.now(), source: 'self-speaking', speaker: null },
      ],
    });
    // A bare POST, no body at all, ends it too.
    expectStatus(await harness().request(coach, 'POST', `${session.url}/end`), 200);

    const stored = await harness().store.read<SessionDocument>(
      'circles',
      session.circleId,
      session.sessionId,
    );
    if (stored === null) throw new Error('the session is not stored');
    const sent = await readSession(harness(), session);
    expect(sent.session).toEqual(JSON.parse(JSON.stringify(toSessionView(stored))));

    const circleDocument = await harness().store.read(
      'circles',
      session.circleId,
      session.circleId,
    );
    const direct = await buildSessionSummary(
      harness().store,
      circleDocument as StoredCircle,
      stored,
      Date.now(),
    );
    const summary = await harness().request('demo-ben', 'GET', `${session.url}/summary`);
    expectStatus(summary, 200);
    expect(summary.json<{ summary: unknown }>().summary).toEqual(
      JSON.parse(JSON.stringify(direct)),
    );
  });

  it('reports unknown sessions as 404, and another tenant or a non-member as 404', async () => {
    const circle = await harness().createCircle(['demo-ana', 'demo-ben']);
    const session = await harness().startSession(circle, ['demo-ana']);
    const unknown = await harness().request(
      'demo-ana',
      'GET',
      `/api/circles/${circle.circleId}/sessions/nope`,
    );
    expectStatus(unknown, 404);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('SESSION_NOT_FOUND');
    const unknownCommand = await harness().request(
      'demo-ana',
      'POST',
      `/api/circles/${circle.circleId}/sessions/nope/commands`,
      command('x', 1, { type: 'pause' }),
    );
    expectStatus(unknownCommand, 404);
    for (const outsider of ['demo-dee', { zoomUid: 'zoom-user-1' }] as const) {
      for (const url of [
        `/api/circles/${circle.circleId}`,
        session.url,
        `${session.url}/summary`,
      ]) {
        const response = await harness().request(outsider, 'GET', url);
        expectStatus(response, 404);
        expect(response.json<{ error: { code: string } }>().error.code).toBe('CIRCLE_NOT_FOUND');
      }
    }
    expectStatus(await harness().request(null, 'GET', session.url), 401);
  });

  it('names the field of an invalid body in a 400', async () => {
    const circle = await harness().createCircle(['demo-ana', 'demo-ben']);
    const session = await harness().startSession(circle, ['demo-ana']);
    const cases: [unknown, string][] = [
      [{ expectedVersion: 1, command: { type: 'pause' } }, 'commandId'],
      [{ commandId: 'a', expectedVersion: 'one', command: { type: 'pause' } }, 'expectedVersion'],
      [{ commandId: 'a', expectedVersion: 1, command: { type: 'dance' } }, 'command.type'],
      [{ commandId: 'a/b', expectedVersion: 1, command: { type: 'pause' } }, 'commandId'],
      [{ commandId: 'a', expectedVersion: 1, command: { type: 'extend', byMs: -5 } }, 'command'],
    ];
    for (const [body, field] of cases) {
      const current = await readSession(harness(), session);
      const withVersion =
        (body as { expectedVersion?: unknown }).expectedVersion === 1
          ? { ...(body as object), expectedVersion: current.session.version }
          : body;
      const response = await harness().request(
        'demo-ana',
        'POST',
        `${session.url}/commands`,
        withVersion,
      );
      expectStatus(response, 400);
      const error = response.json<{ error: { code: string; details: { field: string } } }>().error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.details.field).toContain(field);
    }
    const badStart = await harness().request(
      'demo-ana',
      'POST',
      `/api/circles/${circle.circleId}/sessions`,
      {
        meetingId: 'm',
        occurredOn: '2030-02-30',
      },
    );
    expectStatus(badStart, 400);
    expect(badStart.json<{ error: { details: { field: string } } }>().error.details.field).toBe(
      'body.occurredOn',
    );
  });
});

describe('session ids', () => {
  it('are the same for the same occurrence and differ by meeting and day', async () => {
    const { formatSessionId } = await import('../../api/src/sessions/occurrence.js');
    const id = formatSessionId('c1', 'm/1+x==', '2030-01-01');
    expect(id).toBe(formatSessionId('c1', 'm/1+x==', '2030-01-01'));
    expect(id).not.toBe(formatSessionId('c1', 'm/1+x==', '2030-01-02'));
    expect(id).not.toBe(formatSessionId('c1', 'm/2', '2030-01-01'));
    expect(id).toMatch(/^s-2030-01-01-[A-Za-z0-9_-]+$/);
  });

  it('take the day in the circle’s time zone', async () => {
    const { formatLocalDay } = await import('../../api/src/sessions/occurrence.js');
    const atMs = Date.UTC(2030, 0, 1, 23, 30);
    expect(formatLocalDay(atMs, 'UTC')).toBe('2030-01-01');
    expect(formatLocalDay(atMs, 'Europe/Berlin')).toBe('2030-01-02');
    expect(formatLocalDay(atMs, 'America/New_York')).toBe('2030-01-01');
  });
});
