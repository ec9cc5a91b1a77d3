// Talks to a running api over real HTTP the way panels do: dev tokens for the demo users, a circle
// made by one member and joined by the others, a session started (or joined) by each of them.
import { randomUUID } from 'node:crypto';
import type { Role } from '@grow-together/core';
import type { SessionView } from '../../../api/src/sessions/model.js';

export interface ApiClient {
  readonly baseUrl: string;
  /** The `authorization` header for a demo user, minted once per user by the server's dev route. */
  authorize(userId: string): Promise<{ readonly authorization: string }>;
  /** Sends JSON as `userId` and returns the JSON answer; anything but a 2xx throws. */
  send<T>(userId: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
}

export interface BenchCircle {
  readonly circleId: string;
  readonly memberIds: readonly string[];
}

export interface BenchSession {
  readonly circleId: string;
  readonly sessionId: string;
  /** `/api/circles/<circleId>/sessions/<sessionId>`, for the session's own routes. */
  readonly path: string;
  /** As the last member to open it saw it: everyone present, roles proposed. */
  readonly view: SessionView;
}

export function createApiClient(baseUrl: string): ApiClient {
  const tokens = new Map<string, Promise<string>>();

  const mintToken = async (userId: string): Promise<string> => {
    const response = await fetch(`${baseUrl}/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId }),
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`no dev token for ${userId}: ${response.status} ${body}`);
    return (JSON.parse(body) as { token: string }).token;
  };

  const client: ApiClient = {
    baseUrl,
    async authorize(userId) {
      let token = tokens.get(userId);
      if (token === undefined) {
        token = mintToken(userId);
        tokens.set(userId, token);
      }
      return { authorization: `Bearer ${await token}` };
    },
    async send<T>(userId: string, method: 'GET' | 'POST', path: string, body?: unknown) {
      const headers: Record<string, string> = { ...(await client.authorize(userId)) };
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok)
        throw new Error(`${method} ${path} as ${userId}: ${response.status} ${text}`);
      return JSON.parse(text) as T;
    },
  };
  return client;
}

/** A circle for a new Teams meeting: the first member creates it, the others open its panel. */
export async function createCircle(
  client: ApiClient,
  memberIds: readonly string[],
  frameworkId = 'grow-for-equals',
): Promise<BenchCircle> {
  const [creator, ...others] = memberIds;
  if (creator === undefined) throw new Error('a circle needs someone to create it');
  const meetingKey = `19:meeting_${randomUUID()}@thread.v2`;
  const { circle } = await client.send<{ circle: { id: string } }>(
    creator,
    'POST',
    '/api/circles',
    {
      host: 'teams',
      meetingKey,
      name: 'Bench circle',
      frameworkId,
      timeZone: 'Europe/Berlin',
    },
  );
  const byMeeting = `/api/circles/by-meeting/teams/${encodeURIComponent(meetingKey)}`;
  for (const memberId of others) await client.send(memberId, 'GET', byMeeting);
  return { circleId: circle.id, memberIds };
}

/** Today's session of a new meeting occurrence, opened by every member in turn. */
export async function startSession(client: ApiClient, circle: BenchCircle): Promise<BenchSession> {
  const meetingId = `meeting-${randomUUID()}`;
  const sessionsPath = `/api/circles/${circle.circleId}/sessions`;
  let view: SessionView | undefined;
  for (const memberId of circle.memberIds) {
    ({ session: view } = await client.send<{ session: SessionView }>(
      memberId,
      'POST',
      sessionsPath,
      { meetingId },
    ));
  }
  if (view === undefined) throw new Error('a session needs someone to open it');
  return {
    circleId: circle.circleId,
    sessionId: view.id,
    path: `${sessionsPath}/${view.id}`,
    view,
  };
}

/** Who holds `role` in the session (the first, when several observers do). */
export function findRoleHolder(view: SessionView, role: Role): string {
  const holder = Object.values(view.state.participants).find(
    (participant) => participant.role === role,
  );
  if (holder === undefined) throw new Error(`nobody holds the ${role} role in ${view.id}`);
  return holder.id;
}

/** Runs `work` over `items`, at most `limit` at a time, and keeps the order of the results. */
export async function mapInParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runWorker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, runWorker));
  return results;
}
