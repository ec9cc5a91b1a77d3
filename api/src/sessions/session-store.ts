import { appError } from '../errors.js';
import { PreconditionFailedError, type DocumentStore, type StoredDocument } from '../store/port.js';
import { toSessionView, type SessionDocument, type SessionView } from './model.js';

// Reading and saving the session document. Every save goes through `updateSession`: read, decide,
// replace with the ETag that was read, and on a lost race read again and decide again, so a
// decision is always made on the state it is saved over.

export type StoredSession = StoredDocument<SessionDocument>;

/** What a decision returns: save a new document (version and time are set here), or answer as is. */
export type SessionDecision<R> =
  | {
      readonly kind: 'save';
      readonly next: SessionDocument;
      readonly answer: (saved: StoredSession) => R;
    }
  | { readonly kind: 'answer'; readonly value: R };

export interface UpdateSessionOptions {
  readonly nowMs: () => number;
  /** Called once with the saved document, before the answer is returned. */
  readonly onSaved?: (saved: StoredSession) => Promise<void>;
}

/** Enough for a panel's burst (a join, a tap, a stage move at the same moment) to get through. */
const MAX_SAVE_ATTEMPTS = 10;

export async function readSession(
  store: DocumentStore,
  circleId: string,
  sessionId: string,
): Promise<StoredSession> {
  const document = await store.read<SessionDocument>('circles', circleId, sessionId);
  if (document === null || document.type !== 'session') {
    throw appError('SESSION_NOT_FOUND', 'No session with that id in this circle.');
  }
  return document;
}

export async function readSessionView(
  store: DocumentStore,
  circleId: string,
  sessionId: string,
): Promise<SessionView | null> {
  const document = await store.read<SessionDocument>('circles', circleId, sessionId);
  return document === null || document.type !== 'session' ? null : toSessionView(document);
}

export async function updateSession<R>(
  store: DocumentStore,
  circleId: string,
  sessionId: string,
  decide: (current: StoredSession) => SessionDecision<R> | Promise<SessionDecision<R>>,
  options: UpdateSessionOptions,
): Promise<R> {
  for (let attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt += 1) {
    const current = await readSession(store, circleId, sessionId);
    const decision = await decide(current);
    if (decision.kind === 'answer') return decision.value;
    const next: SessionDocument = {
      ...decision.next,
      version: current.version + 1,
      updatedAtMs: options.nowMs(),
    };
    let saved: StoredSession;
    try {
      saved = await store.replace<SessionDocument>('circles', stripEtag(next), current._etag);
    } catch (error) {
      if (error instanceof PreconditionFailedError) {
        await waitBeforeRetry(attempt);
        continue;
      }
      throw error;
    }
    await options.onSaved?.(saved);
    return decision.answer(saved);
  }
  throw appError(
    'VERSION_CONFLICT',
    'The session is changing too fast to save this now. Try again in a moment.',
  );
}

/** A stored document read back carries its ETag; a write must not. */
export function stripEtag<T extends object>(document: T): T {
  const copy = { ...document } as Record<string, unknown>;
  delete copy['_etag'];
  return copy as T;
}

function waitBeforeRetry(attempt: number): Promise<void> {
  // Spreads out writers that lost the same race, so they do not collide again on the next try.
  const delayMs = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, delayMs));
}
