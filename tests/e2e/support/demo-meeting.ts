import { randomUUID } from 'node:crypto';
import type { SessionCommand } from '@grow-together/core';
import type { Static } from 'typebox';
import type { SessionView } from '../../../api/src/sessions/model.js';
import { readMarkChunks, readSessionMarks } from '../../../api/src/sessions/mark-chunks.js';
import type { SessionSummarySchema } from '../../../api/src/sessions/schemas.js';
import type { E2eServer } from './server.js';

// Setting a demo meeting up through the api, the way the configuration page and the first panels
// would, so that each test starts where its story starts; and reading back what the server kept.

export type SessionSummary = Static<typeof SessionSummarySchema>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type CommandInput = DistributiveOmit<SessionCommand, 'by'>;

export const GROW = 'grow-for-equals';

/** A meeting key no other test uses. */
export function createMeetingKey(label: string): string {
  return `e2e-${label}-${randomUUID().slice(0, 8)}`;
}

/**
 * The circle of a demo meeting with these members, in this order: the first creates it (as the
 * configuration page does), the others join by opening it. Returns the circle id.
 */
export async function prepareCircle(
  server: E2eServer,
  meetingKey: string,
  userIds: readonly string[],
  frameworkId = GROW,
): Promise<string> {
  const [creator, ...others] = userIds;
  if (creator === undefined) throw new Error('A circle needs at least one member.');
  const { circle } = await server.call<{ circle: { id: string } }>(
    creator,
    'POST',
    '/api/circles',
    {
      host: 'teams',
      meetingKey,
      name: `Circle ${meetingKey}`,
      frameworkId,
    },
  );
  for (const userId of others) {
    await server.call(userId, 'GET', `/api/circles/by-meeting/teams/${meetingKey}`);
  }
  return circle.id;
}

/** The meeting's newest session, as a member reads it. */
export async function readLatestSession(
  server: E2eServer,
  userId: string,
  circleId: string,
): Promise<SessionView> {
  const page = await server.call<{ sessions: { session: SessionView }[] }>(
    userId,
    'GET',
    `/api/circles/${circleId}/sessions?limit=1`,
  );
  const latest = page.sessions[0]?.session;
  if (latest === undefined) throw new Error(`Circle ${circleId} has no session yet.`);
  return latest;
}

/** Sends a command as `userId` against the current version (what a panel's button does). */
export async function sendCommand(
  server: E2eServer,
  userId: string,
  session: Pick<SessionView, 'circleId' | 'id'>,
  command: CommandInput,
): Promise<SessionView> {
  const current = await readLatestSession(server, userId, session.circleId);
  const answer = await server.call<{ session: SessionView }>(
    userId,
    'POST',
    `/api/circles/${session.circleId}/sessions/${session.id}/commands`,
    { commandId: randomUUID(), expectedVersion: current.version, command },
  );
  return answer.session;
}

export async function readSummary(
  server: E2eServer,
  userId: string,
  session: Pick<SessionView, 'circleId' | 'id'>,
): Promise<SessionSummary> {
  const answer = await server.call<{ summary: SessionSummary }>(
    userId,
    'GET',
    `/api/circles/${session.circleId}/sessions/${session.id}/summary`,
  );
  return answer.summary;
}

/** How many times each mark id was stored, over every chunk the panels flushed. */
export async function countStoredMarks(
  server: E2eServer,
  session: Pick<SessionView, 'circleId' | 'id'>,
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const chunk of await readMarkChunks(server.app.store, session.circleId, session.id)) {
    for (const mark of chunk.marks) counts.set(mark.id, (counts.get(mark.id) ?? 0) + 1);
  }
  return counts;
}

/** Every mark the store holds for the session, each once, as the panels sent them. */
export function readStoredMarks(
  server: E2eServer,
  session: Pick<SessionView, 'circleId' | 'id'>,
): ReturnType<typeof readSessionMarks> {
  return readSessionMarks(server.app.store, session.circleId, session.id);
}

/** The person who holds `role` in the session. */
export function findByRole(session: SessionView, role: string): string {
  const found = Object.values(session.state.participants).find((p) => p.role === role);
  if (found === undefined) {
    throw new Error(`Nobody is the ${role}: ${JSON.stringify(session.state.participants)}`);
  }
  return found.id;
}
