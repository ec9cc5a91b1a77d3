import type { SessionOutputs } from '@grow-together/core';
import { appError } from '../errors.js';
import {
  ConflictError,
  PreconditionFailedError,
  type DocumentStore,
  type Filter,
  type StoredDocument,
} from '../store/port.js';
import {
  formatNoteDocumentId,
  toAppreciation,
  toCommitment,
  toExperiment,
  toNote,
  toSentenceToRemember,
  type AppreciationDocument,
  type CommitmentDocument,
  type ExperimentDocument,
  type Note,
  type NoteDocument,
  type OutputDocument,
  type SentenceDocument,
} from './model.js';
import { queryAll } from './query-all.js';

// Reading and writing a session's outputs in its circle's partition. The routes check who may do
// what; these functions only keep the documents consistent.

/** 404 unless the circle's partition holds a session with that id. */
export async function requireSessionInCircle(
  store: DocumentStore,
  circleId: string,
  sessionId: string,
): Promise<void> {
  const session = await store.read<{ type?: unknown }>('circles', circleId, sessionId);
  if (session?.type !== 'session') {
    throw appError('SESSION_NOT_FOUND', 'No session with that id in this circle.');
  }
}

export async function listOutputDocuments<T extends OutputDocument>(
  store: DocumentStore,
  circleId: string,
  type: T['type'],
  where: Filter = {},
): Promise<StoredDocument<T>[]> {
  return queryAll<T>(store, 'circles', circleId, { ...where, type }, 'createdAtMs');
}

/** A session's outputs in core's shape, oldest first: what the summary builder takes. */
export async function readSessionOutputs(
  store: DocumentStore,
  circleId: string,
  sessionId: string,
): Promise<SessionOutputs> {
  const inSession = { sessionId };
  const [commitments, experiments, sentences, appreciations] = await Promise.all([
    listOutputDocuments<CommitmentDocument>(store, circleId, 'commitment', inSession),
    listOutputDocuments<ExperimentDocument>(store, circleId, 'experiment', inSession),
    listOutputDocuments<SentenceDocument>(store, circleId, 'sentence', inSession),
    listOutputDocuments<AppreciationDocument>(store, circleId, 'appreciation', inSession),
  ]);
  return {
    commitments: commitments.map(toCommitment),
    experiments: experiments.map(toExperiment),
    sentencesToRemember: sentences.map(toSentenceToRemember),
    appreciations: appreciations.map(toAppreciation),
  };
}

export async function readNote(
  store: DocumentStore,
  circleId: string,
  sessionId: string,
): Promise<Note | null> {
  const document = await store.read<NoteDocument>(
    'circles',
    circleId,
    formatNoteDocumentId(sessionId),
  );
  return document === null ? null : toNote(document);
}

export interface NoteEdit {
  readonly circleId: string;
  readonly sessionId: string;
  readonly text: string;
  /** The version the editor started from; 0 when they saw no note. */
  readonly baseVersion: number;
  readonly editedBy: string;
  readonly nowMs: number;
}

/**
 * Saves the shared note if nobody saved it since `baseVersion`; otherwise a 409 whose details
 * carry the note as it now is, so the editor can merge and try again. Never merges by itself:
 * two people typing in one note would silently lose one's words.
 */
export async function saveNote(store: DocumentStore, edit: NoteEdit): Promise<Note> {
  const id = formatNoteDocumentId(edit.sessionId);
  const current = await store.read<NoteDocument>('circles', edit.circleId, id);
  if (current !== null && isSameSaveAgain(current, edit)) return toNote(current);
  const currentVersion = current?.version ?? 0;
  if (currentVersion !== edit.baseVersion) {
    throw staleNote(current === null ? null : toNote(current));
  }
  const next: NoteDocument = {
    id,
    circleId: edit.circleId,
    sessionId: edit.sessionId,
    type: 'note',
    text: edit.text,
    version: currentVersion + 1,
    updatedAtMs: edit.nowMs,
    updatedBy: edit.editedBy,
  };
  try {
    const saved =
      current === null
        ? await store.create<NoteDocument>('circles', next)
        : await store.replace<NoteDocument>('circles', next, current._etag);
    return toNote(saved);
  } catch (error) {
    if (!(error instanceof ConflictError || error instanceof PreconditionFailedError)) throw error;
    const winner = await store.read<NoteDocument>('circles', edit.circleId, id);
    if (winner !== null && isSameSaveAgain(winner, edit)) return toNote(winner);
    throw staleNote(winner === null ? null : toNote(winner));
  }
}

/**
 * The stored note is this very edit, saved by an earlier send whose answer was lost: a panel
 * that retries gets its save back instead of a conflict with itself.
 */
function isSameSaveAgain(current: NoteDocument, edit: NoteEdit): boolean {
  return (
    current.version === edit.baseVersion + 1 &&
    current.text === edit.text &&
    current.updatedBy === edit.editedBy
  );
}

function staleNote(note: Note | null) {
  return appError(
    'VERSION_CONFLICT',
    'Someone saved the note since you opened it. Merge your edit into theirs and save again.',
    { note },
  );
}

export type CreateOutcome<T> =
  | { readonly kind: 'created'; readonly document: StoredDocument<T> }
  | { readonly kind: 'already-there'; readonly document: StoredDocument<T> };

/**
 * Creates an output item once. A retry of the same request (same id, session and author) gets
 * the item as it is now; an id someone else already used is a 409.
 */
export async function createOutputOnce<T extends OutputDocument>(
  store: DocumentStore,
  document: T,
): Promise<CreateOutcome<T>> {
  try {
    return { kind: 'created', document: await store.create<T>('circles', document) };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  const existing = await store.read<T>('circles', document.circleId, document.id);
  if (
    existing !== null &&
    existing.type === document.type &&
    existing.sessionId === document.sessionId &&
    existing.createdBy === document.createdBy
  ) {
    return { kind: 'already-there', document: existing };
  }
  throw appError('ALREADY_EXISTS', `The id ${document.outputId} is taken: make a new one.`, {
    field: 'body.id',
  });
}
