import { appError } from '../errors.js';
import type {
  AppreciationDocument,
  CommitmentDocument,
  ExperimentDocument,
  SentenceDocument,
} from './model.js';

// Who may change an output item, and how a commitment moves between open, done and dropped.
// Pure: the routes read the item, call these, and write back what they return.

export interface CommitmentEdit {
  readonly text?: string;
  readonly dueDate?: string | null;
  readonly status?: CommitmentDocument['status'];
  readonly evidence?: string;
}

type Editable<T> = Omit<T, '_etag'>;

/** True for a real calendar date written `YYYY-MM-DD` (not 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

export function requireCalendarDate(dueDate: string | null | undefined, field: string): void {
  if (typeof dueDate === 'string' && !isCalendarDate(dueDate)) {
    throw appError('VALIDATION_FAILED', `${field} is not a date on the calendar.`, { field });
  }
}

/**
 * The commitment after `edit` by `editorId` at `nowMs`. The owner or whoever recorded it may
 * reword it or move its date; only the owner closes or reopens it, and "done" needs evidence of
 * what happened, not a restated intention.
 */
export function applyCommitmentEdit<T extends Editable<CommitmentDocument>>(
  current: T,
  edit: CommitmentEdit,
  editorId: string,
  nowMs: number,
): T {
  const isOwner = editorId === current.owner;
  const isRecorder = editorId === current.createdBy;
  if ((edit.text !== undefined || edit.dueDate !== undefined) && !isOwner && !isRecorder) {
    throw appError(
      'FORBIDDEN',
      'Only the person who made this commitment, or who wrote it down, can change its wording or date.',
    );
  }
  if ((edit.status !== undefined || edit.evidence !== undefined) && !isOwner) {
    throw appError(
      'FORBIDDEN',
      'Only the person who made this commitment can mark it done, drop it or reopen it.',
    );
  }
  requireCalendarDate(edit.dueDate, 'body.dueDate');

  const status = edit.status ?? current.status;
  const wasDone = current.status === 'done';
  let evidence: string | null;
  let closedAtMs: number | null;
  if (status === 'done') {
    evidence = edit.evidence?.trim() ?? (wasDone ? current.evidence : null);
    if (evidence === null || evidence === '') {
      throw appError(
        'VALIDATION_FAILED',
        'body.evidence is required to mark a commitment done: bring evidence, not intentions.',
        { field: 'body.evidence' },
      );
    }
    closedAtMs = wasDone ? current.closedAtMs : nowMs;
  } else {
    if (edit.evidence !== undefined) {
      throw appError('VALIDATION_FAILED', 'body.evidence goes only with status "done".', {
        field: 'body.evidence',
      });
    }
    evidence = null;
    closedAtMs =
      status !== 'dropped' ? null : current.status === 'dropped' ? current.closedAtMs : nowMs;
  }

  return {
    ...current,
    text: edit.text?.trim() ?? current.text,
    dueDate: edit.dueDate === undefined ? current.dueDate : edit.dueDate,
    status,
    evidence,
    closedAtMs,
    updatedAtMs: nowMs,
  };
}

/** Experiments and sentences to remember: their owner or whoever recorded them may reword them. */
export function applyOwnedTextEdit<
  T extends Editable<ExperimentDocument> | Editable<SentenceDocument>,
>(current: T, text: string, editorId: string, nowMs: number): T {
  if (editorId !== current.owner && editorId !== current.createdBy) {
    throw appError('FORBIDDEN', 'Only its owner, or who wrote it down, can change this.');
  }
  return { ...current, text: text.trim(), updatedAtMs: nowMs };
}

/** An appreciation is in its writer's words: only they may change them. */
export function applyAppreciationEdit<T extends Editable<AppreciationDocument>>(
  current: T,
  text: string,
  editorId: string,
  nowMs: number,
): T {
  if (editorId !== current.from) {
    throw appError('FORBIDDEN', 'Only who wrote an appreciation can change its words.');
  }
  return { ...current, text: text.trim(), updatedAtMs: nowMs };
}
