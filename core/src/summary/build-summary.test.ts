import { describe, expect, it } from 'vitest';
import type { Mark } from '../airtime/model.js';
import type { LanguageTag } from '../language/tags.js';
import { EMPTY_OUTPUTS, type SessionOutputs } from '../outputs/model.js';
import { PRACTICE_FRAMEWORK, T0 } from '../session/frameworks.fixture.js';
import { createSession } from '../session/create-session.js';
import type { SessionCommand, SessionState } from '../session/model.js';
import { reduce } from '../session/reduce.js';
import { analyzeTranscript } from '../transcript/analyze-transcript.js';
import { SECOND_MS } from '../units.js';
import { buildSummary } from './build-summary.js';
import { TRANSCRIPT_GUEST_PREFIX } from './match-transcript-speakers.js';

const s = (seconds: number) => T0 + seconds * SECOND_MS;

function apply(state: SessionState, command: SessionCommand, atMs: number): SessionState {
  const result = reduce(state, command, atMs);
  if (!result.ok) throw new Error(`${command.type} refused: ${result.code} ${result.message}`);
  return result.state;
}

// A coaching session on the practice framework (opening 2 min, goal 5 min with ask-before-advising,
// role-play 10 min, closing 3 min). Ana coaches, Ben is coached, Cai observes; Dee opted out of
// tracking; Eve is absent. Ana moves on at 150 s and ends the session at 300 s.
function runSession(): SessionState {
  let state = createSession({
    id: 'session-1',
    framework: PRACTICE_FRAMEWORK,
    participants: [
      { id: 'ana', displayName: 'Ana Lopez' },
      { id: 'ben', displayName: 'Ben Okafor' },
      { id: 'cai', displayName: 'Cai Wu' },
      { id: 'dee', displayName: 'Dee Patel' },
      { id: 'eve', displayName: 'Eve Martin', presence: 'absent' },
    ],
    roles: { ana: 'coach', ben: 'coachee', cai: 'observer', dee: 'observer' },
  });
  state = apply(state, { type: 'opt-out-tracking', by: 'dee', optedOut: true }, s(0));
  state = apply(state, { type: 'start', by: 'ana' }, s(0));
  state = apply(state, { type: 'next', by: 'ana' }, s(150));
  return apply(state, { type: 'end', by: 'ana' }, s(300));
}

const speech = (id: string, seconds: number, speaker: string | null): Mark => ({
  kind: 'speech',
  id,
  atMs: s(seconds),
  by: 'cai',
  source: 'observer',
  speaker,
});
const tag = (id: string, seconds: number, speaker: string, value: LanguageTag) =>
  ({ kind: 'tag', id, atMs: s(seconds), by: 'cai', speaker, tag: value, stageId: null }) as Mark;

// Ana 10–70 s, Ben 70–190 s, silence, Ana 200–260 s. A mis-tap on Ben at 262 s is undone, and
// Dee's speech is never recorded because she opted out.
const MARKS: Mark[] = [
  speech('m1', 10, 'ana'),
  speech('m2', 70, 'ben'),
  speech('m3', 190, null),
  speech('m4', 200, 'ana'),
  speech('m5', 260, null),
  speech('m6', 262, 'ben'),
  { kind: 'undo', id: 'u1', atMs: s(263), by: 'cai', targetId: 'm6' },
  speech('m7', 270, 'dee'),
  speech('m8', 280, null),
  tag('t1', 20, 'ana', 'open-question'),
  tag('t2', 100, 'ben', 'other'),
  tag('t3', 210, 'ana', 'advice'),
];

const OUTPUTS: SessionOutputs = {
  ...EMPTY_OUTPUTS,
  commitments: [
    {
      id: 'c2',
      owner: 'ana',
      text: 'Share the draft with Ben',
      dueDate: null,
      createdAtMs: s(290),
      status: 'open',
      evidence: null,
      closedAtMs: null,
    },
    {
      id: 'c1',
      owner: 'ben',
      text: 'Ask for the budget in Monday’s stand-up',
      dueDate: '2023-11-20',
      createdAtMs: s(280),
      status: 'open',
      evidence: null,
      closedAtMs: null,
    },
  ],
  experiments: [{ id: 'x1', owner: 'ben', text: 'Speak last in two meetings' }],
};

