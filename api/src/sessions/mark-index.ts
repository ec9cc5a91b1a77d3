import type { Mark } from '@grow-together/core';
import type { DocumentStore } from '../store/port.js';
import { readMarkChunks } from './mark-chunks.js';

// Which mark ids a session has stored, and who stored each, kept in this instance's memory so a
// batch of marks is checked against the session's earlier marks without reading them all again.
// A session is read from the store once, the first time this instance sees it, and from then on
// the index follows the chunks this instance writes (and any it happens to read).
//
// With several instances, one may store a chunk another's index never hears of. That is safe,
// because the index only saves work and never decides what a session's marks are:
// - a mark id the index misses may be stored twice, and the read side drops the repeat (core's
//   foldMarks dedupes by id, and readSessionMarks keeps the first stored);
// - a batch sent again meets its own chunk id in the store, whatever the index knows;
// - an undo whose target the index does not know reads the session's chunks for that batch, so
//   "only one's own marks" is checked against the store.
// Sessions are evicted least recently used first, bounded both in sessions and in marks, so a
// long-lived instance holds only the sessions under way.

/** Who stored each mark id: the mark's author (`by`). */
export type MarkAuthors = ReadonlyMap<string, string>;

export interface MarkIndex {
  /** The session's stored marks as far as this instance knows: one scan the first time. */
  readMarkAuthors(circleId: string, sessionId: string): Promise<MarkAuthors>;
  /** Reads the session's chunks from the store again and adds what the index did not know. */
  refreshMarkAuthors(circleId: string, sessionId: string): Promise<MarkAuthors>;
  /** Adds marks known to be stored: a chunk this instance wrote, or one it read. */
  addStoredMarks(circleId: string, sessionId: string, marks: readonly Mark[]): void;
}

export interface MarkIndexOptions {
  /** Every stored mark of a session, in any order; the first for an id wins. */
  readonly readStoredMarks: (circleId: string, sessionId: string) => Promise<Iterable<Mark>>;
  readonly maxSessions?: number;
  readonly maxMarks?: number;
}

/** Sessions under way on one instance at once, with room to spare. */
export const MAX_INDEXED_SESSIONS = 1_000;
/**
 * About 45 MB at most (~90 bytes a mark id): a thousand sessions of 500 marks, where a 30-minute
 * session sends a few hundred. Beyond the bounds a session is read again when a batch next needs
 * it, so the worst case is the cost of scanning on every batch, never a wrong answer.
 */
export const MAX_INDEXED_MARKS = 500_000;

interface SessionEntry {
  readonly authors: Map<string, string>;
  /** Settles when the first scan has filled `authors`. */
  readonly loaded: Promise<void>;
}

export function createMarkIndex(options: MarkIndexOptions): MarkIndex {
  const maxSessions = options.maxSessions ?? MAX_INDEXED_SESSIONS;
  const maxMarks = options.maxMarks ?? MAX_INDEXED_MARKS;
  // A Map iterates in insertion order, so re-inserting on every use keeps the least recently
  // used session first.
  const entries = new Map<string, SessionEntry>();
  let indexedMarks = 0;

  const keyOf = (circleId: string, sessionId: string) => `${circleId}\u0000${sessionId}`;

  const addTo = (key: string, entry: SessionEntry, marks: Iterable<Mark>): void => {
    const sizeBefore = entry.authors.size;
    for (const mark of marks) if (!entry.authors.has(mark.id)) entry.authors.set(mark.id, mark.by);
    // An entry evicted while a request still held it no longer counts towards the bound.
    if (entries.get(key) === entry) indexedMarks += entry.authors.size - sizeBefore;
  };

  const evictBeyondBounds = (): void => {
    for (const [key, entry] of entries) {
      if (entries.size <= maxSessions && indexedMarks <= maxMarks) return;
      entries.delete(key);
      indexedMarks -= entry.authors.size;
    }
  };

  const touch = (key: string, entry: SessionEntry): void => {
    entries.delete(key);
    entries.set(key, entry);
  };

  const openEntry = (circleId: string, sessionId: string): SessionEntry => {
    const key = keyOf(circleId, sessionId);
    const known = entries.get(key);
    if (known !== undefined) {
      touch(key, known);
      return known;
    }
    const authors = new Map<string, string>();
    // Concurrent batches of a new session share the one scan.
    const loaded = options.readStoredMarks(circleId, sessionId).then(
      (marks) => {
        addTo(key, entry, marks);
        evictBeyondBounds();
      },
      (error: unknown) => {
        // Not kept: the next batch scans again rather than trusting an index that missed the store.
        if (entries.get(key) === entry) {
          entries.delete(key);
          indexedMarks -= entry.authors.size;
        }
        throw error;
      },
    );
    const entry: SessionEntry = { authors, loaded };
    entries.set(key, entry);
    evictBeyondBounds();
    return entry;
  };

  return {
    async readMarkAuthors(circleId, sessionId) {
      const entry = openEntry(circleId, sessionId);
      await entry.loaded;
      return entry.authors;
    },

    async refreshMarkAuthors(circleId, sessionId) {
      const entry = openEntry(circleId, sessionId);
      await entry.loaded;
      addTo(keyOf(circleId, sessionId), entry, await options.readStoredMarks(circleId, sessionId));
      evictBeyondBounds();
      return entry.authors;
    },

    addStoredMarks(circleId, sessionId, marks) {
      const key = keyOf(circleId, sessionId);
      const entry = entries.get(key);
      // A session not indexed yet is read in full when a batch first needs it.
      if (entry === undefined) return;
      addTo(key, entry, marks);
      touch(key, entry);
      evictBeyondBounds();
    },
  };
}

// One index per store handle, which is one per server instance: apps built on different stores
// (tests run both adapters in one process) never see each other's sessions.
const indexesByStore = new WeakMap<DocumentStore, MarkIndex>();

export function findMarkIndex(store: DocumentStore): MarkIndex {
  let index = indexesByStore.get(store);
  if (index === undefined) {
    index = createMarkIndex({
      readStoredMarks: async (circleId, sessionId) =>
        (await readMarkChunks(store, circleId, sessionId)).flatMap((chunk) => chunk.marks),
    });
    indexesByStore.set(store, index);
  }
  return index;
}
