import type { Mark } from '@grow-together/core';
import { describe, expect, it } from 'vitest';
import { createMarkIndex, type MarkIndexOptions } from './mark-index.js';

function tap(id: string, by: string): Mark {
  return { kind: 'speech', id, atMs: 0, by, source: 'observer', speaker: null };
}

/** A store stand-in: marks per `circle/session`, and which sessions were scanned, in order. */
function createFakeStore(stored: Record<string, Mark[]> = {}) {
  const scans: string[] = [];
  let failuresLeft = 0;
  const readStoredMarks: MarkIndexOptions['readStoredMarks'] = async (circleId, sessionId) => {
    const key = `${circleId}/${sessionId}`;
    scans.push(key);
    await Promise.resolve();
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      throw new Error('the store is down');
    }
    return [...(stored[key] ?? [])];
  };
  return {
    stored,
    scans,
    readStoredMarks,
    failNextScans(count: number) {
      failuresLeft = count;
    },
  };
}

describe('the mark index', () => {
  it('scans a session once, then answers from memory and the chunks it is told about', async () => {
    const store = createFakeStore({ 'c/s': [tap('m1', 'ana')] });
    const index = createMarkIndex({ readStoredMarks: store.readStoredMarks });

    expect([...(await index.readMarkAuthors('c', 's'))]).toEqual([['m1', 'ana']]);
    index.addStoredMarks('c', 's', [tap('m2', 'ana'), tap('m1', 'ben')]);
    const authors = await index.readMarkAuthors('c', 's');

    // The first stored author of an id wins, as on the read side.
    expect([...authors]).toEqual([
      ['m1', 'ana'],
      ['m2', 'ana'],
    ]);
    expect(store.scans).toEqual(['c/s']);
  });

  it('shares one scan between concurrent first batches of a session', async () => {
    const store = createFakeStore({ 'c/s': [tap('m1', 'ana')] });
    const index = createMarkIndex({ readStoredMarks: store.readStoredMarks });

    const [first, second] = await Promise.all([
      index.readMarkAuthors('c', 's'),
      index.readMarkAuthors('c', 's'),
    ]);

    expect(first.get('m1')).toBe('ana');
    expect(second).toBe(first);
    expect(store.scans).toEqual(['c/s']);
  });

  it('keeps marks written while the first scan is still running', async () => {
    const store = createFakeStore({ 'c/s': [tap('m1', 'ana')] });
    const index = createMarkIndex({ readStoredMarks: store.readStoredMarks });

    const reading = index.readMarkAuthors('c', 's');
    index.addStoredMarks('c', 's', [tap('m2', 'ben')]);

    expect([...(await reading).keys()].sort()).toEqual(['m1', 'm2']);
  });

  it('leaves sessions it has not scanned to their first batch', async () => {
    const store = createFakeStore({ 'c/s': [tap('m1', 'ana')] });
    const index = createMarkIndex({ readStoredMarks: store.readStoredMarks });

    index.addStoredMarks('c', 's', [tap('m2', 'ben')]);
    expect(store.scans).toEqual([]);

    expect([...(await index.readMarkAuthors('c', 's')).keys()]).toEqual(['m1']);
  });

  it('learns on a refresh what another instance stored', async () => {
    const store = createFakeStore({ 'c/s': [tap('m1', 'ana')] });
    const index = createMarkIndex({ readStoredMarks: store.readStoredMarks });
    await index.readMarkAuthors('c', 's');

    store.stored['c/s']?.push(tap('elsewhere', 'ben'));
    expect((await index.readMarkAuthors('c', 's')).has('elsewhere')).toBe(false);
    const refreshed = await index.refreshMarkAuthors('c', 's');

    expect(refreshed.get('elsewhere')).toBe('ben');
    expect(store.scans).toEqual(['c/s', 'c/s']);
  });

  it('keeps sessions apart, by circle as well as by session id', async () => {
    const store = createFakeStore({ 'c1/s': [tap('a', 'ana')], 'c2/s': [tap('b', 'ben')] });
    const index = createMarkIndex({ readStoredMarks: store.readStoredMarks });

    expect([...(await index.readMarkAuthors('c1', 's')).keys()]).toEqual(['a']);
    expect([...(await index.readMarkAuthors('c2', 's')).keys()]).toEqual(['b']);
  });

  it('forgets the least recently used session beyond its session bound', async () => {
    const store = createFakeStore();
    const index = createMarkIndex({ readStoredMarks: store.readStoredMarks, maxSessions: 2 });

    await index.readMarkAuthors('c', 'a');
    await index.readMarkAuthors('c', 'b');
    await index.readMarkAuthors('c', 'a');
    await index.readMarkAuthors('c', 'c');
    await index.readMarkAuthors('c', 'a');
    await index.readMarkAuthors('c', 'b');

    // b was the least recently used when c came in, so only b was read again.
    expect(store.scans).toEqual(['c/a', 'c/b', 'c/c', 'c/b']);
  });

  it('forgets the least recently used sessions beyond its mark bound', async () => {
    const store = createFakeStore({
      'c/a': [tap('a1', 'ana'), tap('a2', 'ana')],
      'c/b': [tap('b1', 'ben'), tap('b2', 'ben')],
    });
    const index = createMarkIndex({ readStoredMarks: store.readStoredMarks, maxMarks: 4 });

    await index.readMarkAuthors('c', 'a');
    await index.readMarkAuthors('c', 'b');
    index.addStoredMarks('c', 'b', [tap('b3', 'ben')]);
    await index.readMarkAuthors('c', 'b');
    await index.readMarkAuthors('c', 'a');

    expect(store.scans).toEqual(['c/a', 'c/b', 'c/a']);
  });

  it('does not keep a session whose scan failed, so the next batch reads it again', async () => {
    const store = createFakeStore({ 'c/s': [tap('m1', 'ana')] });
    const index = createMarkIndex({ readStoredMarks: store.readStoredMarks });
    store.failNextScans(1);

    await expect(index.readMarkAuthors('c', 's')).rejects.toThrow('the store is down');
    expect([...(await index.readMarkAuthors('c', 's')).keys()]).toEqual(['m1']);
    expect(store.scans).toEqual(['c/s', 'c/s']);
  });
});
