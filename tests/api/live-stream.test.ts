import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectStatus,
  openHarness,
  STORE_KINDS,
  type Harness,
  type TestSession,
} from './support/api-harness.js';
import { openEventStream, type EventStreamReader } from './support/event-stream.js';

// Live sync over real HTTP, on both stores: the stream sends the session at once and then every
// change; a reconnect with Last-Event-ID misses nothing; and a second app on the same store (a
// second instance) reaches the first one's panels through the store's change log alone. The
// stream has two paths, under the circle and issue 4's `/api/sessions/:id/stream`; both are
// asked the same questions.

interface LiveMessage {
  readonly version: number;
  readonly serverTimeMs: number;
  readonly session: {
    readonly id: string;
    readonly version: number;
    readonly state: { status: string };
  };
}

const PAIR = ['demo-ana', 'demo-ben'];
const TRIO = ['demo-ana', 'demo-ben', 'demo-cai'];

interface SummaryPersonTurns {
  readonly id: string;
  readonly airtime: { readonly turns: number } | null;
}

/** The session's version and who holds which role, as a panel reads them. */
async function readRoles(harness: Harness, session: TestSession) {
  const response = await harness.request('demo-ana', 'GET', session.url);
  expectStatus(response, 200);
  const { version, state } = response.json<{
    session: { version: number; state: { participants: Record<string, { role: string | null }> } };
  }>().session;
  const roles = (role: string): string => {
    const entry = Object.entries(state.participants).find(([, p]) => p.role === role);
    if (entry === undefined) throw new Error(`nobody is ${role}`);
    return entry[0];
  };
  return { version, roles };
}

/** Where a panel opens the stream: under the circle, or by the session id alone. */
type StreamPath = 'under the circle' | 'by session id';
const STREAM_PATHS: readonly StreamPath[] = ['under the circle', 'by session id'];

function streamUrl(session: TestSession, path: StreamPath): string {
  return path === 'under the circle'
    ? `${session.url}/stream`
    : `/api/sessions/${session.sessionId}/stream`;
}

