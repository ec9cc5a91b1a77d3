import {
  describeCommitmentNudge,
  describeNextSessionNudge,
  describeReflectionNudge,
} from '../messages.js';
import type { NudgeCircle, PersonAddress } from '../port.js';
import {
  addDays,
  formatLocalStart,
  isKnownTimeZone,
  readLocalTime,
  toEpochMs,
} from './zoned-time.js';

// Which nudges are due at `nowMs`: a pure function of the circles and the time, so the scheduler
// can run it on any instance, as often as it likes. A nudge has a window [sendAtMs, untilMs); a
// run inside the window sends it, and its key (stored before sending) makes sure it goes once.
//
// When, in each member's own time zone:
// - next session: 09:00 on the day of the session, or 18:00 the evening before when 09:00 would
//   be less than an hour before it (a 10:00 Berlin session is 04:00 in New York);
// - pre-session reflection: three hours before, moved to 20:00 the evening before when that
//   falls at night (before 08:00), or to 20:00 the same evening when it falls after 21:00;
// - commitment coming due: 09:00 the day before its due date, until the due date is over.

export type NudgeKind = 'next-session' | 'reflection' | 'commitment-due';

export interface PlannedNudge {
  readonly key: string;
  readonly kind: NudgeKind;
  readonly person: PersonAddress;
  readonly circleId: string;
  readonly sendAtMs: number;
  readonly untilMs: number;
  readonly text: string;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
/** Sessions this far ahead are looked at: every window opens less than two days before. */
const HORIZON_DAYS = 3;

export function planNudges(circles: readonly NudgeCircle[], nowMs: number): PlannedNudge[] {
  const planned: PlannedNudge[] = [];
  for (const circle of circles) {
    const members = circle.members.filter((member) => !member.hasOptedOutOfNudges);
    for (const startMs of listSessionStarts(circle, nowMs)) {
      for (const member of members) {
        const timeZone = safeTimeZone(member.timeZone);
        const person = { tenantId: circle.tenantId, userId: member.userId };
        const localStart = formatLocalStart(startMs, timeZone);
        planned.push({
          key: `next-session:${circle.circleId}:${startMs}`,
          kind: 'next-session',
          person,
          circleId: circle.circleId,
          sendAtMs: placeSessionReminder(startMs, timeZone),
          untilMs: startMs,
          text: describeNextSessionNudge(circle.circleName, localStart),
        });
        planned.push({
          key: `reflection:${circle.circleId}:${startMs}`,
          kind: 'reflection',
          person,
          circleId: circle.circleId,
          sendAtMs: placeReflectionReminder(startMs, timeZone),
          untilMs: startMs,
          text: describeReflectionNudge(circle.circleName, localStart),
        });
      }
    }
    for (const commitment of circle.openCommitments) {
      const owner = members.find((member) => member.userId === commitment.owner);
      if (owner === undefined || commitment.dueDate === null) continue;
      const timeZone = safeTimeZone(owner.timeZone);
      planned.push({
        key: `commitment-due:${circle.circleId}:${commitment.id}:${commitment.dueDate}`,
        kind: 'commitment-due',
        person: { tenantId: circle.tenantId, userId: owner.userId },
        circleId: circle.circleId,
        sendAtMs: toEpochMs(addDays(commitment.dueDate, -1), 9, 0, timeZone),
        untilMs: toEpochMs(addDays(commitment.dueDate, 1), 0, 0, timeZone),
        text: describeCommitmentNudge(commitment.text, commitment.dueDate, circle.circleName),
      });
    }
  }
  return planned.filter((nudge) => nudge.sendAtMs <= nowMs && nowMs < nudge.untilMs);
}

/** Session starts from now to the horizon, from the circle's cadence in its own time zone. */
export function listSessionStarts(circle: NudgeCircle, nowMs: number): number[] {
  const cadence = circle.cadence;
  if (cadence === null) return [];
  const [hour, minute] = cadence.startTime.split(':').map(Number);
  const timeZone = safeTimeZone(cadence.timeZone);
  const today = readLocalTime(nowMs, timeZone).date;
  const starts: number[] = [];
  for (let offset = 0; offset <= HORIZON_DAYS; offset += 1) {
    const date = addDays(today, offset);
    const startMs = toEpochMs(date, hour ?? 0, minute ?? 0, timeZone);
    if (readLocalTime(startMs, timeZone).weekday !== cadence.weekday || startMs <= nowMs) continue;
    if (cadence.frequency === 'fortnightly' && !isMeetingWeek(circle.createdAtMs, startMs))
      continue;
    starts.push(startMs);
  }
  return starts;
}

/** Fortnightly circles meet in the week they were made, then every other week. */
function isMeetingWeek(createdAtMs: number, startMs: number): boolean {
  const weeks = Math.floor((mondayOf(startMs) - mondayOf(createdAtMs)) / WEEK_MS + 0.5);
  return weeks % 2 === 0;
}

function mondayOf(atMs: number): number {
  const day = Math.floor(atMs / DAY_MS);
  // 1970-01-01 was a Thursday: day 0 is weekday 4 (Monday = 1).
  const weekday = ((day + 3) % 7) + 1;
  return (day - (weekday - 1)) * DAY_MS;
}

function placeSessionReminder(startMs: number, timeZone: string): number {
  const day = readLocalTime(startMs, timeZone).date;
  const morning = toEpochMs(day, 9, 0, timeZone);
  return startMs - morning >= HOUR_MS ? morning : toEpochMs(addDays(day, -1), 18, 0, timeZone);
}

function placeReflectionReminder(startMs: number, timeZone: string): number {
  const atMs = startMs - 3 * HOUR_MS;
  const local = readLocalTime(atMs, timeZone);
  if (local.hour < 8) return toEpochMs(addDays(local.date, -1), 20, 0, timeZone);
  if (local.hour >= 21) return toEpochMs(local.date, 20, 0, timeZone);
  return atMs;
}

function safeTimeZone(timeZone: string): string {
  return isKnownTimeZone(timeZone) ? timeZone : 'UTC';
}
