import {
  canRecordMark,
  findParticipant,
  isTrackable,
  type Mark,
  type SessionState,
} from '@grow-together/core';
import type { Caller } from '../auth/caller.js';
import { checkMember } from '../circles/membership.js';
import type { CircleDocument } from '../circles/model.js';
import { appError, isAppError } from '../errors.js';
import { ConflictError, PreconditionFailedError, type StoredDocument } from '../store/port.js';
import type { SessionDeps } from './deps.js';
import { findHotReads, type HotReads } from './hot-reads.js';
import { formatMarkChunkId, type MarkChunkDocument, type SessionDocument } from './model.js';
import { isEnded, noticeMarksAfterEnd } from './late-marks.js';
import { findMarkIndex } from './mark-index.js';
import type { MarkInput } from './schemas.js';
import { readSession, type StoredSession } from './session-store.js';

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
 * Earlier marks come from this instance's mark index (mark-index.ts says why a stale one is safe).
 * A batch stored once the session has ended moves the session's version on, so panels read the
 * summary again (late-marks.ts).
 *
 * The circle (is the caller a member?) and the session (roles, opt-outs, has it ended?) come from
 * this instance's copies (hot-reads.ts). Where the store can check ETags in the write's own
 * transaction (createIfUnchanged), the copies are used as they are and the chunk is written only
 * if both are still current as it commits: so the batch is decided on the circle and the session
 * as they stand when it is stored, and a batch costs no read at all. Anything but a stored batch
 * (a refusal, a copy that moved on, nothing to store) is decided again on copies checked against
 * the store, as is every batch on a store without that check.
 */
export async function recordMarks(
  deps: SessionDeps,
  circleId: string,
  sessionId: string,
  caller: Caller,
  batch: MarkBatch,
  nowMs: number,
): Promise<MarkBatchOutcome> {
  const hotReads = findHotReads(deps.store);
  const request: MarkRequest = { deps, hotReads, circleId, sessionId, caller, batch, nowMs };
  if (hotReads.createIfUnchanged !== undefined) {
    const circle = hotReads.peek<CircleDocument>('circles', circleId, circleId);
    const session = hotReads.peek<SessionDocument>('circles', circleId, sessionId);
    if (circle !== undefined && session?.type === 'session') {
      const outcome = await recordOnCopies(request, circle, session, false).catch(
        (error: unknown): typeof COPY_MOVED_ON => {
          if (isAppError(error) || error instanceof PreconditionFailedError) return COPY_MOVED_ON;
          throw error;
        },
      );
      if (outcome !== COPY_MOVED_ON) return outcome;
    }
  }
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    const circle = await hotReads.read<CircleDocument>('circles', circleId, circleId);
    checkMember(circle, caller);
    const session = await readSession(hotReads, circleId, sessionId);
    try {
      const outcome = await recordOnCopies(request, circle as StoredCircle, session, true);
      if (outcome !== COPY_MOVED_ON) return outcome;
    } catch (error) {
      if (!(error instanceof PreconditionFailedError)) throw error;
    }
  }
  throw appError(
    'VERSION_CONFLICT',
    'The session is changing too fast to store these marks now. Send them again in a moment.',
  );
}

/** Enough for a batch to get past a burst of changes to its session (a stage move, joins). */
const MAX_ATTEMPTS = 5;

/** The copies an unchecked attempt used are not what the store holds: decide again, checked. */
const COPY_MOVED_ON = Symbol('copy moved on');

interface MarkRequest {
  readonly deps: SessionDeps;
  readonly hotReads: HotReads;
  readonly circleId: string;
  readonly sessionId: string;
  readonly caller: Caller;
  readonly batch: MarkBatch;
  readonly nowMs: number;
}

type StoredCircle = StoredDocument<CircleDocument>;

/**
 * One attempt on given copies of the circle and the session. Unchecked copies (`isChecked`
 * false) may only lead to a stored batch: every other answer is COPY_MOVED_ON, to be decided on
 * checked copies.
 */
