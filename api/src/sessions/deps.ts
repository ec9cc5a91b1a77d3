import type { FastifyBaseLogger } from 'fastify';
import type { LiveSync } from '../live/live-sync.js';
import type { DocumentStore } from '../store/port.js';
import { toSessionView } from './model.js';
import type { StoredSession } from './session-store.js';

/** What the session operations need from the app: handed in, so they are testable without routes. */
export interface SessionDeps {
  readonly store: DocumentStore;
  readonly liveSync: LiveSync;
  readonly log: FastifyBaseLogger;
  readonly readNowMs: () => number;
}

/**
 * Tells every panel about a saved change. The change is saved whatever happens here, so a failure
 * is logged rather than reported to the sender: the next change carries the state along anyway.
 */
export async function publishSaved(deps: SessionDeps, saved: StoredSession): Promise<void> {
  try {
    await deps.liveSync.publish(toSessionView(saved));
  } catch (error) {
    deps.log.warn({ err: error, sessionId: saved.id }, 'a session change could not be published');
  }
}
