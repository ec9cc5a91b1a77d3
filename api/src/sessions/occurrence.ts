import { createHash } from 'node:crypto';
import type { IsoDate } from './model.js';

// A session is one occurrence of a meeting: the host meeting id plus the day in the circle's time
// zone. The id is derived from both, so the tab and the bot (or two panels opening at the same
// moment) asking for the same occurrence reach the same document instead of making two.

/** The calendar day `atMs` falls on in `timeZone`, as `YYYY-MM-DD`. */
export function formatLocalDay(atMs: number, timeZone: string): IsoDate {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(atMs);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/** A real calendar date (not 2025-02-30) in `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().startsWith(value);
}

const DIGEST_CHARS = 22;
const SESSION_ID = new RegExp(`^s-\\d{4}-\\d{2}-\\d{2}-[A-Za-z0-9_-]{${DIGEST_CHARS}}-(.+)$`);

/**
 * Host meeting ids may hold characters a document id cannot (Teams' are base64 with `/` and `+`),
 * so the id is a hash; the day stays readable in front of it. The circle id goes at the end, so a
 * route given only the session id (`/api/sessions/:sessionId/stream`) knows the partition to read
 * it from (readCircleIdOfSession) without searching every circle.
 */
export function formatSessionId(circleId: string, meetingId: string, day: IsoDate): string {
  const digest = createHash('sha256')
    .update(`${circleId}\n${meetingId}\n${day}`)
    .digest('base64url')
    .slice(0, DIGEST_CHARS);
  return `s-${day}-${digest}-${circleId}`;
}

/**
 * The circle a session id names, or null for a string that is no session id. Only a hint of where
 * to look: the session must still be read from that circle, by a member of it.
 */
export function readCircleIdOfSession(sessionId: string): string | null {
  return SESSION_ID.exec(sessionId)?.[1] ?? null;
}