describe('buildSummary from the observer’s taps', () => {
  const summary = buildSummary({
    session: runSession(),
    marks: MARKS,
    outputs: OUTPUTS,
    now: s(999),
  });

  it('shows the stage timeline planned against actual', () => {
    expect(summary.isFinal).toBe(true);
    expect(
      summary.timeline.map((stage) => [
        stage.stageId,
        stage.actualMs,
        stage.overrunMs,
        stage.status,
      ]),
    ).toEqual([
      ['opening', 150_000, 30_000, 'done'], // 150 s against 2 min
      ['goal', 150_000, -150_000, 'session-ended'], // 150 s against 5 min
      ['role-play', 0, null, 'not-reached'],
      ['closing', 0, null, 'not-reached'],
    ]);
  });

  it('computes airtime over the people present and tracked, and shows the rest as they are', () => {
    expect(summary.airtimeSource).toBe('observer');
    expect(summary.people.map((p) => [p.id, p.status, p.airtime?.talkMs ?? null])).toEqual([
      ['ana', 'tracked', 120_000], // 60 s + 60 s
      ['ben', 'tracked', 120_000], // 70–190 s; the undone mis-tap adds nothing
      ['cai', 'tracked', 0],
      ['dee', 'opted-out', null],
      ['eve', 'absent', null],
    ]);
    expect(summary.people.find((p) => p.id === 'ana')?.airtime?.share).toBeCloseTo(0.5, 12);
    const conversation = summary.conversation;
    expect(conversation.durationMs).toBe(300_000);
    expect(conversation.silentMs).toBe(60_000); // 300 s − 240 s of speech
    expect(conversation.gini).toBeCloseTo(1 / 3, 12); // 4 × 120 / (2 × 3² × 80)
    expect(conversation.balance).toBeCloseTo(Math.log(2) / Math.log(3), 12);
    expect(conversation.turnTakingIndex).toBe(1); // 3 spans, 3 turns
    expect(conversation.questionRatio).toBeCloseTo(1 / 3, 12);
    expect(summary.observerView).toBeNull();
  });

  it('raises the rule alerts of the stage each tag fell in', () => {
    expect(summary.alerts.map((a) => [a.rule, a.stageId, a.participant, a.tag])).toEqual([
      ['ask-before-advising', 'goal', 'ana', 'advice'],
    ]);
    expect(summary.alerts[0]?.message).not.toBe('');
  });

  it('lists commitments by due date, undated last, with the experiment', () => {
    expect(summary.commitments.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(summary.experiments).toEqual(OUTPUTS.experiments);
    expect(summary.nextRoles).toBeNull();
  });

  it('proposes next session’s roles from the rotation, with no repeats', () => {
    const history = [{ ana: 'coach', ben: 'coachee', cai: 'observer' }] as const;
    const withRotation = buildSummary({
      session: runSession(),
      marks: MARKS,
      outputs: OUTPUTS,
      now: s(999),
      rotation: { members: ['ana', 'ben', 'cai'], history },
    });
    const next = withRotation.nextRoles ?? {};
    expect(Object.values(next).sort()).toEqual(['coach', 'coachee', 'observer']);
    for (const [member, role] of Object.entries(history[0])) expect(next[member]).not.toBe(role);
  });

  it('previews a running session up to now', () => {
    let running = createSession({
      id: 'session-2',
      framework: PRACTICE_FRAMEWORK,
      participants: [
        { id: 'ana', displayName: 'Ana' },
        { id: 'ben', displayName: 'Ben' },
      ],
    });
    running = apply(running, { type: 'start', by: 'ana' }, s(0));
    const preview = buildSummary({
      session: running,
      marks: MARKS,
      outputs: EMPTY_OUTPUTS,
      now: s(100),
    });
    expect(preview.isFinal).toBe(false);
    expect(preview.conversation.durationMs).toBe(100_000);
    expect(preview.people.find((p) => p.id === 'ben')?.airtime?.talkMs).toBe(30_000); // 70–100 s
  });
});

// The transcript replaces the taps: names are matched to members, Dee (opted out) counts for
// nobody, and a speaker no member matches is a guest.
const TRANSCRIPT = [
  'WEBVTT',
  '',
  '00:00:00.000 --> 00:00:30.000',
  '<v Ana Lopez>What would make this week a good one for you?</v>',
  '',
  '00:00:30.000 --> 00:01:30.000',
  '<v BEN OKAFOR (Guest)>I want to get the budget signed off, and we have no bandwidth.</v>',
  '',
  '00:01:30.000 --> 00:01:40.000',
  '<v Dee Patel>Let us circle back on the bandwidth question.</v>',
  '',
  '00:01:40.000 --> 00:02:00.000',
  '<v Zed Visitor>Thanks for having me.</v>',
].join('\n');

describe('buildSummary with a transcript', () => {
  const parsed = analyzeTranscript(TRANSCRIPT);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const summary = buildSummary({
    session: runSession(),
    marks: MARKS,
    outputs: OUTPUTS,
    now: s(999),
    transcript: parsed.analysis,
  });

  it('uses the transcript’s exact airtime and keeps the observer’s view', () => {
    expect(summary.airtimeSource).toBe('transcript');
    const talk = Object.fromEntries(
      summary.people.map((p) => [p.id, [p.status, p.airtime?.talkMs ?? null]]),
    );
    expect(talk).toEqual({
      ana: ['tracked', 30_000],
      ben: ['tracked', 60_000],
      cai: ['tracked', 0],
      dee: ['opted-out', null],
      eve: ['absent', null],
      [`${TRANSCRIPT_GUEST_PREFIX}Zed Visitor`]: ['tracked', 20_000],
    });
    const guest = summary.people.find((p) => p.isGuest);
    expect(guest?.displayName).toBe('Zed Visitor');
    // Shares over 110 s of counted speech: Dee's 10 s count for nobody.
    expect(summary.people.find((p) => p.id === 'ben')?.airtime?.share).toBeCloseTo(60 / 110, 12);
    expect(summary.conversation.durationMs).toBe(120_000);
    expect(summary.observerView?.people.find((p) => p.id === 'ana')?.airtime.talkMs).toBe(120_000);
  });

  it('reports jargon with plain words, leaving out what opted-out people said', () => {
    expect(summary.jargon.map((j) => [j.term, j.count])).toEqual([['bandwidth', 1]]);
    expect(summary.jargon[0]?.plain).not.toBe('');
  });
});
