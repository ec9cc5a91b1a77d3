// The one contract both store adapters keep (issue 4): every test here runs against SQLite and
// against Cosmos DB (the protocol server on loopback), from tests/store/document-store.contract.test.ts.
// Time to live is the one part the Cosmos protocol server does not enforce, so an adapter proves
// it either by behaviour under a clock it lets the test move, or by its container definitions.
// createIfUnchanged is optional in the port: its rules bind a store that says it offers it, and
// the suite checks that each store offers it exactly when it says so.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import { SECONDS_PER_DAY } from './containers.js';
import type { ContainerName } from './containers.js';
import { ConflictError, PreconditionFailedError } from './port.js';
import type { DocumentStore, Filter, Page, QueryOptions, StoredDocument } from './port.js';

export interface ContractHarness {
  readonly store: DocumentStore;
  /** Moves the store's clock forward: for stores that expire documents themselves. */
  advanceClock?(ms: number): void;
  /** The container's default time to live as the store defines it (Cosmos's `defaultTtl`). */
  readDefaultTtlSeconds?(container: ContainerName): Promise<number | null | undefined>;
  cleanup(): Promise<void>;
}

export type MakeContractStore = (options: { retentionDays: number }) => Promise<ContractHarness>;

export interface ContractOptions {
  /**
   * Whether the store offers createIfUnchanged (checked by the suite). Its rules are then part of
   * the contract; a store without it leaves callers to read the documents first.
   */
  readonly createsIfUnchanged: boolean;
}

const RETENTION_DAYS = 7;
const DAY_MS = SECONDS_PER_DAY * 1_000;

interface CircleDoc {
  readonly id: string;
  readonly circleId: string;
  readonly kind?: string;
  readonly rank?: number;
  readonly title?: string;
  readonly isOpen?: boolean;
  readonly note?: string | null;
  readonly ttl?: number;
  readonly [field: string]: unknown;
}

