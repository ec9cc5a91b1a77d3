import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  botAddedToChat,
  installationUpdate,
  meetingEnd,
  meetingStart,
  message,
  participants,
  personalInstallationUpdate,
  type ChatContext,
  type TeamsUser,
} from './support/activities.js';
import { CALL_ROSTER_TTL_SECONDS, formatCallRosterKey } from '../../api/src/bot/companion-store.js';
import { openBotHarness, waitFor, type BotHarness } from './support/bot-harness.js';
import { checkCard, readCard } from './support/check-card.js';

// The bot in a meeting chat, end to end: real activity JSON posted over HTTP to the running
// server's /api/messages, the api's routes making the circle and the session as panels do, and a
// loopback Bot Connector (and Graph) receiving everything the bot sends.

const ANA: TeamsUser = { aadObjectId: 'demo-ana', name: 'Ana' };
const BEN: TeamsUser = { aadObjectId: 'demo-ben', name: 'Ben' };
const CAI: TeamsUser = { aadObjectId: 'demo-cai', name: 'Cai' };
const DEE: TeamsUser = { aadObjectId: 'demo-dee', name: 'Dee' };
const CHAT_ID = '19:meeting_Z3Jvdy10b2dldGhlcg@thread.v2';
const MEETING_ID = 'MCMxOTptZWV0aW5nX1ozSnZkeTEwYjJkbGRHaGxjZ0B0aHJlYWQudjIjMA==';
const GRAPH_MEETING_ID = 'MSo0YWFkLW9yZ2FuaXplcio';
const COMMITMENT = 'Ask one open question before giving any view';
const FEEDBACK_TEXT = 'Your pause before answering gave Cai room to think. Keep it.';

const TRANSCRIPT = `WEBVTT

00:00:01.000 --> 00:00:20.000
<v Ana>What would you like to get from today?</v>

00:00:21.000 --> 00:01:10.000
<v Ben>I want to practise saying no to extra work without sounding defensive.</v>

00:01:11.000 --> 00:01:30.000
<v Cai>What did you try last time?</v>

00:01:31.000 --> 00:02:00.000
<v Dee>You should just refuse.</v>

00:02:01.000 --> 00:02:40.000
<v Ben>I'll book a slot with my manager tomorrow.</v>
`;

interface Sent {
  readonly conversationId: string;
  readonly activity: {
    readonly text?: string;
    readonly attachments?: readonly { contentType: string; content: unknown }[];
  };
}

