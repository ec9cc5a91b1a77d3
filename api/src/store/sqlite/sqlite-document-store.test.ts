// What the shared contract cannot see of the embedded store: its file, its purge, its locks, and
// paging over fields that some documents lack. The contract itself runs in tests/store/.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConflictError, PreconditionFailedError, StoreUnavailableError } from '../port.js';
import type { QueryOptions } from '../port.js';
import { createSqliteDocumentStore } from './sqlite-document-store.js';
import type { SqliteDocumentStore } from './sqlite-document-store.js';

const DAY_MS = 86_400_000;
const execFileAsync = promisify(execFile);
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function makeTempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sqlite-store-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function open(
  options: Partial<Parameters<typeof createSqliteDocumentStore>[0]> = {},
): SqliteDocumentStore {
  const store = createSqliteDocumentStore({
    path: ':memory:',
    retentionDays: 30,
    purgeIntervalMs: 0,
    ...options,
  });
  cleanups.push(() => store.close());
  return store;
}

describe('the embedded SQLite store', () => {
  it('runs in memory for fast tests', async () => {
    const store = open();
    expect(store.kind).toBe('sqlite');
    await store.create('circles', { id: 'c1', circleId: 'c1', name: 'Trio' });
    expect(await store.read('circles', 'c1', 'c1')).toMatchObject({ name: 'Trio' });
  });

  it('creates the folder of its file, writes through a WAL, and keeps data across reopening', async () => {
    const file = path.join(await makeTempDir(), 'a', 'b', 'store.db');
    const first = createSqliteDocumentStore({ path: file, retentionDays: 30, purgeIntervalMs: 0 });
    const created = await first.create('circles', { id: 'c1', circleId: 'c1', name: 'Trio' });
    expect(existsSync(`${file}-wal`)).toBe(true);
    await first.close();

    const second = open({ path: file });
    expect(await second.read('circles', 'c1', 'c1')).toEqual(created);
  });

  it('refuses a file written by a newer schema rather than guessing', async () => {
    const file = path.join(await makeTempDir(), 'store.db');
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => open({ path: file })).toThrow(/newer version/);
  });

  it('purges expired documents, which reads already hid', async () => {
    const file = path.join(await makeTempDir(), 'store.db');
    let nowMs = 1_000_000;
    const store = open({ path: file, now: () => nowMs, retentionDays: 1 });
    for (let n = 0; n < 3; n += 1) await store.create('circles', { id: `s${n}`, circleId: 'c1' });
    await store.create('circles', { id: 'kept', circleId: 'c1', ttl: -1 });
    await store.create('meetings', { id: 'm1', meetingKey: 'teams:1' });
    const countRows = () => {
      const db = new Database(file, { readonly: true });
      try {
        return (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    expect(await store.purgeExpired()).toBe(0);
    nowMs += DAY_MS + 1;
    expect((await store.query('circles', 'c1')).items.map((d) => d.id)).toEqual(['kept']);
    expect(countRows()).toBe(5);
    expect(await store.purgeExpired()).toBe(3);
    expect(countRows()).toBe(2);
  });

  it('purges on its own timer when given an interval', async () => {
    const file = path.join(await makeTempDir(), 'store.db');
    let nowMs = 0;
    const store = open({ path: file, now: () => nowMs, purgeIntervalMs: 10 });
    await store.create('meetings', { id: 'm1', meetingKey: 'teams:1', ttl: 1 });
    const db = new Database(file, { readonly: true });
    cleanups.push(async () => {
      db.close();
    });
    const countRows = () =>
      (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
    expect(countRows()).toBe(1);
    nowMs = 5_000;
    await vi.waitFor(() => expect(countRows()).toBe(0), { timeout: 2_000 });
  });

  it('answers StoreUnavailableError while another process holds the write lock, then recovers', async () => {
    const file = path.join(await makeTempDir(), 'store.db');
    const store = open({ path: file, busyTimeoutMs: 50 });
    const other = new Database(file);
    cleanups.push(async () => {
      other.close();
    });
    other.exec('BEGIN IMMEDIATE');
    const blocked = store.create('circles', { id: 'c1', circleId: 'c1' });
    await expect(blocked).rejects.toThrow(StoreUnavailableError);
    await expect(blocked).rejects.toHaveProperty('cause.code', 'SQLITE_BUSY');
    other.exec('COMMIT');
    await expect(store.create('circles', { id: 'c1', circleId: 'c1' })).resolves.toBeTruthy();
  });

  it('commits writes that arrive together in one transaction, and answers each once it is on disk', async () => {
    const file = path.join(await makeTempDir(), 'store.db');
    const store = open({ path: file });
    const ids = Array.from({ length: 50 }, (_, n) => `d${n}`);
    const written = await Promise.all(
      ids.map((id) => store.create('circles', { id, circleId: 'c1', padding: 'x'.repeat(500) })),
    );
    expect(written.map((document) => document.id)).toEqual(ids);
    // Fifty writes in the same turn of the event loop: one transaction, one fsync, or very few.
    expect(store.readWriteStats().writes).toBe(50);
    expect(store.readWriteStats().transactions).toBeLessThanOrEqual(3);
    // Answered means committed: another connection sees every one of them.
    const other = new Database(file, { readonly: true });
    cleanups.push(async () => {
      other.close();
    });
    expect(other.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(50);
  });

  it('fails a write alone when it fails in a group, and commits the others', async () => {
    const store = open({ path: path.join(await makeTempDir(), 'store.db') });
    const first = await store.create('circles', { id: 'taken', circleId: 'c1', n: 0 });
    const outcomes = await Promise.allSettled([
      store.create('circles', { id: 'a', circleId: 'c1' }),
      store.create('circles', { id: 'taken', circleId: 'c1', n: 1 }),
      store.replace('circles', { id: 'taken', circleId: 'c1', n: 2 }, '"stale"'),
      store.replace('circles', { id: 'taken', circleId: 'c1', n: 3 }, first._etag),
      store.upsert('circles', { id: 'b', circleId: 'c1' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(outcomes[1]).toMatchObject({ reason: { name: 'ConflictError' } });
    expect(outcomes[2]).toMatchObject({ reason: { name: 'PreconditionFailedError' } });
    expect(await store.read('circles', 'c1', 'taken')).toMatchObject({ n: 3 });
    expect((await store.query('circles', 'c1')).items.map((d) => d.id)).toEqual([
      'a',
      'b',
      'taken',
    ]);
  });

  it("tells a document's ETag without reading it, and null once it is gone or expired", async () => {
    let nowMs = 1_000_000;
    const store = open({ path: path.join(await makeTempDir(), 'store.db'), now: () => nowMs });
    const created = await store.create('circles', { id: 'c1', circleId: 'c1', ttl: 10 });
    expect(await store.readEtag('circles', 'c1', 'c1')).toBe(created._etag);
    const replaced = await store.replace('circles', { id: 'c1', circleId: 'c1' }, created._etag);
    expect(await store.readEtag('circles', 'c1', 'c1')).toBe(replaced._etag);
    expect(replaced._etag).not.toBe(created._etag);
    expect(await store.readEtag('circles', 'c1', 'nope')).toBeNull();
    await store.upsert('circles', { id: 'brief', circleId: 'c1', ttl: 1 });
    nowMs += 1_000;
    expect(await store.readEtag('circles', 'c1', 'brief')).toBeNull();
  });

  it.for(['file', 'memory'] as const)(
    'creates only while the documents listed are unchanged, checked as it commits (%s)',
    async (where) => {
      let nowMs = 1_000_000;
      const file = where === 'file' ? path.join(await makeTempDir(), 'store.db') : ':memory:';
      const store = open({ path: file, now: () => nowMs });
      const session = await store.create('circles', { id: 's1', circleId: 'c1', v: 1 });
      const circle = await store.create('circles', { id: 'c1', circleId: 'c1' });
      const brief = await store.create('circles', { id: 'brief', circleId: 'c1', ttl: 1 });
      const current = [
        { id: 's1', etag: session._etag },
        { id: 'c1', etag: circle._etag },
      ];
      const chunk = (id: string) => ({ id, circleId: 'c1', type: 'marks' });

      expect(await store.createIfUnchanged('circles', chunk('k1'), current)).toMatchObject({
        id: 'k1',
      });
      // The id exists: a conflict, as for create.
      await expect(store.createIfUnchanged('circles', chunk('k1'), current)).rejects.toThrow(
        ConflictError,
      );
      // Written together, so in one transaction: the replace lands before the guarded create.
      const [moved, refused] = await Promise.allSettled([
        store.replace('circles', { id: 's1', circleId: 'c1', v: 2 }, session._etag),
        store.createIfUnchanged('circles', chunk('k2'), current),
      ]);
      expect(moved.status).toBe('fulfilled');
      expect(refused).toMatchObject({
        status: 'rejected',
        reason: { name: 'PreconditionFailedError' },
      });
      // Gone or expired is not unchanged either.
      nowMs += 1_000;
      const expired = [{ id: 'brief', etag: brief._etag }];
      await expect(store.createIfUnchanged('circles', chunk('k3'), expired)).rejects.toThrow(
        PreconditionFailedError,
      );
      expect(await store.read('circles', 'c1', 'k2')).toBeNull();
      expect(await store.read('circles', 'c1', 'k3')).toBeNull();
    },
  );

  it('closes in a process with nothing else to do (its threads do not let the process end first)', async () => {
    const dir = await makeTempDir();
    const script = path.join(dir, 'close.mts');
    const storeModule = new URL('./sqlite-document-store.ts', import.meta.url).href;
    await writeFile(
      script,
      `import { createSqliteDocumentStore } from ${JSON.stringify(storeModule)};
      const store = createSqliteDocumentStore({ path: process.argv[2], retentionDays: 30, purgeIntervalMs: 0 });
      await store.create('circles', { id: 'c1', circleId: 'c1' });
      await store.close();
      console.log('closed');`,
    );
    const { stdout } = await execFileAsync(
      process.execPath,
      ['--import', 'tsx', script, path.join(dir, 'store.db')],
      { timeout: 30_000 },
    );
    expect(stdout.trim()).toBe('closed');
  });

  it('answers StoreUnavailableError once closed', async () => {
    const store = open();
    await store.close();
    await expect(store.read('circles', 'c1', 'c1')).rejects.toThrow(StoreUnavailableError);
    await expect(store.checkHealth()).rejects.toThrow(StoreUnavailableError);
  });

  it('pages exactly once through documents that lack the sort field or hold null', async () => {
    const store = open();
    const ranks = [3, null, 1, undefined, 2, null, undefined, 3, 1];
    for (const [n, rank] of ranks.entries()) {
      await store.create('circles', {
        id: `d${n}`,
        circleId: 'c1',
        ...(rank === undefined ? {} : { rank }),
      });
    }
    for (const descending of [false, true]) {
      const seen: string[] = [];
      let continuation: string | null = null;
      do {
        const options: QueryOptions = { orderBy: 'rank', descending, limit: 2, continuation };
        const page = await store.query<{ rank?: number | null }>('circles', 'c1', options);
        seen.push(...page.items.map((d) => d.id));
        continuation = page.continuation;
      } while (continuation !== null);
      const whole = await store.query('circles', 'c1', { orderBy: 'rank', descending });
      expect(seen).toEqual(whole.items.map((d) => d.id));
      expect([...seen].sort()).toEqual(ranks.map((_, n) => `d${n}`).sort());
    }
  });
});