for (const kind of STORE_KINDS) {
  describe(`live stream (${kind})`, () => {
    let first: { harness: Harness; close(): Promise<void> };
    let second: { harness: Harness; close(): Promise<void> };
    let firstUrl = '';
    const readers: EventStreamReader[] = [];

    beforeAll(async () => {
      first = await openHarness(kind);
      second = await openHarness(kind, { store: first.harness.store });
      await first.harness.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = first.harness.app.server.address() as AddressInfo;
      firstUrl = `http://127.0.0.1:${port}`;
    });

    afterAll(async () => {
      for (const reader of readers) reader.close();
      await second?.close();
      await first?.close();
    });

    async function subscribe(
      session: TestSession,
      userId: string,
      lastEventId?: number,
      path: StreamPath = 'under the circle',
    ) {
      const reader = await openEventStream(`${firstUrl}${streamUrl(session, path)}`, {
        authorization: `Bearer ${await first.harness.tokenFor(userId)}`,
        ...(lastEventId === undefined ? {} : { 'last-event-id': String(lastEventId) }),
      });
      readers.push(reader);
      return reader;
    }

    async function sendPause(harness: Harness, session: TestSession, version: number, id: string) {
      const response = await harness.request('demo-ana', 'POST', `${session.url}/commands`, {
        commandId: id,
        expectedVersion: version,
        command: { type: id.startsWith('start') ? 'start' : 'pause' },
      });
      expectStatus(response, 200);
      return response.json<{ session: { version: number } }>().session.version;
    }

    it.for(STREAM_PATHS)(
      'sends the session at once, then each change, with version and server time (%s)',
      async (path) => {
        const circle = await first.harness.createCircle(PAIR);
        const session = await first.harness.startSession(circle, PAIR);
        const reader = await subscribe(session, 'demo-ben', undefined, path);
        expect(reader.status).toBe(200);
        expect(reader.headers.get('content-type')).toMatch(/^text\/event-stream/);
        expect(reader.headers.get('cache-control')).toBe('no-cache');

        const initial = await reader.next();
        const message = JSON.parse(initial.data) as LiveMessage;
        expect(initial.id).toBe(String(session.version));
        expect(message.version).toBe(session.version);
        expect(message.session.id).toBe(session.sessionId);
        expect(Math.abs(message.serverTimeMs - Date.now())).toBeLessThan(5_000);

        const version = await sendPause(first.harness, session, session.version, 'start-1');
        const change = JSON.parse((await reader.next()).data) as LiveMessage;
        expect(change.version).toBe(version);
        expect(change.session.state.status).toBe('running');
      },
    );

    it.for(STREAM_PATHS)(
      'reaches a panel on another instance through the store within a second (%s)',
      async (path) => {
        const circle = await first.harness.createCircle(PAIR);
        const session = await first.harness.startSession(circle, PAIR);
        const reader = await subscribe(session, 'demo-ben', undefined, path);
        await reader.next();
        const sentAtMs = Date.now();
        const version = await sendPause(second.harness, session, session.version, 'start-2');
        const change = JSON.parse((await reader.next(1_000)).data) as LiveMessage;
        expect(change.version).toBe(version);
        expect(Date.now() - sentAtMs).toBeLessThan(1_000);
      },
    );

    it.for(STREAM_PATHS)(
      'on reconnect with Last-Event-ID sends the current state only if it is newer (%s)',
      async (path) => {
        const circle = await first.harness.createCircle(PAIR);
        const session = await first.harness.startSession(circle, PAIR);
        const upToDate = await subscribe(session, 'demo-ben', session.version, path);
        await expect(upToDate.next(400)).rejects.toThrow(/no event/);

        const started = await sendPause(second.harness, session, session.version, 'start-3');
        const paused = await sendPause(second.harness, session, started, 'pause-3');
        expect(JSON.parse((await upToDate.next(1_000)).data)).toMatchObject({ version: paused });

        // A panel that last saw the first version gets the current one at once: nothing missed.
        const behind = await subscribe(session, 'demo-ben', session.version, path);
        const caughtUp = JSON.parse((await behind.next()).data) as LiveMessage;
        expect(caughtUp.version).toBe(paused);
        expect(caughtUp.session.state.status).toBe('paused');
      },
    );

    it('sends a newer version when marks land after the end, and the summary then has them', async () => {
      const circle = await first.harness.createCircle(TRIO);
      const session = await first.harness.startSession(circle, TRIO);
      const { version, roles } = await readRoles(first.harness, session);
      const coach = roles('coach');
      const started = await first.harness.request(coach, 'POST', `${session.url}/commands`, {
        commandId: 'start-late',
        expectedVersion: version,
        command: { type: 'start' },
      });
      expectStatus(started, 200);
      const startedAtMs = Date.now();
      const observer = roles('observer');
      const tap = (id: string, atMs: number, speaker: string | null) => ({
        kind: 'speech',
        id,
        atMs,
        source: 'observer',
        speaker,
      });
      const reader = await subscribe(session, roles('coachee'));
      await reader.next();
      const during = await first.harness.request(observer, 'POST', `${session.url}/marks`, {
        batchId: 'during',
        marks: [tap('d1', startedAtMs + 1, coach), tap('d2', startedAtMs + 2, null)],
      });
      expectStatus(during, 200);
      // A running session's batches never write the session: nothing to send.
      await expect(reader.next(300)).rejects.toThrow(/no event/);
      // The coach ends the session on the other instance; the observer's panel sees the end
      // and flushes what it still holds, also to the other instance, while this panel has
      // already read the summary.
      expectStatus(await second.harness.request(coach, 'POST', `${session.url}/end`), 200);
      const ended = JSON.parse((await reader.next(1_000)).data) as LiveMessage;
      expect(ended.session.state.status).toBe('ended');
      const readCoacheeTurns = async () => {
        const response = await first.harness.request(coach, 'GET', `${session.url}/summary`);
        expectStatus(response, 200);
        const { people } = response.json<{ summary: { people: SummaryPersonTurns[] } }>().summary;
        return people.find((person) => person.id === roles('coachee'))?.airtime?.turns;
      };
      expect(await readCoacheeTurns()).toBe(0);

      const late = await second.harness.request(observer, 'POST', `${session.url}/marks`, {
        batchId: 'last-flush',
        marks: [tap('l1', startedAtMs + 3, roles('coachee')), tap('l2', startedAtMs + 4, null)],
      });
      expect(late.json()).toEqual({ stored: 2, duplicates: 0, ignored: 0 });
      const moved = JSON.parse((await reader.next(1_000)).data) as LiveMessage;
      expect(moved.version).toBeGreaterThan(ended.version);
      expect(moved.session.state.status).toBe('ended');
      expect(await readCoacheeTurns()).toBe(1);
    });

    it('lets go of a subscriber that disconnects', async () => {
      const circle = await first.harness.createCircle(PAIR);
      const session = await first.harness.startSession(circle, PAIR);
      const before = first.harness.app.liveSync.countSubscribers();
      const reader = await subscribe(session, 'demo-ana');
      await reader.next();
      expect(first.harness.app.liveSync.countSubscribers()).toBe(before + 1);
      reader.close();
      await expect.poll(() => first.harness.app.liveSync.countSubscribers()).toBe(before);
    });

    it('refuses outsiders with 404 and unknown sessions with 404', async () => {
      const circle = await first.harness.createCircle(PAIR);
      const session = await first.harness.startSession(circle, PAIR);
      const outsider = await first.harness.request('demo-dee', 'GET', `${session.url}/stream`);
      expectStatus(outsider, 404);
      const unknown = await first.harness.request(
        'demo-ana',
        'GET',
        `/api/circles/${circle.circleId}/sessions/nope/stream`,
      );
      expectStatus(unknown, 404);
      expect(unknown.json<{ error: { code: string } }>().error.code).toBe('SESSION_NOT_FOUND');
      expectStatus(await first.harness.request(null, 'GET', `${session.url}/stream`), 401);
    });

    it('by session id: answers outsiders, other tenants and ids of no session the same 404', async () => {
      const circle = await first.harness.createCircle(PAIR);
      const session = await first.harness.startSession(circle, PAIR);
      const url = streamUrl(session, 'by session id');
      const deesCircle = await first.harness.createCircle(['demo-dee']);
      const deesSession = await first.harness.startSession(deesCircle, ['demo-dee']);
      const anasOtherCircle = await first.harness.createCircle(['demo-ana']);
      /** The session's id, pointing at another circle's partition. */
      const movedTo = (circleId: string) =>
        `/api/sessions/${session.sessionId.replace(circle.circleId, circleId)}/stream`;
      const notFound = [
        // Signed in, in the same tenant, but not in the circle.
        await first.harness.request('demo-dee', 'GET', url),
        // A Zoom user: another tenant.
        await first.harness.request({ zoomUid: 'zoom-outsider' }, 'GET', url),
        // A real session of a circle the caller is not in.
        await first.harness.request('demo-ana', 'GET', streamUrl(deesSession, 'by session id')),
        // Ids that name no session: made up, or moved to a circle the caller is or is not in.
        await first.harness.request('demo-ana', 'GET', '/api/sessions/nope/stream'),
        await first.harness.request('demo-ana', 'GET', movedTo(deesCircle.circleId)),
        await first.harness.request('demo-ana', 'GET', movedTo(anasOtherCircle.circleId)),
      ];
      const errors = notFound.map((response) => {
        expectStatus(response, 404);
        return response.json<{ error: { code: string; message: string } }>().error;
      });
      // Nothing tells a circle that exists from one that does not.
      expect(new Set(errors.map((error) => `${error.code}: ${error.message}`))).toEqual(
        new Set([`SESSION_NOT_FOUND: ${errors[0]?.message}`]),
      );
      expectStatus(await first.harness.request(null, 'GET', url), 401);
      const badToken = { authorization: 'Bearer not-a-token' };
      expectStatus(await first.harness.request(null, 'GET', url, undefined, badToken), 401);
    });
  });
}
