import {
  analyzeTranscript,
  buildSummary,
  createSession,
  findBuiltInFramework,
  reduce,
  type SessionCommand,
  type SessionOutputs,
  type SessionState,
} from '@grow-together/core';
import {
  buildFeedbackCard,
  buildMeetingStartCard,
  buildSummaryCard,
  card,
  MAX_CARD_BYTES,
  text,
  type MeetingBriefing,
  type SummaryForCard,
} from '@grow-together/bot';
import { format } from 'prettier';
import { describe, expect, it } from 'vitest';
import { checkCard } from './support/check-card.js';

// Every card the bot can send, built from fixed input: checked by the adaptivecards library,
// rendered to text, kept as a JSON snapshot, and held under Teams' size limit even at its largest.

/** The snapshot as the repository's formatter writes JSON, so formatting never changes it. */
const toSnapshot = (value: unknown) => format(JSON.stringify(value), { parser: 'json' });

const START = Date.UTC(2026, 0, 7, 9, 0);
const MINUTE = 60_000;
const PEOPLE = [
  ['ana', 'Ana Souza'],
  ['ben', 'Ben Okafor'],
  ['cai', 'Cai Lin'],
  ['dee', 'Dee Adeyemi'],
] as const;

const TRANSCRIPT = `WEBVTT

00:00:01.000 --> 00:00:20.000
<v Ana Souza>What would you like to get from today?</v>

00:00:21.000 --> 00:02:10.000
<v Ben Okafor>I want to practise saying no to extra work without sounding defensive.</v>

00:02:11.000 --> 00:02:30.000
<v Cai Lin>What did you try last time?</v>

00:02:31.000 --> 00:03:00.000
<v Dee Adeyemi>You should just refuse.</v>

00:03:01.000 --> 00:03:40.000
<v Ben Okafor>I'll book a slot with my manager tomorrow.</v>

00:03:41.000 --> 00:03:50.000
<v Sam Guest>Sorry, wrong meeting.</v>
`;

function runSession(): SessionState {
  const framework = findBuiltInFramework('weekly-micro-session');
  if (framework === undefined) throw new Error('the weekly micro-session is built in');
  let state = createSession({
    id: 'session-1',
    framework,
    participants: PEOPLE.map(([id, displayName]) => ({ id, displayName })),
    roles: { ana: 'coach', ben: 'coachee', cai: 'observer', dee: 'observer' },
  });
  const consentStage =
    framework.stages.find((stage) => stage.rules.consent !== undefined)?.id ?? '';
  const commands: [number, SessionCommand][] = [
    [0, { type: 'opt-out-tracking', by: 'dee', optedOut: true }],
    [0, { type: 'start', by: 'ana' }],
    ...PEOPLE.map(([by]): [number, SessionCommand] => [
      1,
      { type: 'record-consent', by, stageId: consentStage, answer: 'given' },
    ]),
    [3, { type: 'next', by: 'ana' }],
    [6, { type: 'next', by: 'ana' }],
    [18, { type: 'next', by: 'ana' }],
    [24, { type: 'end', by: 'ana' }],
  ];
  for (const [minute, command] of commands) {
    const result = reduce(state, command, START + minute * MINUTE);
    if (!result.ok) throw new Error(`${command.type}: ${result.message}`);
    state = result.state;
  }
  return state;
}

const BEN_COMMITMENT = {
  id: 'c1',
  owner: 'ben',
  text: 'Say no to one extra request, kindly and clearly',
  dueDate: '2026-01-14',
  createdAtMs: START + 23 * MINUTE,
  status: 'open',
  evidence: null,
  closedAtMs: null,
} as const;

const OUTPUTS: SessionOutputs = {
  commitments: [
    BEN_COMMITMENT,
    {
      id: 'c2',
      owner: 'cai',
      text: 'Ask one *open* question before giving a view',
      dueDate: null,
      createdAtMs: START + 23 * MINUTE,
      status: 'open',
      evidence: null,
      closedAtMs: null,
    },
  ],
  experiments: [{ id: 'e1', owner: 'ben', text: 'Speak last in two meetings this week' }],
  sentencesToRemember: [{ id: 's1', owner: 'ben', text: 'Curiosity before conclusions' }],
  appreciations: [
    { id: 'a1', from: 'ben', to: null, text: 'Thanks for the candour, all of you' },
    { id: 'a2', from: 'ana', to: 'ben', text: 'You named the hard thing first' },
  ],
};

function buildFixedSummary(): SummaryForCard {
  const analysis = analyzeTranscript(TRANSCRIPT);
  if (!analysis.ok) throw new Error('the fixture transcript parses');
  const summary = buildSummary({
    session: runSession(),
    marks: [],
    outputs: OUTPUTS,
    now: START + 30 * MINUTE,
    transcript: analysis.analysis,
    rotation: {
      members: PEOPLE.map(([id]) => id),
      history: [{ ana: 'coach', ben: 'coachee', cai: 'observer', dee: 'observer' }],
    },
  });
  return {
    circleName: 'Tuesday trio',
    summary,
    names: Object.fromEntries(PEOPLE.map(([id, name]) => [id, name])),
  };
}

const BRIEFING: MeetingBriefing = {
  circleName: 'Tuesday trio',
  frameworkName: 'GROW for equals',
  frameworkKind: 'coaching',
  frameworkSummary: 'Goal, reality, options and a way forward, between equals.',
  stageNames: ['Norms', 'Goal', 'Reality', 'Options', 'Way forward', 'Commitments'],
  totalMinutes: 45,
  norms: ['We ask before we advise.', 'What is said here stays here.'],
  members: PEOPLE.map(([userId, displayName]) => ({ userId, displayName })),
  roles: { ana: 'observer', ben: 'coach', cai: 'coachee', dee: 'observer' },
  rolesNote: null,
};

