import { describe, expect, it } from 'vitest';
import type { NudgeCircle } from '../port.js';
import { listSessionStarts, planNudges } from './plan-nudges.js';

const circle: NudgeCircle = {
  circleId: 'c1',
  tenantId: 't1',
  circleName: 'Circle',
  cadence: {
    frequency: 'fortnightly',
    weekday: 3,
    startTime: '10:00',
    timeZone: 'Europe/Berlin',
    durationMinutes: 30,
  },
  createdAtMs: Date.UTC(2026, 2, 2), // Monday 2 March 2026
  members: [
    { userId: 'ana', displayName: 'Ana', timeZone: 'Europe/Berlin', hasOptedOutOfNudges: false },
    { userId: 'dee', displayName: 'Dee', timeZone: 'Not/AZone', hasOptedOutOfNudges: true },
  ],
  openCommitments: [],
};

describe('planNudges', () => {
  it('meets fortnightly from the week the circle was made, across a daylight-saving change', () => {
    const starts = [0, 7, 14, 21, 28].flatMap((day) =>
      listSessionStarts(circle, Date.UTC(2026, 2, 2 + day)),
    );
    expect([...new Set(starts)].map((ms) => new Date(ms).toISOString())).toEqual([
      '2026-03-04T09:00:00.000Z',
      '2026-03-18T09:00:00.000Z',
      // Berlin is on summer time from 29 March: 10:00 there is 08:00 UTC.
      '2026-04-01T08:00:00.000Z',
    ]);
  });

  it('plans nothing for people who opted out, and nothing outside a window', () => {
    const morning = Date.UTC(2026, 2, 4, 8, 0); // 09:00 in Berlin on the session day
    const due = planNudges([circle], morning);
    // 09:00 is an hour before the session: the day's reminder, and the reflection reminder that
    // opened at 20:00 the evening before (three hours before would have been 07:00).
    expect(due.map((n) => `${n.kind}:${n.person.userId}`)).toEqual([
      'next-session:ana',
      'reflection:ana',
    ]);
    expect(planNudges([circle], Date.UTC(2026, 2, 4, 9, 30))).toEqual([]);
  });
});