async function recordOnCopies(
  request: MarkRequest,
  circle: StoredCircle,
  session: StoredSession,
  isChecked: boolean,
): Promise<MarkBatchOutcome | typeof COPY_MOVED_ON> {
  const { deps, hotReads, circleId, sessionId, caller, batch, nowMs } = request;
  const { store } = deps;
  if (!isChecked) checkMember(circle, caller);
  const chunkId = formatMarkChunkId(sessionId, batch.batchId);
  const markIndex = findMarkIndex(store);
  const alreadyStored = { stored: 0, duplicates: batch.marks.length, ignored: 0 };
  // A batch sent again is answered as it was the first time (all duplicates), even when the
  // caller may no longer record it. Only the answers that could differ read the chunk: a new
  // batch, the common case, costs no read here and meets its own chunk id on create instead.
  const findStoredChunk = async (): Promise<boolean> => {
    const chunk = await store.read<MarkChunkDocument>('circles', circleId, chunkId);
    if (chunk === null) return false;
    markIndex.addStoredMarks(circleId, sessionId, chunk.marks);
    // The first send may have stored the chunk and failed to move the ended session on: the
    // panel sends again until that is done too.
    if (isEnded(await readSession(hotReads, circleId, sessionId))) {
      await noticeMarksAfterEnd(deps, circleId, sessionId);
    }
    return true;
  };

  const marks = batch.marks.map((input, position) => toMark(input, position, caller.userId));
  let earlier = await markIndex.readMarkAuthors(circleId, sessionId);
  let hasRefreshed = false;
  const findAuthor = async (markId: string): Promise<string | undefined> => {
    // The target may be in a chunk another instance stored: ask the store, once per batch.
    if (!earlier.has(markId) && !hasRefreshed) {
      hasRefreshed = true;
      earlier = await markIndex.refreshMarkAuthors(circleId, sessionId);
    }
    return earlier.get(markId);
  };
  const rules = createBatchRules(session.state, caller.userId);

  const kept: Mark[] = [];
  const inBatch = new Map<string, Mark>();
  let duplicates = 0;
  let ignored = 0;
  for (let position = 0; position < marks.length; position += 1) {
    const mark = marks[position] as Mark;
    if (earlier.has(mark.id) || inBatch.has(mark.id)) {
      duplicates += 1;
      continue;
    }
    inBatch.set(mark.id, mark);
    if (rules.isAboutOptedOut(mark)) {
      ignored += 1;
      continue;
    }
    const undoTargetBy =
      mark.kind === 'undo'
        ? (inBatch.get(mark.targetId)?.by ?? (await findAuthor(mark.targetId)))
        : undefined;
    if (!rules.mayRecord(mark, undoTargetBy)) {
      if (!isChecked) return COPY_MOVED_ON;
      if (await findStoredChunk()) return alreadyStored;
      throw appError('FORBIDDEN', describeRefusal(session.state, mark), {
        field: `body.marks.${position}`,
        markId: mark.id,
      });
    }
    kept.push(mark);
  }
  if (kept.length === 0) {
    if (!isChecked) return COPY_MOVED_ON;
    return (await findStoredChunk()) ? alreadyStored : { stored: 0, duplicates, ignored };
  }

  const chunk: MarkChunkDocument = {
    id: chunkId,
    circleId,
    type: 'marks',
    sessionId,
    batchId: batch.batchId,
    by: caller.userId,
    storedAtMs: nowMs,
    marks: kept,
  };
  try {
    if (hotReads.createIfUnchanged === undefined) {
      await store.create<MarkChunkDocument>('circles', chunk);
    } else {
      // PreconditionFailedError when either moved on: the caller decides again.
      await hotReads.createIfUnchanged<MarkChunkDocument>('circles', chunk, [
        { id: circleId, etag: circle._etag },
        { id: sessionId, etag: session._etag },
      ]);
    }
  } catch (error) {
    // The same batch, sent again (to an instance whose index had not seen it, or while the first
    // send was still being written). Read so the index learns it; a rare path.
    if (error instanceof ConflictError) {
      if (!isChecked) return COPY_MOVED_ON;
      await findStoredChunk();
      return alreadyStored;
    }
    throw error;
  }
  markIndex.addStoredMarks(circleId, sessionId, kept);
  // Has the session ended by the time the chunk was stored? Then a summary may have been read
  // without it. Checked on write, the session is the copy this batch was decided on; otherwise
  // it is read again now: an end saved while this batch was on its way is seen here, and an end
  // saved after this point finds the chunk stored.
  const sessionAsStored =
    hotReads.createIfUnchanged === undefined
      ? await readSession(hotReads, circleId, sessionId)
      : session;
  if (isEnded(sessionAsStored)) await noticeMarksAfterEnd(deps, circleId, sessionId);
  return { stored: kept.length, duplicates, ignored };
}