describe('the bot in a meeting chat', () => {
  let h: BotHarness;
  let chat: ChatContext;
  let circleId = '';
  const logLines: string[] = [];
  const inChat = () => h.connector.sent.filter((s) => s.conversationId === CHAT_ID);
  const sentSince = (count: number) => h.connector.sent.slice(count);
  const textOf = (sent: Sent) => sent.activity.text ?? '';

  async function postOk(activity: unknown): Promise<void> {
    const response = await h.post(activity);
    expect(response.status, await response.clone().text()).toBe(200);
  }

  async function sessionState(): Promise<{
    id: string;
    version: number;
    state: {
      status: string;
      participants: Record<
        string,
        { presence: string; role: string | null; optedOutOfTracking: boolean }
      >;
    };
  }> {
    const response = await h.api('demo-ana', 'GET', `/api/circles/${circleId}/sessions`);
    const { sessions } = (await response.json()) as {
      sessions: { session: Awaited<ReturnType<typeof sessionState>> }[];
    };
    const first = sessions[0];
    if (first === undefined) throw new Error('no session');
    return first.session;
  }

  beforeAll(async () => {
    h = await openBotHarness(Date.now(), { logLines });
    chat = {
      serviceUrl: h.connector.serviceUrl,
      tenantId: h.tenantId,
      chatId: CHAT_ID,
      meetingId: MEETING_ID,
    };
    const created = await h.api('demo-ana', 'POST', '/api/circles', {
      host: 'teams',
      meetingKey: CHAT_ID,
      name: 'Tuesday trio',
      frameworkId: 'weekly-micro-session',
      norms: ['We ask before we advise.', 'What is said here stays here.'],
    });
    expect(created.status).toBe(201);
    circleId = ((await created.json()) as { circle: { id: string } }).circle.id;
    for (const user of ['demo-ben', 'demo-cai', 'demo-dee']) {
      const joined = await h.api(
        user,
        'GET',
        `/api/circles/by-meeting/teams/${encodeURIComponent(CHAT_ID)}`,
      );
      expect(joined.status).toBe(200);
    }
    h.connector.meetings.set(MEETING_ID, { organizerId: 'demo-ana', graphId: GRAPH_MEETING_ID });
    h.connector.transcripts.set(GRAPH_MEETING_ID, TRANSCRIPT);
  });
  afterAll(async () => {
    await h.close();
  });

  it('greets the meeting chat once when installed, and keeps quiet on the conversationUpdate', async () => {
    await postOk(installationUpdate(chat, ANA, h.now));
    await postOk(botAddedToChat(chat, ANA, h.now));
    const sent = inChat();
    expect(sent).toHaveLength(1);
    const greeting = textOf(sent[0] as Sent);
    expect(greeting).toMatch(/side panel/);
    expect(greeting).toMatch(/opt out/);
    expect(greeting).toMatch(/summary/);
  });

  it("posts today's framework, rotated roles, norms and a link to the panel when the meeting starts", async () => {
    const before = h.connector.sent.length;
    await postOk(meetingStart(chat, h.now));
    const [posted] = sentSince(before);
    expect(posted?.conversationId).toBe(CHAT_ID);
    const card = readCard(posted?.activity ?? {}) as { actions?: { url: string }[] };
    const rendered = checkCard(card);
    expect(rendered).toContain('Weekly micro-session');
    expect(rendered).toContain('We ask before we advise.');
    // Rotation gives four people a coach, a coachee and two observers.
    expect(rendered.match(/coach\b/g)?.length).toBe(1);
    expect(rendered).toContain('coachee');
    expect(rendered.match(/observer/g)?.length).toBe(2);
    for (const name of ['Ana', 'Ben', 'Cai', 'Dee']) expect(rendered).toContain(name);
    expect(card.actions?.[0]?.url).toBe('https://grow.example.com/');
    // The bot called the same start-or-join as the panel: today's session exists with those roles.
    const session = await sessionState();
    const roles = Object.values(session.state.participants)
      .map((p) => p.role)
      .sort();
    expect(roles).toEqual(['coach', 'coachee', 'observer', 'observer']);
  });

  it('marks people present when Teams sends the singular meetingParticipantJoin, and keeps roles on leave', async () => {
    await postOk(participants(chat, 'Join', [ANA, BEN, CAI, DEE], h.now));
    let session = await sessionState();
    for (const id of ['demo-ana', 'demo-ben', 'demo-cai', 'demo-dee']) {
      expect(session.state.participants[id]?.presence).toBe('present');
    }
    const before = h.connector.sent.length;
    await postOk(participants(chat, 'Leave', [DEE], h.now));
    await postOk(participants(chat, 'Join', [DEE], h.now));
    session = await sessionState();
    expect(session.state.participants['demo-dee']?.role).not.toBeNull();
    expect(h.connector.sent.length, 'participant events post nothing').toBe(before);
    // Who is in the call is kept only while it matters: the roster expires after its last change.
    const roster = await h.store.read<{ ttl?: number; inCall: Record<string, unknown> }>(
      'bot',
      formatCallRosterKey(chat),
      'roster',
    );
    expect(Object.keys(roster?.inCall ?? {}).sort()).toEqual([
      'demo-ana',
      'demo-ben',
      'demo-cai',
      'demo-dee',
    ]);
    expect(roster?.ttl).toBe(CALL_ROSTER_TTL_SECONDS);
  });

  it('applies "opt out tracking" from the chat to the session under way', async () => {
    const before = h.connector.sent.length;
    await postOk(message(chat, DEE, 'opt out tracking', h.now));
    const reply = sentSince(before)[0] as Sent;
    expect(textOf(reply)).toMatch(/opted out of airtime and language tracking/);
    const session = await sessionState();
    expect(session.state.participants['demo-dee']?.optedOutOfTracking).toBe(true);
    const preferences = await h.api('demo-dee', 'GET', '/api/me/preferences');
    expect(
      ((await preferences.json()) as { optOuts: { airtimeAndLanguage: boolean } }).optOuts
        .airtimeAndLanguage,
    ).toBe(true);
  });

  it('ends the session, merges the Graph transcript and posts the summary card when the meeting ends', async () => {
    const session = await sessionState();
    const coach =
      Object.entries(session.state.participants).find(([, p]) => p.role === 'coach')?.[0] ?? '';
    const coachee =
      Object.entries(session.state.participants).find(([, p]) => p.role === 'coachee')?.[0] ?? '';
    const started = await h.api(
      coach,
      'POST',
      `/api/circles/${circleId}/sessions/${session.id}/commands`,
      {
        commandId: 'start-1',
        expectedVersion: session.version,
        command: { type: 'start' },
      },
    );
    expect(started.status, await started.clone().text()).toBe(200);
    const base = `/api/circles/${circleId}/sessions/${session.id}`;
    for (const [path, body] of [
      ['commitments', { id: 'c1', owner: coachee, text: COMMITMENT, dueDate: '2099-01-08' }],
      ['experiments', { id: 'e1', owner: coachee, text: 'Speak last in two meetings' }],
      ['sentences', { id: 's1', owner: coachee, text: 'Curiosity before conclusions' }],
      ['appreciations', { id: 'a1', to: null, text: 'Thanks for the candour, all of you' }],
    ] as const) {
      const response = await h.api(coachee, 'POST', `${base}/${path}`, body);
      expect(response.status, path).toBe(201);
    }

    const before = h.connector.sent.length;
    await postOk(meetingEnd(chat, h.now));
    const ended = await sessionState();
    expect(ended.state.status).toBe('ended');
    expect(
      h.connector.graphRequests.some((r) =>
        r.includes(`/onlineMeetings/${GRAPH_MEETING_ID}/transcripts`),
      ),
    ).toBe(true);
    const posted = sentSince(before);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.conversationId).toBe(CHAT_ID);
    const rendered = checkCard(readCard(posted[0]?.activity ?? {}));
    expect(rendered).toContain('Session summary: Tuesday trio');
    expect(rendered).toContain('From the meeting transcript');
    expect(rendered).toMatch(/Dee\*?\*? \((coach|coachee|observer)\): opted out of tracking/);
    expect(rendered).toMatch(/█+░* \d+% of the talk/);
    expect(rendered).toContain(COMMITMENT);
    expect(rendered).toContain('by 2099-01-08');
    expect(rendered).toContain('Speak last in two meetings');
    expect(rendered).toContain('Curiosity before conclusions');
    expect(rendered).toContain('Thanks for the candour');
    expect(rendered).toContain("Next session's roles");
    // Dee opted out: what she said ("You should just refuse.") is nobody's airtime or advice.
    expect(rendered).not.toContain('You should just refuse');
  });

  it('answers summary, roles, my commitments, opt in, help, and unknown text with help', async () => {
    const ask = async (from: TeamsUser, text: string): Promise<Sent> => {
      const before = h.connector.sent.length;
      await postOk(message(chat, from, text, h.now));
      const replies = sentSince(before);
      expect(replies, `one reply to "${text}"`).toHaveLength(1);
      return replies[0] as Sent;
    };
    const summary = await ask(ANA, 'summary');
    expect(checkCard(readCard(summary.activity))).toContain('Session summary');
    expect(textOf(await ask(ANA, 'roles'))).toMatch(
      /Today's roles in Tuesday trio:\n- \w+: (coach|coachee|observer)/,
    );
    const session = await sessionState();
    const coachee = Object.entries(session.state.participants).find(
      ([, p]) => p.role === 'coachee',
    )?.[0];
    const coacheeUser = [ANA, BEN, CAI, DEE].find((u) => u.aadObjectId === coachee) ?? ANA;
    const commitments = textOf(await ask(coacheeUser, 'my commitments'));
    expect(commitments).toContain(COMMITMENT);
    expect(commitments).toContain('Bring evidence, not intentions');
    expect(textOf(await ask(DEE, 'opt in'))).toMatch(/back in/);
    const preferences = await h.api('demo-dee', 'GET', '/api/me/preferences');
    expect(((await preferences.json()) as { optOuts: Record<string, boolean> }).optOuts).toEqual({
      airtimeAndLanguage: false,
      transcriptAnalysis: false,
      nudges: false,
    });
    for (const text of ['help', "what's up?", 'opt out of everything please']) {
      expect(textOf(await ask(BEN, text))).toContain('**my commitments**');
    }
  });

  it('delivers private feedback one to one, to its recipient only', async () => {
    await postOk(personalInstallationUpdate(h.connector.serviceUrl, h.tenantId, BEN, h.now));
    const benChat = `a:1personal-demo-ben`;
    expect(h.connector.sent.filter((s) => s.conversationId === benChat)).toHaveLength(1);
    const before = h.connector.sent.length;

    const sent = await h.api('demo-ana', 'POST', `/api/circles/${circleId}/feedback`, {
      id: 'fb-1',
      to: 'demo-ben',
      text: FEEDBACK_TEXT,
    });
    expect(sent.status).toBe(201);
    // To Cai, who never chatted with the bot: a one-to-one chat is opened with the id Teams gave
    // in the participant event.
    const toCai = await h.api('demo-ana', 'POST', `/api/circles/${circleId}/feedback`, {
      id: 'fb-2',
      to: 'demo-cai',
      text: `${FEEDBACK_TEXT} (Cai)`,
    });
    expect(toCai.status).toBe(201);
    await waitFor(() => sentSince(before).length >= 2, 'both deliveries');

    const withFeedback = h.connector.sent.filter((s) =>
      JSON.stringify(s.activity).includes(FEEDBACK_TEXT),
    );
    expect(withFeedback.map((s) => s.conversationId).sort()).toEqual(
      [benChat, h.connector.createdConversations[0]?.id ?? 'none'].sort(),
    );
    expect(h.connector.createdConversations[0]?.members).toEqual([
      { id: '29:1demo-cai', name: '' },
    ]);
    for (const delivered of withFeedback) {
      expect(checkCard(readCard(delivered.activity))).toContain('Private feedback from Ana');
    }
    const mine = await h.api('demo-ben', 'GET', '/api/me/feedback');
    const { feedback } = (await mine.json()) as { feedback: { id: string; delivery: string }[] };
    expect(feedback.find((f) => f.id === 'fb-1')?.delivery).toBe('sent');

    // Sent again (a retried request): stored once, delivered once.
    const again = await h.api('demo-ana', 'POST', `/api/circles/${circleId}/feedback`, {
      id: 'fb-1',
      to: 'demo-ben',
      text: FEEDBACK_TEXT,
    });
    expect(again.status).toBe(200);
    const report = await h.app.companion.runScheduledWork(h.now);
    expect(report.feedbackDelivered).toBe(0);
    expect(
      h.connector.sent.filter((s) => JSON.stringify(s.activity).includes(FEEDBACK_TEXT)),
    ).toHaveLength(2);
  });

  it('answers a failing turn politely, logs it without personal text, and keeps serving', async () => {
    await h.store.upsert('circles', {
      ...(await h.store.read<Record<string, unknown>>('circles', circleId, circleId)),
      frameworkId: 'a-framework-that-was-deleted',
    } as { id: string });
    const secret = 'my manager makes me anxious';
    const before = h.connector.sent.length;
    const otherMeeting = { ...chat, meetingId: 'another-meeting-id' };
    await postOk(message(otherMeeting, ANA, `roles ${secret}`, h.now));
    await postOk(meetingStart(otherMeeting, h.now));
    const replies = sentSince(before).map(textOf);
    expect(replies.at(-1)).toMatch(/Sorry, something went wrong on my side/);
    const health = await fetch(`${h.baseUrl}/api/health`);
    expect(health.status).toBe(200);
    expect(logLines.some((line) => line.includes('a bot turn failed'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(secret);
    expect(logLines.join('\n')).not.toContain(FEEDBACK_TEXT);
  });

  it('refuses a body that is not an activity with a clear 400', async () => {
    const response = await h.post({ hello: 'world' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
  });
});
