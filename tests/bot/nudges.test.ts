import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  installationUpdate,
  participants,
  personalInstallationUpdate,
  type ChatContext,
  type TeamsUser,
} from './support/activities.js';
import { openBotHarness, type BotHarness } from './support/bot-harness.js';

// The nudge scheduler over a week, on a clock the test moves in 15-minute steps: the real server,
// its store and the loopback Bot Connector. Each member gets each nudge once, at a time of day that
// suits their own time zone; the person who opted out gets none; a send the connector refuses is
// tried again later and still arrives once.

const MONDAY = Date.UTC(2026, 0, 5); // Monday 5 January 2026, 00:00 UTC
const STEP_MS = 15 * 60_000;
const WEEK_MS = 7 * 24 * 3_600_000;
const CHAT_ID = '19:meeting_bnVkZ2Utd2Vlaw@thread.v2';

const PEOPLE = {
  'demo-ana': { name: 'Ana', timeZone: 'Europe/Lisbon' },
  'demo-ben': { name: 'Ben', timeZone: 'America/New_York' },
  'demo-cai': { name: 'Cai', timeZone: 'Asia/Singapore' },
  'demo-dee': { name: 'Dee', timeZone: 'Africa/Lagos' },
} as const;
type PersonId = keyof typeof PEOPLE;
const user = (id: PersonId): TeamsUser => ({ aadObjectId: id, name: PEOPLE[id].name });

function localTime(atMs: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(atMs);
}

