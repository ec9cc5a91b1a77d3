import { buildSummary, type RoleAssignment, type SessionSummary } from '@grow-together/core';
import { listMembers, type StoredCircle } from '../circles/circle-store.js';
import { readSessionOutputs } from '../outputs/session-outputs.js';
import type { DocumentStore } from '../store/port.js';
import { listRolesTaken } from './apply-command.js';
import { readSessionMarks } from './mark-chunks.js';
import { formatTranscriptId, type SessionDocument, type TranscriptDocument } from './model.js';

/** core's summary over everything the session produced: marks, outputs, transcript, rotation. */
export async function buildSessionSummary(
  store: DocumentStore,
  circle: StoredCircle,
  session: SessionDocument,
  nowMs: number,
): Promise<SessionSummary> {
  const [marks, outputs, transcript] = await Promise.all([
    readSessionMarks(store, circle.id, session.id),
    readSessionOutputs(store, circle.id, session.id),
    session.transcript === null
      ? null
      : store.read<TranscriptDocument>('circles', circle.id, formatTranscriptId(session.id)),
  ]);
  return buildSummary({
    session: session.state,
    marks,
    outputs,
    now: nowMs,
    transcript: transcript?.analysis ?? null,
    rotation: {
      members: listMembers(circle).map((member) => member.userId),
      history: readHistoryThrough(circle, session),
    },
  });
}

/** The circle's role history up to and including this session, as rotation reads it. */
function readHistoryThrough(circle: StoredCircle, session: SessionDocument): RoleAssignment[] {
  const index = (circle.roleHistorySessionIds ?? []).indexOf(session.id);
  if (index >= 0) return circle.roleHistory.slice(0, index + 1);
  const roles = listRolesTaken(session.state);
  return Object.keys(roles).length === 0 ? [...circle.roleHistory] : [...circle.roleHistory, roles];
}
