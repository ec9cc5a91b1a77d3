import { publishSaved, type SessionDeps } from './deps.js';
import { updateSession, type StoredSession } from './session-store.js';

// When the coach ends a session, the observer's panel flushes its last marks at once, while the
// other panels read the summary as soon as they see the end: before those marks are stored. So a
// batch stored for a session that has ended counts up `marksAfterEnd` on the session document:
// its version moves, live sync carries the new version to every panel on every instance (through
// the store), and a panel showing the summary reads it again. A running session's batches never
// write the session document: this is the rare path.

/** Whether a batch stored now may have missed a summary someone already read. */
export function isEnded(session: StoredSession): boolean {
  return session.state.status === 'ended';
}

/** Moves the ended session's version on and tells every panel; resolves once saved. */
export async function noticeMarksAfterEnd(
  deps: SessionDeps,
  circleId: string,
  sessionId: string,
): Promise<void> {
  await updateSession(
    deps.store,
    circleId,
    sessionId,
    (current) => ({
      kind: 'save',
      next: { ...current, marksAfterEnd: (current.marksAfterEnd ?? 0) + 1 },
      answer: () => undefined,
    }),
    { nowMs: deps.readNowMs, onSaved: (saved) => publishSaved(deps, saved) },
  );
}
