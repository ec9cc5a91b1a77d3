import { createSession, findBuiltInFramework, type Mark } from '@grow-together/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import type { Caller } from '../auth/caller.js';
import { isAppError } from '../errors.js';
import type { LiveSync } from '../live/live-sync.js';
import type { DocumentStore } from '../store/port.js';
import { createSqliteDocumentStore } from '../store/sqlite/sqlite-document-store.js';
import type { SessionDeps } from './deps.js';
import { readSessionMarks } from './mark-chunks.js';
import type { SessionDocument, SessionView } from './model.js';
import { recordMarks, type MarkBatch } from './record-marks.js';

// recordMarks on the embedded store, as seen from two server instances: each instance is its own
// store handle with its own mark index (as when two apps share one store), so one instance can
// miss what the other stored. The routes' tests (tests/api/marks.test.ts) cover both adapters.

const CIRCLE_ID = 'circle-1';
const SESSION_ID = 'session-1';
const NOW_MS = 1_700_000_000_000;

function callerFor(userId: string): Caller {
  return { tenantId: 'demo-tenant', userId, displayName: userId, source: 'dev' };
}
const COACH = callerFor('ana');
const OBSERVER = callerFor('cai');

function tap(id: string, speaker: string | null = 'ben'): MarkBatch['marks'][number] {
  return { kind: 'speech', id, atMs: 1_000, source: 'observer', speaker };
}

function undo(id: string, targetId: string): MarkBatch['marks'][number] {
  return { kind: 'undo', id, atMs: 2_000, targetId };
}

/** Another instance on the same store: the same documents, its own mark index. */
function openOtherInstance(store: DocumentStore): DocumentStore {
  return Object.create(store) as DocumentStore;
}

/**
 * Counts the store's point reads, ETag checks (what a current hot copy costs instead of a read)
 * and queries (what scanning a session costs).
 */
function countCalls(store: DocumentStore) {
  const counts = { read: 0, readEtag: 0, query: 0 };
  const counted = Object.create(store) as DocumentStore;
  const readEtag = store.readEtag?.bind(store);
  if (readEtag === undefined) throw new Error('the test store tells ETags');
  Object.defineProperties(counted, {
    readEtag: {
      value: (...args: Parameters<typeof readEtag>) => {
        counts.readEtag += 1;
        return readEtag(...args);
      },
    },
    read: {
      value: (...args: Parameters<DocumentStore['read']>) => {
        counts.read += 1;
        return store.read(...args);
      },
    },
    query: {
      value: (...args: Parameters<DocumentStore['query']>) => {
        counts.query += 1;
        return store.query(...args);
      },
    },
  });
  return { store: counted, counts };
}

/** What live sync was asked to publish: the versions, in order. */
function createDeps(store: DocumentStore, published: number[]): SessionDeps {
  const liveSync: LiveSync = {
    instanceId: 'test',
    subscribe: () => () => undefined,
    publish: async (session: SessionView) => void published.push(session.version),
    countSubscribers: () => 0,
    close: async () => undefined,
  };
  const log = { warn: () => undefined, error: () => undefined } as unknown as FastifyBaseLogger;
  return { store, liveSync, log, readNowMs: () => NOW_MS };
}

/** Saves the session as ended (the machine's end command, reduced to what marks look at). */
async function endSession(store: DocumentStore): Promise<void> {
  const session = await store.read<SessionDocument>('circles', CIRCLE_ID, SESSION_ID);
  if (session === null) throw new Error('the session is gone');
  const { _etag: etag, ...document } = session;
  await store.replace<SessionDocument>(
    'circles',
    { ...document, version: document.version + 1, state: { ...document.state, status: 'ended' } },
    etag,
  );
}

async function readVersion(store: DocumentStore): Promise<SessionDocument> {
  const session = await store.read<SessionDocument>('circles', CIRCLE_ID, SESSION_ID);
  if (session === null) throw new Error('the session is gone');
  return session;
}

async function expectForbidden(promise: Promise<unknown>): Promise<void> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(isAppError(error) ? error.code : error).toBe('FORBIDDEN');
}