describe('nudges through a week of sessions', () => {
  let h: BotHarness;
  let personalChatOf: Record<PersonId, string>;
  const received = (id: PersonId) =>
    h.connector.sent.filter((s) => s.conversationId === personalChatOf[id] && s.atMs >= MONDAY);

  beforeAll(async () => {
    h = await openBotHarness(MONDAY - 3_600_000);
    const chat: ChatContext = {
      serviceUrl: h.connector.serviceUrl,
      tenantId: h.tenantId,
      chatId: CHAT_ID,
      meetingId: 'bWVldGluZy13ZWVr',
    };
    const created = await h.api('demo-ana', 'POST', '/api/circles', {
      host: 'teams',
      meetingKey: CHAT_ID,
      name: 'Wednesday circle',
      frameworkId: 'weekly-micro-session',
      timeZone: PEOPLE['demo-ana'].timeZone,
      cadence: {
        frequency: 'weekly',
        weekday: 3,
        startTime: '10:00',
        timeZone: 'Europe/Berlin',
        durationMinutes: 30,
      },
    });
    expect(created.status).toBe(201);
    const circleId = ((await created.json()) as { circle: { id: string } }).circle.id;
    for (const id of ['demo-ben', 'demo-cai', 'demo-dee'] as const) {
      const joined = await h.api(
        id,
        'GET',
        `/api/circles/by-meeting/teams/${encodeURIComponent(CHAT_ID)}?timeZone=${encodeURIComponent(PEOPLE[id].timeZone)}`,
      );
      expect(joined.status).toBe(200);
    }
    const optedOut = await h.api('demo-dee', 'PUT', '/api/me/preferences', {
      displayName: null,
      timeZone: PEOPLE['demo-dee'].timeZone,
      pronouns: null,
      optOuts: { airtimeAndLanguage: false, transcriptAnalysis: false, nudges: true },
      consentDefaults: { rolePlay: 'ask-every-time', shareReflections: false },
    });
    expect(optedOut.status).toBe(200);

    const session = await h.api('demo-ana', 'POST', `/api/circles/${circleId}/sessions`, {
      meetingId: 'last-week',
    });
    const sessionId = ((await session.json()) as { session: { id: string } }).session.id;
    for (const [owner, dueDate] of [
      ['demo-ana', '2026-01-08'],
      ['demo-ben', '2026-01-10'],
      ['demo-dee', '2026-01-09'],
    ] as const) {
      const response = await h.api(
        owner,
        'POST',
        `/api/circles/${circleId}/sessions/${sessionId}/commitments`,
        {
          id: `commitment-${owner}`,
          text: `${PEOPLE[owner].name} will ask for feedback on one email`,
          dueDate,
        },
      );
      expect(response.status).toBe(201);
    }

    // The bot is in the meeting chat; Ana and Ben installed it personally; Teams told it how to
    // reach Cai when she joined a call; Dee opted out.
    expect((await h.post(installationUpdate(chat, user('demo-ana'), h.now))).status).toBe(200);
    for (const id of ['demo-ana', 'demo-ben'] as const) {
      const response = await h.post(
        personalInstallationUpdate(h.connector.serviceUrl, h.tenantId, user(id), h.now),
      );
      expect(response.status).toBe(200);
    }
    const joined = await h.post(
      participants(chat, 'Join', [user('demo-cai'), user('demo-dee')], h.now),
    );
    expect(joined.status).toBe(200);
    personalChatOf = {
      'demo-ana': 'a:1personal-demo-ana',
      'demo-ben': 'a:1personal-demo-ben',
      'demo-cai': 'unknown yet',
      'demo-dee': 'a:1personal-demo-dee',
    };
  });
  afterAll(async () => {
    await h.close();
  });

  it('sends each nudge once, at a suitable local time, and retries a refused send without doubling it', async () => {
    // Ben's first nudge meets a connector that answers 500 to the first try and to each of the
    // Bot Framework client's own three retries: the run gives up and a later run sends it. Ana's
    // first nudge meets one 500, which the client's own retry gets past.
    h.connector.failNext(personalChatOf['demo-ben'], 4);
    h.connector.failNext(personalChatOf['demo-ana'], 1);
    let failedRuns = 0;
    for (let atMs = MONDAY; atMs < MONDAY + WEEK_MS; atMs += STEP_MS) {
      h.now = atMs;
      const report = await h.app.companion.runScheduledWork(atMs);
      failedRuns += report.nudgesFailed > 0 ? 1 : 0;
    }
    personalChatOf['demo-cai'] = h.connector.createdConversations[0]?.id ?? 'none';
    expect(h.connector.createdConversations).toHaveLength(1);
    expect(h.connector.createdConversations[0]?.members).toEqual([
      { id: '29:1demo-cai', name: '' },
    ]);

    const schedule = (id: PersonId) =>
      received(id).map((s) => {
        const text = s.activity.text ?? '';
        const kind = text.includes('pre-session reflection')
          ? 'reflection'
          : text.includes('Bring evidence, not intentions')
            ? 'commitment'
            : text.includes('Your next Wednesday circle session')
              ? 'next-session'
              : `unexpected: ${text}`;
        return `${kind} @ ${localTime(s.atMs, PEOPLE[id].timeZone)}`;
      });
    // The session is Wednesday 10:00 in Berlin: 09:00 in Lisbon, 04:00 in New York, 17:00 in Singapore.
    expect(schedule('demo-ana')).toEqual([
      'next-session @ Tue 18:00',
      'reflection @ Tue 20:00',
      'commitment @ Wed 09:00',
    ]);
    expect(schedule('demo-ben')).toEqual([
      // 18:00 was refused by the connector; the next run, a quarter of an hour later, delivered it.
      'next-session @ Tue 18:15',
      'reflection @ Tue 20:00',
      'commitment @ Fri 09:00',
    ]);
    expect(schedule('demo-cai')).toEqual(['next-session @ Wed 09:00', 'reflection @ Wed 14:00']);
    expect(received('demo-dee')).toEqual([]);
    expect(
      h.connector.sent.filter((s) => s.atMs >= MONDAY && s.activity.text?.includes('Dee')),
    ).toEqual([]);

    expect(failedRuns).toBe(1);
    expect(
      h.connector.failures.filter((f) => f.conversationId === personalChatOf['demo-ben']).length,
    ).toBeGreaterThan(0);
    const texts = h.connector.sent
      .filter((s) => s.atMs >= MONDAY)
      .map((s) => `${s.conversationId} ${s.activity.text}`);
    expect(new Set(texts).size, 'no message was sent twice').toBe(texts.length);

    // Running again at any moment of the week sends nothing more.
    const before = h.connector.sent.length;
    for (const atMs of [MONDAY + 2 * 86_400_000, MONDAY + 3 * 86_400_000 + 9 * 3_600_000]) {
      await h.app.companion.runScheduledWork(atMs);
    }
    expect(h.connector.sent.length).toBe(before);
  });
});
