import {
  canRecordMark,
  findParticipant,
  isTrackable,
  type Mark,
  type SessionState,
} from '@grow-together/core';
import type { Caller } from '../auth/caller.js';
import { appError } from '../errors.js';
import { ConflictError, type DocumentStore } from '../store/port.js';
import { formatMarkChunkId, type MarkChunkDocument } from './model.js';
import { readMarkChunks } from './mark-chunks.js';
import type { MarkInput } from './schemas.js';
import { readSession } from './session-store.js';

export interface MarkBatch {
  readonly batchId: string;
  readonly marks: readonly MarkInput[];
}

export interface MarkBatchOutcome {
  readonly stored: number;
  readonly duplicates: number;
  readonly ignored: number;
}

/**
 * Stores a panel's batch of marks as one chunk document, acknowledged only once it is written. A
 * batch sent again meets its own chunk id and is stored once; marks whose ids an earlier batch
 * already stored are dropped; marks about someone who opted out are accepted and dropped. Every
 * other mark must be one the caller may record (core's canRecordMark), or the batch is a 403.
 */
export async function recordMarks(
  store: DocumentStore,
  circleId: string,
  sessionId: string,
  caller: Caller,
  batch: MarkBatch,
  nowMs: number,
): Promise<MarkBatchOutcome> {
  const session = await readSession(store, circleId, sessionId);
  const chunkId = formatMarkChunkId(sessionId, batch.batchId);
  const alreadyStored = { stored: 0, duplicates: batch.marks.length, ignored: 0 };
  if ((await store.read('circles', circleId, chunkId)) !== null) return alreadyStored;

  const marks = batch.marks.map((input, index) => toMark(input, index, caller.userId));
  const earlier = new Map<string, Mark>();
  for (const chunk of await readMarkChunks(store, circleId, sessionId)) {
    for (const mark of chunk.marks) earlier.set(mark.id, mark);
  }

  const kept: Mark[] = [];
  const inBatch = new Map<string, Mark>();
  let duplicates = 0;
  let ignored = 0;
  marks.forEach((mark, index) => {
    if (earlier.has(mark.id) || inBatch.has(mark.id)) {
      duplicates += 1;
      return;
    }
    inBatch.set(mark.id, mark);
    if (isAboutOptedOut(session.state, mark)) {
      ignored += 1;
      return;
    }
    const target =
      mark.kind === 'undo' ? (earlier.get(mark.targetId) ?? inBatch.get(mark.targetId)) : undefined;
    if (!mayRecord(session.state, mark, target)) {
      throw appError('FORBIDDEN', describeRefusal(session.state, mark), {
        field: `body.marks.${index}`,
        markId: mark.id,
      });
    }
    kept.push(mark);
  });
  if (kept.length === 0) return { stored: 0, duplicates, ignored };

  try {
    await store.create<MarkChunkDocument>('circles', {
      id: chunkId,
      circleId,
      type: 'marks',
      sessionId,
      batchId: batch.batchId,
      by: caller.userId,
      storedAtMs: nowMs,
      marks: kept,
    });
  } catch (error) {
    // The same batch, sent again while the first send was still being written.
    if (error instanceof ConflictError) return alreadyStored;
    throw error;
  }
  return { stored: kept.length, duplicates, ignored };
}

/** Checks each kind's own fields (the schema checks the rest) and makes the caller its author. */
function toMark(input: MarkInput, index: number, by: string): Mark {
  const field = (name: string) => `body.marks.${index}.${name}`;
  const required = <T>(value: T | undefined, name: string, what: string): T => {
    if (value === undefined) {
      throw appError('VALIDATION_FAILED', `${field(name)} is required: ${what}.`, {
        field: field(name),
      });
    }
    return value;
  };
  const base = { id: input.id, atMs: input.atMs, by };
  switch (input.kind) {
    case 'speech':
      return {
        ...base,
        kind: 'speech',
        source: required(input.source, 'source', 'where the speaking mark came from'),
        speaker: required(input.speaker, 'speaker', 'who speaks from now on, or null'),
      };
    case 'tag':
      return {
        ...base,
        kind: 'tag',
        speaker: required(input.speaker ?? undefined, 'speaker', 'who said the tagged words'),
        tag: required(input.tag, 'tag', 'the language tag'),
        stageId: input.stageId ?? null,
      };
    case 'undo':
      return {
        ...base,
        kind: 'undo',
        targetId: required(input.targetId, 'targetId', 'the mark to undo'),
      };
  }
}

function isAboutOptedOut(state: SessionState, mark: Mark): boolean {
  if (mark.kind === 'undo' || mark.speaker === null) return false;
  return findParticipant(state, mark.speaker) !== null && !isTrackable(state, mark.speaker);
}

function mayRecord(state: SessionState, mark: Mark, undoTarget: Mark | undefined): boolean {
  switch (mark.kind) {
    case 'speech':
      return canRecordMark(state, mark.by, mark.source, mark.speaker);
    case 'tag':
      // Tagging is the observer's job, with the same rules as the observer's taps.
      return canRecordMark(state, mark.by, 'observer', mark.speaker);
    case 'undo':
      // Only one's own marks. A target not stored yet is let through: a panel whose earlier batch
      // is still being retried may deliver the undo first, and refusing it would keep a mis-tap.
      return undoTarget === undefined || undoTarget.by === mark.by;
  }
}

function describeRefusal(state: SessionState, mark: Mark): string {
  if (mark.kind === 'undo') return 'You can only undo your own marks.';
  if (findParticipant(state, mark.by)?.presence !== 'present') {
    return 'Join the session (open the panel in the meeting) before recording marks.';
  }
  return mark.kind === 'speech' && mark.source !== 'observer'
    ? 'That automatic signal cannot name that speaker.'
    : 'Only the observer records airtime and language (in a pair, either of you).';
}