describe('recordMarks', () => {
  let store: DocumentStore;

  beforeEach(async () => {
    store = createSqliteDocumentStore({ path: ':memory:', retentionDays: 30, purgeIntervalMs: 0 });
    const framework = findBuiltInFramework('weekly-micro-session');
    if (framework === undefined) throw new Error('the built-in framework is missing');
    // Only what membership looks at: the tenant and the members.
    await store.create('circles', {
      id: CIRCLE_ID,
      circleId: CIRCLE_ID,
      type: 'circle',
      tenantId: 'demo-tenant',
      members: Object.fromEntries(
        ['ana', 'ben', 'cai'].map((userId) => [userId, { userId, displayName: userId }]),
      ),
    });
    await store.create<SessionDocument>('circles', {
      id: SESSION_ID,
      circleId: CIRCLE_ID,
      type: 'session',
      version: 1,
      meetingId: 'meeting-1',
      occurredOn: '2024-06-11',
      createdAtMs: NOW_MS,
      updatedAtMs: NOW_MS,
      state: createSession({
        id: SESSION_ID,
        framework,
        participants: ['ana', 'ben', 'cai'].map((id) => ({ id, displayName: id })),
        roles: { ana: 'coach', ben: 'coachee', cai: 'observer' },
      }),
      recentCommandIds: [],
      transcript: null,
    });
  });

  afterEach(async () => {
    await store.close();
  });

  let published: number[] = [];
  beforeEach(() => {
    published = [];
  });

  const send = (on: DocumentStore, caller: Caller, batchId: string, marks: MarkBatch['marks']) =>
    recordMarks(
      createDeps(on, published),
      CIRCLE_ID,
      SESSION_ID,
      caller,
      { batchId, marks },
      NOW_MS,
    );

  it("reads the session's earlier marks once, not on every batch", async () => {
    const counted = countCalls(store);
    for (let batch = 0; batch < 5; batch += 1) {
      await send(counted.store, OBSERVER, `b${batch}`, [tap(`m${batch}.1`), tap(`m${batch}.2`)]);
    }
    // The first batch reads the circle and the session (and scans the session's marks once);
    // after that, a batch costs no read at all: the write itself checks that the copies it was
    // decided on are still current.
    expect(counted.counts).toEqual({ read: 2, readEtag: 2, query: 1 });

    const repeat = await send(counted.store, OBSERVER, 'again', [tap('m0.1'), tap('m4.2')]);
    expect(repeat).toEqual({ stored: 0, duplicates: 2, ignored: 0 });
    expect(counted.counts.query).toBe(1);
  });

  it('answers a batch sent again as stored, even once its sender may no longer record', async () => {
    const other = openOtherInstance(store);
    await send(other, OBSERVER, 'warm-up', [tap('w1')]);
    await send(store, OBSERVER, 'before-rotation', [tap('r1'), tap('r2', null)]);
    const session = await store.read<SessionDocument>('circles', CIRCLE_ID, SESSION_ID);
    if (session === null) throw new Error('the session is gone');
    const { _etag: etag, ...document } = session;
    // The roles rotate: the observer becomes the coachee.
    const participants = { ...document.state.participants };
    for (const [id, role] of [
      ['cai', 'coachee'],
      ['ben', 'observer'],
    ] as const) {
      const participant = participants[id];
      if (participant === undefined) throw new Error(`${id} is not in the session`);
      participants[id] = { ...participant, role };
    }
    await store.replace<SessionDocument>(
      'circles',
      { ...document, state: { ...document.state, participants } },
      etag,
    );

    expect(await send(other, OBSERVER, 'before-rotation', [tap('r1'), tap('r2', null)])).toEqual({
      stored: 0,
      duplicates: 2,
      ignored: 0,
    });
    await expectForbidden(send(store, OBSERVER, 'after-rotation', [tap('r3')]));
  });

  it('checks an undo against the store when another instance stored its target', async () => {
    const other = openOtherInstance(store);
    await send(other, OBSERVER, 'warm-up', [tap('w1')]);
    await send(store, OBSERVER, 'target', [tap('o1')]);

    await expectForbidden(send(other, COACH, 'undo-by-coach', [undo('u1', 'o1')]));
    expect(await send(other, OBSERVER, 'undo-by-observer', [undo('u2', 'o1')])).toEqual({
      stored: 1,
      duplicates: 0,
      ignored: 0,
    });
  });

  it('still lets through an undo whose target is not stored anywhere yet', async () => {
    expect(await send(store, COACH, 'early-undo', [undo('u1', 'later')])).toEqual({
      stored: 1,
      duplicates: 0,
      ignored: 0,
    });
  });

  it('learns from a batch sent again to another instance, which meets its own chunk', async () => {
    const other = openOtherInstance(store);
    await send(other, OBSERVER, 'warm-up', [tap('w1')]);
    await send(store, OBSERVER, 'flush-1', [tap('f1'), tap('f2')]);

    expect(await send(other, OBSERVER, 'flush-1', [tap('f1'), tap('f2')])).toEqual({
      stored: 0,
      duplicates: 2,
      ignored: 0,
    });
    expect(await send(other, OBSERVER, 'flush-2', [tap('f2'), tap('f3')])).toEqual({
      stored: 1,
      duplicates: 1,
      ignored: 0,
    });
  });

  it('may store a mark twice when instances miss each other, and the session keeps it once', async () => {
    const other = openOtherInstance(store);
    await send(other, OBSERVER, 'warm-up', [tap('w1')]);
    await send(store, OBSERVER, 'from-one', [tap('twice', 'ben')]);
    // The other instance's index has not seen that chunk: the stale index lets the repeat in.
    await send(other, OBSERVER, 'from-other', [tap('twice', null)]);

    const marks = await readSessionMarks(store, CIRCLE_ID, SESSION_ID);
    const repeated = marks.filter((mark: Mark) => mark.id === 'twice');
    expect(repeated).toHaveLength(1);
    expect(repeated[0]).toMatchObject({ speaker: 'ben' });
  });

  it('moves an ended session on for a batch stored after the end, and never a running one', async () => {
    await send(store, OBSERVER, 'running', [tap('a1')]);
    expect((await readVersion(store)).version).toBe(1);
    expect(published).toEqual([]);

    await endSession(store);
    expect(await send(store, OBSERVER, 'last-flush', [tap('a2'), tap('a3', null)])).toEqual({
      stored: 2,
      duplicates: 0,
      ignored: 0,
    });
    const ended = await readVersion(store);
    expect(ended).toMatchObject({ version: 3, marksAfterEnd: 1 });
    expect(published).toEqual([3]);

    // Nothing new stored, nothing to tell.
    await send(store, OBSERVER, 'only-repeats', [tap('a2')]);
    expect((await readVersion(store)).version).toBe(3);
    expect(published).toEqual([3]);
  });

  it('sees an end saved while the batch was being stored', async () => {
    await send(store, OBSERVER, 'warm-up', [tap('w1')]);
    // The end lands between the batch's read of the session and its chunk's write.
    const racing = Object.create(store) as DocumentStore;
    let hasEnded = false;
    const endFirst = async () => {
      if (!hasEnded) await endSession(store);
      hasEnded = true;
    };
    racing.create = async (container, document) => {
      await endFirst();
      return store.create(container, document);
    };
    racing.createIfUnchanged = async (container, document, unchanged) => {
      await endFirst();
      return store.createIfUnchanged?.(container, document, unchanged) as never;
    };
    await send(racing, OBSERVER, 'in-flight', [tap('i1')]);
    expect(await readVersion(store)).toMatchObject({ version: 3, marksAfterEnd: 1 });
    expect(published).toEqual([3]);
  });

  it('moves the session on when a late batch is sent again after the first notice failed', async () => {
    await send(store, OBSERVER, 'warm-up', [tap('w1')]);
    await endSession(store);
    // The chunk is stored, then saving the session fails (the store went away for a moment).
    const failing = Object.create(store) as DocumentStore;
    failing.replace = () => Promise.reject(new Error('the store is away'));
    await expect(send(failing, OBSERVER, 'late', [tap('l1')])).rejects.toThrow(/away/);
    expect(await readVersion(store)).toMatchObject({ version: 2 });

    expect(await send(store, OBSERVER, 'late', [tap('l1')])).toEqual({
      stored: 0,
      duplicates: 1,
      ignored: 0,
    });
    expect(await readVersion(store)).toMatchObject({ version: 3, marksAfterEnd: 1 });
    expect(published).toEqual([3]);
  });
});