describe('the bot cards', () => {
  it('the summary card: stages, airtime bars, opted-out people, alerts, outputs and next roles', async () => {
    const built = buildSummaryCard(buildFixedSummary());
    const rendered = checkCard(built);
    expect(rendered).toContain('Session summary: Tuesday trio');
    expect(rendered).toContain('Weekly micro-session · 2026-01-07');
    expect(rendered).toMatch(/Intention planned \d+ min, took 3 min 00 s/);
    expect(rendered).toContain('From the meeting transcript');
    expect(rendered).toMatch(/Ben Okafor \(coachee\) [█░]{10} \d+% of the talk/);
    expect(rendered).toContain('Dee Adeyemi (observer): opted out of tracking, so not measured.');
    expect(rendered).toMatch(/Sam Guest ?, guest/);
    expect(rendered).toContain(
      'Ben Okafor: Say no to one extra request, kindly and clearly (by 2026-01-14)',
    );
    // User text is shown as written, never turned into formatting.
    expect(rendered).toContain('Ask one *open* question before giving a view');
    expect(rendered).toContain('Speak last in two meetings this week');
    expect(rendered).toContain('Curiosity before conclusions');
    expect(rendered).toContain('Ana Souza to Ben Okafor: You named the hard thing first');
    expect(rendered).toContain('Ben Okafor to everyone: Thanks for the candour');
    expect(rendered).toMatch(/Next session's roles .*coach.*coachee/);
    expect(rendered).not.toContain('You should just refuse');
    await expect(await toSnapshot(built)).toMatchFileSnapshot('__snapshots__/summary-card.json');
  });

  it('the meeting start card: framework, roles, norms and the side panel link', async () => {
    const built = buildMeetingStartCard(
      BRIEFING,
      'https://teams.microsoft.com/l/entity/app/grow-together-panel',
    );
    const rendered = checkCard(built);
    expect(rendered).toContain('Today in Tuesday trio');
    expect(rendered).toContain('GROW for equals, about 45 min');
    expect(rendered).toContain('Norms → Goal → Reality → Options → Way forward → Commitments');
    expect(rendered).toContain('Ben Okafor coach');
    expect(rendered).toContain('Cai Lin coachee');
    expect(rendered).toContain('We ask before we advise.');
    expect(rendered).toContain('Open the side panel');
    await expect(await toSnapshot(built)).toMatchFileSnapshot(
      '__snapshots__/meeting-start-card.json',
    );

    const withoutRoles = buildMeetingStartCard(
      {
        ...BRIEFING,
        roles: null,
        rolesNote: 'A coaching session needs at least 2 people and 1 is here.',
      },
      'https://grow.example.com/',
    );
    expect(checkCard(withoutRoles)).toContain('needs at least 2 people');
  });

  it('the private feedback card', async () => {
    const built = buildFeedbackCard({
      feedbackId: 'fb-1',
      recipient: { tenantId: 't', userId: 'ben' },
      fromDisplayName: 'Ana Souza',
      circleName: 'Tuesday trio',
      text: 'Your pause before answering gave Cai room to think.',
      createdAtMs: START,
    });
    const rendered = checkCard(built);
    expect(rendered).toContain('Private feedback from Ana Souza');
    expect(rendered).toContain('Your pause before answering gave Cai room to think.');
    expect(rendered).toContain('Only you can see this.');
    await expect(await toSnapshot(built)).toMatchFileSnapshot('__snapshots__/feedback-card.json');
  });

  it('keeps the largest summary under 28 KB, and the check fails a card over it', () => {
    const fixed = buildFixedSummary();
    const long = 'x'.repeat(1_000);
    const people = Array.from({ length: 12 }, (_, i) => ({
      ...(fixed.summary.people[0] ?? {
        id: 'p',
        displayName: 'p',
        role: null,
        isGuest: false,
        status: 'tracked' as const,
        airtime: null,
      }),
      id: `person-${i}`,
      displayName: `Person with a rather long display name number ${i}`.padEnd(100, '.'),
    }));
    const largest = buildSummaryCard({
      ...fixed,
      circleName: 'c'.repeat(100),
      summary: {
        ...fixed.summary,
        people,
        commitments: Array.from({ length: 60 }, (_, i) => ({
          ...BEN_COMMITMENT,
          id: `c${i}`,
          text: long,
        })),
        experiments: Array.from({ length: 30 }, (_, i) => ({
          id: `e${i}`,
          owner: 'ben',
          text: long,
        })),
        sentencesToRemember: Array.from({ length: 30 }, (_, i) => ({
          id: `s${i}`,
          owner: 'ben',
          text: long,
        })),
        appreciations: Array.from({ length: 60 }, (_, i) => ({
          id: `a${i}`,
          from: 'ana',
          to: 'ben',
          text: long,
        })),
        alerts: Array.from({ length: 100 }, (_, i) => ({
          rule: 'questions-only' as const,
          participant: 'ana',
          atMs: START + i,
          tag: 'advice' as const,
          message: long,
          stageId: 'practise',
          stageName: 'Practise one skill',
        })),
      },
    });
    const bytes = Buffer.byteLength(JSON.stringify(largest));
    expect(bytes).toBeLessThanOrEqual(MAX_CARD_BYTES);
    checkCard(largest);
    const oversized = card([text('y'.repeat(MAX_CARD_BYTES + 1))], 'too big');
    expect(() => checkCard(oversized)).toThrow(/card size in bytes/);
  });
});
