import { describe, expect, it } from 'vitest';
import type { Mark } from '../airtime/model.js';
import { EMPTY_OUTPUTS, type SessionOutputs } from '../outputs/model.js';
import { PRACTICE_FRAMEWORK, T0 } from '../session/frameworks.fixture.js';
import { createSession } from '../session/create-session.js';
import type { SessionCommand, SessionState } from '../session/model.js';
import { reduce } from '../session/reduce.js';
import { SECOND_MS } from '../units.js';
import { buildSummary } from './build-summary.js';
import { renderSummaryMarkdown } from './markdown.js';

const s = (seconds: number) => T0 + seconds * SECOND_MS;

function apply(state: SessionState, command: SessionCommand, atMs: number): SessionState {
  const result = reduce(state, command, atMs);
  if (!result.ok) throw new Error(`${command.type} refused: ${result.code}`);
  return result.state;
}

// Ana coaches, Ben is coached, Cai observes, Dee opted out. The opening runs 150 s (30 s past its
// 2-minute time-box), the goal stage 150 s; then the session ends.
function runSession(): SessionState {
  let state = createSession({
    id: 'session-1',
    framework: PRACTICE_FRAMEWORK,
    participants: [
      { id: 'ana', displayName: 'Ana' },
      { id: 'ben', displayName: 'Ben | the *coachee*' },
      { id: 'cai', displayName: 'Cai' },
      { id: 'dee', displayName: 'Dee' },
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

// Ana speaks 60 s, Ben 180 s: shares 25% and 75%. Ana gives advice without asking in the goal stage.
const MARKS: Mark[] = [
  speech('m1', 0, 'ana'),
  speech('m2', 60, 'ben'),
  speech('m3', 240, null),
  {
    kind: 'tag',
    id: 't1',
    atMs: s(10),
    by: 'cai',
    speaker: 'ana',
    tag: 'open-question',
    stageId: null,
  },
  { kind: 'tag', id: 't2', atMs: s(200), by: 'cai', speaker: 'ben', tag: 'advice', stageId: null },
];

const OUTPUTS: SessionOutputs = {
  ...EMPTY_OUTPUTS,
  commitments: [
    {
      id: 'c1',
      owner: 'ben',
      text: 'Ask for *help* | early\nand often',
      dueDate: '2023-11-21',
      createdAtMs: s(290),
      status: 'open',
      evidence: null,
      closedAtMs: null,
    },
  ],
  experiments: [{ id: 'e1', owner: 'ben', text: 'Speak last in stand-ups' }],
  sentencesToRemember: [{ id: 'r1', owner: 'ben', text: 'Evidence, not intentions' }],
  appreciations: [{ id: 'a1', from: 'ana', to: null, text: 'Thanks for the candour' }],
};

function render(overrides: { outputs?: SessionOutputs; ended?: boolean } = {}): string {
  const session =
    overrides.ended === false
      ? createSession({ id: 'x', framework: PRACTICE_FRAMEWORK })
      : runSession();
  return renderSummaryMarkdown(
    buildSummary({
      session,
      marks: MARKS,
      outputs: overrides.outputs ?? OUTPUTS,
      now: s(400),
      rotation: {
        members: ['ana', 'ben', 'cai', 'dee'],
        history: [{ ana: 'coach', ben: 'coachee', cai: 'observer', dee: 'observer' }],
      },
    }),
  );
}

describe('renderSummaryMarkdown', () => {
  it('titles the summary with the framework and the time it ran', () => {
    const markdown = render();
    expect(markdown.startsWith(`# Session summary: ${PRACTICE_FRAMEWORK.name}\n`)).toBe(true);
    expect(markdown).toContain('2023-11-14, 22:13–22:18 UTC (5 min)');
    expect(markdown).not.toContain('Preview');
  });

  it('lists every stage planned against actual, with the overrun', () => {
    const markdown = render();
    expect(markdown).toContain('## Stages: planned and actual');
    const stages = PRACTICE_FRAMEWORK.stages;
    expect(markdown).toContain(`| ${stages[0]?.name} | 2 min | 2 min 30 s (+30 s) | done |`);
    expect(markdown).toContain(`| ${stages[1]?.name} | 5 min | 2 min 30 s | ended early |`);
    expect(markdown).toContain(`| ${stages[3]?.name} | 3 min | – | not reached |`);
  });

  it('gives airtime shares per person from the summary, opted-out people as opted out', () => {
    const markdown = render();
    expect(markdown).toContain('| Ana, coach | 25% | 1 min | 1 | 1 (1/0/0) | open question 1 |');
    expect(markdown).toContain(
      '| Ben \\| the \\*coachee\\*, coachee | 75% | 3 min | 1 | 0 (0/0/0) | advice 1 |',
    );
    expect(markdown).toMatch(/\| Dee, observer \| opted out \|/);
    expect(markdown).toContain('From the observer’s taps.');
  });

  it('carries the alerts, outputs and next roles, with typed text escaped', () => {
    const markdown = render();
    expect(markdown).toMatch(
      /## Alerts\n\n- .+, Ben \\\| the \\\*coachee\\\*: Advice before asking/,
    );
    expect(markdown).toContain(
      '- Ben \\| the \\*coachee\\*: Ask for \\*help\\* \\| early and often (by 2023-11-21)',
    );
    expect(markdown).toContain(
      '## Experiment\n\n- Ben \\| the \\*coachee\\*: Speak last in stand-ups',
    );
    expect(markdown).toContain('“Evidence, not intentions”');
    expect(markdown).toContain('- Ana to the whole circle: Thanks for the candour');
    expect(markdown).toMatch(/## Next session’s roles\n\n(- .+: (Coach|Coachee|Observer)\n?){4}/);
  });

  it('leaves out empty sections and marks a preview', () => {
    const markdown = render({ outputs: EMPTY_OUTPUTS, ended: false });
    expect(markdown).toContain('_Preview: the session was still running._');
    expect(markdown).not.toContain('## Commitments');
    expect(markdown).not.toContain('## Appreciations');
    expect(markdown.endsWith('\n')).toBe(true);
  });
});