/** Checks each kind's own fields (the schema checks the rest) and makes the caller its author. */
function toMark(input: MarkInput, position: number, by: string): Mark {
  // Built field by field, without closures: this runs for every mark of every batch.
  switch (input.kind) {
    case 'speech':
      return {
        id: input.id,
        atMs: input.atMs,
        by,
        kind: 'speech',
        source: requireField(input.source, position, 'source', 'where the speaking mark came from'),
        speaker: requireField(
          input.speaker,
          position,
          'speaker',
          'who speaks from now on, or null',
        ),
      };
    case 'tag':
      return {
        id: input.id,
        atMs: input.atMs,
        by,
        kind: 'tag',
        speaker: requireField(
          input.speaker ?? undefined,
          position,
          'speaker',
          'who said the tagged words',
        ),
        tag: requireField(input.tag, position, 'tag', 'the language tag'),
        stageId: input.stageId ?? null,
      };
    case 'undo':
      return {
        id: input.id,
        atMs: input.atMs,
        by,
        kind: 'undo',
        targetId: requireField(input.targetId, position, 'targetId', 'the mark to undo'),
      };
  }
}

function requireField<T>(value: T | undefined, position: number, name: string, what: string): T {
  if (value !== undefined) return value;
  const field = `body.marks.${position}.${name}`;
  throw appError('VALIDATION_FAILED', `${field} is required: ${what}.`, { field });
}

interface BatchRules {
  isAboutOptedOut(mark: Mark): boolean;
  mayRecord(mark: Mark, undoTargetBy: string | undefined): boolean;
}

/**
 * The session's rules for one caller's batch. A batch names the same few speakers over and over,
 * so each answer is worked out once per batch, not once per mark (core's checks list the
 * session's participants each time).
 */
function createBatchRules(state: SessionState, by: string): BatchRules {
  const optedOut = new Map<string, boolean>();
  const allowed = new Map<string, boolean>();
  return {
    isAboutOptedOut(mark) {
      if (mark.kind === 'undo' || mark.speaker === null) return false;
      let isOptedOut = optedOut.get(mark.speaker);
      if (isOptedOut === undefined) {
        isOptedOut =
          findParticipant(state, mark.speaker) !== null && !isTrackable(state, mark.speaker);
        optedOut.set(mark.speaker, isOptedOut);
      }
      return isOptedOut;
    },
    mayRecord(mark, undoTargetBy) {
      if (mark.kind === 'undo') {
        // Only one's own marks. A target not stored yet is let through: a panel whose earlier
        // batch is still being retried may deliver the undo first, and refusing it would keep
        // a mis-tap.
        return undoTargetBy === undefined || undoTargetBy === mark.by;
      }
      // Tagging is the observer's job, with the same rules as the observer's taps.
      const source = mark.kind === 'speech' ? mark.source : 'observer';
      const key = `${source}\u0000${mark.speaker ?? ''}`;
      let isAllowed = allowed.get(key);
      if (isAllowed === undefined) {
        isAllowed = canRecordMark(state, by, source, mark.speaker);
        allowed.set(key, isAllowed);
      }
      return isAllowed;
    },
  };
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