export function describeDocumentStoreContract(
  name: string,
  makeStore: MakeContractStore,
  { createsIfUnchanged }: ContractOptions,
): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let harness: ContractHarness;
    let store: DocumentStore;

    beforeEach(async () => {
      harness = await makeStore({ retentionDays: RETENTION_DAYS });
      store = harness.store;
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    const circle = (id: string, fields: Partial<CircleDoc> = {}): CircleDoc => ({
      id,
      circleId: 'circle-a',
      ...fields,
    });
    const readCircle = (id: string, circleId = 'circle-a') =>
      store.read<CircleDoc>('circles', circleId, id);
    const queryAll = async (partitionKey: string, options: QueryOptions = {}) => {
      const items: StoredDocument<CircleDoc>[] = [];
      let continuation: string | null = null;
      let pages = 0;
      do {
        const page: Page<CircleDoc> = await store.query<CircleDoc>('circles', partitionKey, {
          ...options,
          continuation,
        });
        items.push(...page.items);
        continuation = page.continuation;
        pages += 1;
        expect(pages).toBeLessThan(100);
      } while (continuation !== null);
      return { items, pages };
    };

    describe('point operations', () => {
      it('creates a document and reads it back with an ETag', async () => {
        const created = await store.create('circles', circle('s1', { title: 'Tuesday trio' }));
        expect(created).toMatchObject({ id: 's1', circleId: 'circle-a', title: 'Tuesday trio' });
        expect(typeof created._etag).toBe('string');
        expect(created._etag).not.toBe('');
        expect(await readCircle('s1')).toEqual(created);
      });

      it('reads a missing document as null', async () => {
        expect(await readCircle('nobody')).toBeNull();
        await store.create('circles', circle('s1'));
        expect(await readCircle('s1', 'circle-b')).toBeNull();
      });

      it('refuses to create an id that exists in the partition and keeps the first', async () => {
        await store.create('circles', circle('s1', { title: 'first' }));
        await expect(store.create('circles', circle('s1', { title: 'second' }))).rejects.toThrow(
          ConflictError,
        );
        expect((await readCircle('s1'))?.title).toBe('first');
      });

      it('replaces a document when the ETag matches', async () => {
        const created = await store.create('circles', circle('s1', { title: 'before' }));
        const replaced = await store.replace(
          'circles',
          circle('s1', { title: 'after' }),
          created._etag,
        );
        expect(replaced.title).toBe('after');
        expect(replaced._etag).not.toBe(created._etag);
        expect(await readCircle('s1')).toEqual(replaced);
      });

      it('refuses a replace with a stale ETag and leaves the document unchanged', async () => {
        const created = await store.create('circles', circle('s1', { title: 'v1' }));
        const current = await store.replace(
          'circles',
          circle('s1', { title: 'v2' }),
          created._etag,
        );
        await expect(
          store.replace('circles', circle('s1', { title: 'v3' }), created._etag),
        ).rejects.toThrow(PreconditionFailedError);
        expect(await readCircle('s1')).toEqual(current);
      });

      it('refuses a replace of a document that does not exist', async () => {
        const created = await store.create('circles', circle('s1'));
        await expect(store.replace('circles', circle('s2'), created._etag)).rejects.toThrow(
          PreconditionFailedError,
        );
        expect(await readCircle('s2')).toBeNull();
      });

      it('upserts: creates when absent, overwrites when present', async () => {
        const first = await store.upsert('circles', circle('s1', { title: 'one' }));
        const second = await store.upsert('circles', circle('s1', { title: 'two' }));
        expect(second.title).toBe('two');
        expect(second._etag).not.toBe(first._etag);
        expect(await readCircle('s1')).toEqual(second);
      });

      it('deletes: true when something was deleted, false after', async () => {
        await store.create('circles', circle('s1'));
        expect(await store.delete('circles', 'circle-a', 's1')).toBe(true);
        expect(await readCircle('s1')).toBeNull();
        expect(await store.delete('circles', 'circle-a', 's1')).toBe(false);
      });

      it('gives every write a fresh ETag', async () => {
        const etags = new Set<string>();
        let current = await store.create('circles', circle('s1', { rank: 0 }));
        etags.add(current._etag);
        for (let rank = 1; rank <= 3; rank += 1) {
          current = await store.replace('circles', circle('s1', { rank }), current._etag);
          etags.add(current._etag);
        }
        for (let rank = 4; rank <= 6; rank += 1) {
          etags.add((await store.upsert('circles', circle('s1', { rank })))._etag);
        }
        expect(etags.size).toBe(7);
      });

      it('lets exactly one of five concurrent replaces with the same ETag win', async () => {
        const created = await store.create('circles', circle('s1', { title: 'start' }));
        const results = await Promise.allSettled(
          [1, 2, 3, 4, 5].map((n) =>
            store.replace('circles', circle('s1', { title: `writer ${n}` }), created._etag),
          ),
        );
        const winners = results.filter((r) => r.status === 'fulfilled');
        const losers = results.filter((r) => r.status === 'rejected');
        expect(winners).toHaveLength(1);
        for (const loser of losers) expect(loser.reason).toBeInstanceOf(PreconditionFailedError);
        expect(await readCircle('s1')).toEqual(winners[0]?.value);
      });

      it('stores what it is given, not the ETag or system fields a caller passes back', async () => {
        const created = await store.create('circles', circle('s1', { title: 'x' }));
        const echoed = { ...created, _etag: '"forged"', _ts: 1, _rid: 'r', _self: 's' };
        const upserted = await store.upsert('circles', echoed);
        expect(upserted._etag).not.toBe('"forged"');
        const read = await readCircle('s1');
        expect(Object.keys(read ?? {}).sort()).toEqual(['_etag', 'circleId', 'id', 'title']);
        expect(read?._etag).toBe(upserted._etag);
      });

      it('round-trips unicode and keys like __proto__ and constructor as plain data', async () => {
        const body = JSON.parse(
          '{"id":"s1","circleId":"circle-a","title":"Ünïcödé 🌱 — 日本語 \\u0000 end",' +
            '"__proto__":{"isPolluted":true},"constructor":{"prototype":{"isPolluted":true}},' +
            '"nested":{"__proto__":[1,2],"emoji":"👩🏽‍🏫"}}',
        ) as CircleDoc;
        await store.create('circles', body);
        const read = await readCircle('s1');
        expect(read).not.toBeNull();
        const { _etag, ...rest } = read ?? { _etag: '' };
        expect(typeof _etag).toBe('string');
        expect(JSON.stringify(rest)).toBe(JSON.stringify(body));
        expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
        expect(Object.hasOwn(read ?? {}, '__proto__')).toBe(true);
        expect(({} as Record<string, unknown>)['isPolluted']).toBeUndefined();
      });

      it('refuses ids Cosmos refuses, and documents without their partition key', async () => {
        for (const id of ['', 'a/b', 'a\\b', 'a?b', 'a#b', 'x'.repeat(256)]) {
          await expect(store.create('circles', circle(id))).rejects.toThrow(TypeError);
        }
        const homeless = { id: 's1', title: 'no circle' } as unknown as CircleDoc;
        await expect(store.upsert('circles', homeless)).rejects.toThrow(TypeError);
        await expect(store.create('circles', circle('s1', { ttl: 0 }))).rejects.toThrow(TypeError);
      });

      it('keeps containers apart', async () => {
        await store.create('circles', circle('same'));
        expect(await store.read('people', 'circle-a', 'same')).toBeNull();
        await store.create('people', { id: 'same', personId: 'circle-a', name: 'Ada' });
        expect((await readCircle('same'))?.['name']).toBeUndefined();
      });

      it('reports itself healthy', async () => {
        await expect(store.checkHealth()).resolves.toBeUndefined();
      });
    });

    describe('conditional creates', () => {
      it(`${createsIfUnchanged ? 'offers' : 'does not offer'} createIfUnchanged`, () => {
        expect(typeof store.createIfUnchanged).toBe(createsIfUnchanged ? 'function' : 'undefined');
      });

      if (createsIfUnchanged) {
        const createIfUnchanged = (
          document: CircleDoc,
          unchanged: readonly { id: string; etag: string }[],
        ) => {
          if (store.createIfUnchanged === undefined) throw new Error('no createIfUnchanged');
          return store.createIfUnchanged<CircleDoc>('circles', document, unchanged);
        };

        it('creates while every listed document still has the ETag given', async () => {
          const first = await store.create('circles', circle('first'));
          const second = await store.create('circles', circle('second'));
          const created = await createIfUnchanged(circle('new', { rank: 1 }), [
            { id: 'first', etag: first._etag },
            { id: 'second', etag: second._etag },
          ]);
          expect(created).toMatchObject({ id: 'new', rank: 1 });
          expect(await readCircle('new')).toMatchObject({ rank: 1, _etag: created._etag });
        });

        it('refuses, creating nothing, when a listed document changed or is gone', async () => {
          const first = await store.create('circles', circle('first'));
          const second = await store.create('circles', circle('second'));
          await store.replace('circles', circle('first', { rank: 2 }), first._etag);
          await expect(
            createIfUnchanged(circle('after-change'), [
              { id: 'first', etag: first._etag },
              { id: 'second', etag: second._etag },
            ]),
          ).rejects.toBeInstanceOf(PreconditionFailedError);
          await store.delete('circles', 'circle-a', 'second');
          await expect(
            createIfUnchanged(circle('after-delete'), [{ id: 'second', etag: second._etag }]),
          ).rejects.toBeInstanceOf(PreconditionFailedError);
          expect(await readCircle('after-change')).toBeNull();
          expect(await readCircle('after-delete')).toBeNull();
        });

        it("checks the listed documents in the new document's partition only", async () => {
          const elsewhere = await store.create(
            'circles',
            circle('listed', { circleId: 'circle-b' }),
          );
          await expect(
            createIfUnchanged(circle('new'), [{ id: 'listed', etag: elsewhere._etag }]),
          ).rejects.toBeInstanceOf(PreconditionFailedError);
          expect(await readCircle('new')).toBeNull();
        });

        it('refuses an id that exists, and keeps the first', async () => {
          const listed = await store.create('circles', circle('listed'));
          await store.create('circles', circle('taken', { rank: 1 }));
          await expect(
            createIfUnchanged(circle('taken', { rank: 2 }), [{ id: 'listed', etag: listed._etag }]),
          ).rejects.toBeInstanceOf(ConflictError);
          expect(await readCircle('taken')).toMatchObject({ rank: 1 });
        });

        it('lets one of two creates of the same id win while the listed documents stand', async () => {
          const listed = await store.create('circles', circle('listed'));
          const attempts = await Promise.allSettled(
            [1, 2].map((rank) =>
              createIfUnchanged(circle('raced', { rank }), [{ id: 'listed', etag: listed._etag }]),
            ),
          );
          expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
          const refused = attempts.find((attempt) => attempt.status === 'rejected');
          expect(refused?.reason).toBeInstanceOf(ConflictError);
        });
      }
    });

    describe('partitions', () => {
      it('keeps the same id in two partitions apart', async () => {
        await store.create('circles', circle('s1', { title: 'in a' }));
        await store.create('circles', circle('s1', { circleId: 'circle-b', title: 'in b' }));
        expect((await readCircle('s1'))?.title).toBe('in a');
        expect((await readCircle('s1', 'circle-b'))?.title).toBe('in b');
        expect(await store.delete('circles', 'circle-a', 's1')).toBe(true);
        expect((await readCircle('s1', 'circle-b'))?.title).toBe('in b');
      });

      it("never returns another partition's documents from a query", async () => {
        for (let n = 0; n < 4; n += 1) {
          await store.create('circles', circle(`a${n}`, { kind: 'session' }));
          await store.create('circles', circle(`b${n}`, { circleId: 'circle-b', kind: 'session' }));
        }
        const inA = await queryAll('circle-a', { where: { kind: 'session' }, limit: 3 });
        expect(inA.items.map((d) => d.id)).toEqual(['a0', 'a1', 'a2', 'a3']);
        expect(inA.items.every((d) => d.circleId === 'circle-a')).toBe(true);
        const byOtherKey = await store.query<CircleDoc>('circles', 'circle-a', {
          where: { circleId: 'circle-b' },
        });
        expect(byOtherKey.items).toEqual([]);
      });
    });

    describe('queries', () => {
      const seed = async () => {
        const docs: CircleDoc[] = [
          circle('m1', { kind: 'mark', rank: 3, isOpen: true, note: 'x' }),
          circle('m2', { kind: 'mark', rank: 1, isOpen: false, note: null }),
          circle('m3', { kind: 'mark', rank: 2, isOpen: true }),
          circle('s1', { kind: 'session', rank: 5, isOpen: true, title: '5' }),
          circle('s2', { kind: 'session', rank: 4, title: 'Tuesday' }),
        ];
        for (const doc of docs) await store.create('circles', doc);
      };
      const ids = (page: { items: readonly { id: string }[] }) => page.items.map((d) => d.id);

      it('returns the whole partition ordered by id by default', async () => {
        await seed();
        const page = await store.query<CircleDoc>('circles', 'circle-a');
        expect(ids(page)).toEqual(['m1', 'm2', 'm3', 's1', 's2']);
        expect(page.continuation).toBeNull();
        expect(page.items[0]?._etag).toBe((await readCircle('m1'))?._etag);
      });

      it('filters by equality on strings, numbers, booleans and null, all ANDed', async () => {
        await seed();
        const query = (where: Filter) =>
          store.query<CircleDoc>('circles', 'circle-a', { where }).then(ids);
        expect(await query({ kind: 'mark' })).toEqual(['m1', 'm2', 'm3']);
        expect(await query({ rank: 4 })).toEqual(['s2']);
        expect(await query({ kind: 'mark', isOpen: true })).toEqual(['m1', 'm3']);
        expect(await query({ note: null })).toEqual(['m2']);
        expect(await query({ kind: 'nothing' })).toEqual([]);
      });

      it('keeps JSON types apart in filters', async () => {
        await seed();
        const query = (where: Filter) =>
          store.query<CircleDoc>('circles', 'circle-a', { where }).then(ids);
        expect(await query({ title: 5 })).toEqual([]);
        expect(await query({ title: '5' })).toEqual(['s1']);
        expect(await query({ isOpen: 1 })).toEqual([]);
        expect(await query({ rank: '3' })).toEqual([]);
      });

      it('orders by a field, ascending or descending', async () => {
        await seed();
        const ascending = await store.query<CircleDoc>('circles', 'circle-a', { orderBy: 'rank' });
        expect(ascending.items.map((d) => d.rank)).toEqual([1, 2, 3, 4, 5]);
        const descending = await store.query<CircleDoc>('circles', 'circle-a', {
          where: { kind: 'mark' },
          orderBy: 'rank',
          descending: true,
        });
        expect(ids(descending)).toEqual(['m1', 'm3', 'm2']);
      });

      it('limits a page and continues through every document exactly once', async () => {
        const ranks = [7, 3, 9, 1, 12, 5, 8, 2, 11, 4, 6, 10, 0, 13, 14, 15, 16, 17, 18, 19, 20];
        for (const [n, rank] of ranks.entries()) {
          await store.create('circles', circle(`d${String(n).padStart(2, '0')}`, { rank }));
        }
        const first = await store.query<CircleDoc>('circles', 'circle-a', { limit: 5 });
        expect(first.items).toHaveLength(5);
        expect(first.continuation).not.toBeNull();

        const byId = await queryAll('circle-a', { limit: 5 });
        expect(byId.items.map((d) => d.id)).toEqual(
          ranks.map((_, n) => `d${String(n).padStart(2, '0')}`),
        );
        expect(byId.pages).toBeGreaterThanOrEqual(5);

        const byRank = await queryAll('circle-a', { orderBy: 'rank', descending: true, limit: 4 });
        expect(byRank.items.map((d) => d.rank)).toEqual([...ranks].sort((a, b) => b - a));
        expect(new Set(byRank.items.map((d) => d.id)).size).toBe(ranks.length);
      });

      it('pages through a filtered query', async () => {
        for (let n = 0; n < 12; n += 1) {
          await store.create(
            'circles',
            circle(`d${String(n).padStart(2, '0')}`, { kind: n % 3 === 0 ? 'x' : 'y', rank: n }),
          );
        }
        const { items } = await queryAll('circle-a', {
          where: { kind: 'y' },
          orderBy: 'rank',
          limit: 3,
        });
        expect(items.map((d) => d.rank)).toEqual([1, 2, 4, 5, 7, 8, 10, 11]);
      });

      it('refuses a continuation token from another query or made up', async () => {
        for (let n = 0; n < 4; n += 1) await store.create('circles', circle(`d${n}`, { rank: n }));
        const page = await store.query<CircleDoc>('circles', 'circle-a', { limit: 2 });
        expect(page.continuation).not.toBeNull();
        const isRefused = (error: unknown) =>
          isAppError(error) && error.code === 'VALIDATION_FAILED';
        const replays: QueryOptions[] = [
          { limit: 2, orderBy: 'rank' },
          { limit: 2, where: { kind: 'x' } },
          { limit: 2, descending: true },
        ];
        for (const options of replays) {
          await expect(
            store.query('circles', 'circle-a', { ...options, continuation: page.continuation }),
          ).rejects.toSatisfy(isRefused);
        }
        await expect(
          store.query('circles', 'circle-b', { limit: 2, continuation: page.continuation }),
        ).rejects.toSatisfy(isRefused);
        await expect(
          store.query('circles', 'circle-a', { limit: 2, continuation: 'bm90IGEgdG9rZW4' }),
        ).rejects.toSatisfy(isRefused);
      });

      it('refuses field names that are not plain top-level identifiers', async () => {
        const attempts: QueryOptions[] = [
          { where: { "x') OR 1=1 --": 'y' } },
          { where: { 'a.b': 1 } },
          { orderBy: 'rank DESC; DROP TABLE documents' },
          { orderBy: '_ts' },
        ];
        for (const options of attempts) {
          await expect(store.query('circles', 'circle-a', options)).rejects.toThrow(TypeError);
        }
      });
    });

    describe('time to live', () => {
      it('can be checked on this store, by behaviour or by definition', () => {
        expect(harness.advanceClock ?? harness.readDefaultTtlSeconds).toBeTypeOf('function');
      });

      it('expires a document after its own ttl, and a write starts it again', async () => {
        const advance = harness.advanceClock;
        if (advance === undefined) {
          expect(await harness.readDefaultTtlSeconds?.('meetings')).toBe(-1);
          return;
        }
        await store.create('meetings', { id: 'k1', meetingKey: 'teams:1', ttl: 60 });
        advance(59_000);
        const live = await store.read<{ ttl: number }>('meetings', 'teams:1', 'k1');
        expect(live).not.toBeNull();
        await store.replace(
          'meetings',
          { id: 'k1', meetingKey: 'teams:1', ttl: 60 },
          live?._etag ?? '',
        );
        advance(59_000);
        expect(await store.read('meetings', 'teams:1', 'k1')).not.toBeNull();
        advance(2_000);
        expect(await store.read('meetings', 'teams:1', 'k1')).toBeNull();
        expect((await store.query('meetings', 'teams:1')).items).toEqual([]);
        expect(await store.delete('meetings', 'teams:1', 'k1')).toBe(false);
        await expect(
          store.create('meetings', { id: 'k1', meetingKey: 'teams:1', note: 'again' }),
        ).resolves.toMatchObject({ note: 'again' });
      });

      it('applies the retention to session data, not to containers kept forever', async () => {
        const advance = harness.advanceClock;
        if (advance === undefined) {
          const retentionSeconds = RETENTION_DAYS * SECONDS_PER_DAY;
          expect(await harness.readDefaultTtlSeconds?.('circles')).toBe(retentionSeconds);
          expect(await harness.readDefaultTtlSeconds?.('people')).toBe(retentionSeconds);
          expect(await harness.readDefaultTtlSeconds?.('changes')).toBe(-1);
          return;
        }
        await store.create('circles', circle('s1'));
        await store.create('circles', circle('kept', { ttl: -1 }));
        await store.create('meetings', { id: 'k1', meetingKey: 'teams:1' });
        advance(RETENTION_DAYS * DAY_MS - 1_000);
        expect(await readCircle('s1')).not.toBeNull();
        advance(2_000);
        expect(await readCircle('s1')).toBeNull();
        expect(ids(await store.query<CircleDoc>('circles', 'circle-a'))).toEqual(['kept']);
        advance(10 * 365 * DAY_MS);
        expect(await readCircle('kept')).not.toBeNull();
        expect(await store.read('meetings', 'teams:1', 'k1')).not.toBeNull();
      });

      it('keeps session data forever when the retention is 0 days', async () => {
        const forever = await makeStore({ retentionDays: 0 });
        try {
          const advance = forever.advanceClock;
          if (advance === undefined) {
            expect(await forever.readDefaultTtlSeconds?.('circles')).toBe(-1);
            return;
          }
          await forever.store.create('circles', circle('s1'));
          advance(10 * 365 * DAY_MS);
          expect(await forever.store.read('circles', 'circle-a', 's1')).not.toBeNull();
        } finally {
          await forever.cleanup();
        }
      });

      const ids = (page: { items: readonly { id: string }[] }) => page.items.map((d) => d.id);
    });
  });
}
