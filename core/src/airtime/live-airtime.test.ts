import { describe, expect, it } from 'vitest';
import { computeLiveAirtime, isLongMonologue, LONG_MONOLOGUE_MS } from './live-airtime.js';
import type { Mark, SpeechMark } from './model.js';

const tap = (id: string, atMs: number, speaker: string | null): SpeechMark => ({
  kind: 'speech',
  id,
  atMs,
  by: 'obs',
  source: 'observer',
  speaker,
});

const silence = (id: string, atMs: number): SpeechMark => ({
  kind: 'speech',
  id,
  atMs,
  by: 'ana',
  source: 'silence-signal',
  speaker: null,
});

const START = 1_700_000_000_000;
const at = (seconds: number) => START + seconds * 1_000;

describe('computeLiveAirtime', () => {
  const marks: Mark[] = [
    tap('0', at(-5), 'ana'), // before the start: only the part after START counts
    tap('1', at(20), 'olu'), // opted out: closes ana, opens nothing
    tap('2', at(30), 'ben'),
    silence('3', at(40)),
    tap('4', at(50), 'ben'),
    tag('t1', at(55), 'ben'),
    tag('t2', at(21), 'olu'),
  ];
  const live = computeLiveAirtime({
    marks,
    roster: ['ana', 'olu', 'ben', 'cy'],
    optedOut: new Set(['olu']),
    startedAtMs: START,
    untilMs: at(60),
  });

  it('takes the opted-out off the metrics and lists them apart', () => {
    expect(live.participants.map((p) => p.participant)).toEqual(['ana', 'ben', 'cy']);
    expect(live.optedOut).toEqual(['olu']);
  });

  it('measures over the window from the start to untilMs', () => {
    // ana 0–20 s; ben 30–40 s and 50–60 s (one turn across the silence); cy never.
    expect(live.participants.map((p) => [p.talkMs, p.turns])).toEqual([
      [20_000, 1],
      [20_000, 1],
      [0, 0],
    ]);
    // 60 s, of which 40 s were heard: olu's 10 s count as silence, never as anyone's airtime.
    expect(live.session).toMatchObject({ durationMs: 60_000, silentMs: 20_000 });
    // ben's question counts; olu's tag is never stored.
    const closed = live.participants.map((p) => p.questions.closed);
    expect(closed).toEqual([0, 1, 0]);
  });

  it('reports who speaks now with the length of their current turn', () => {
    // ben's turn started at 30 s; the silence signal at 40 s split his span, not his turn.
    expect(live.speakingNow).toEqual([
      { participant: 'ben', turnStartedAtMs: at(30), turnMs: 30_000 },
    ]);
  });

  it('shows nobody as speaking once the session has ended in silence', () => {
    const ended = computeLiveAirtime({
      marks: [...marks, silence('9', at(59))],
      roster: ['ana', 'ben'],
      optedOut: [],
      startedAtMs: START,
      untilMs: at(60),
    });
    expect(ended.speakingNow).toEqual([]);
    expect(ended.participants.map((p) => p.talkMs)).toEqual([20_000, 19_000]);
  });

  it('gives a turn of 0 to someone whose speech starts at untilMs', () => {
    const live0 = computeLiveAirtime({
      marks: [tap('1', at(10), 'ana')],
      roster: ['ana'],
      optedOut: [],
      startedAtMs: START,
      untilMs: at(10),
    });
    expect(live0.speakingNow).toEqual([{ participant: 'ana', turnStartedAtMs: at(10), turnMs: 0 }]);
  });
});

describe('isLongMonologue', () => {
  it('fires at two minutes by default, and at a threshold given', () => {
    expect(LONG_MONOLOGUE_MS).toBe(120_000);
    expect(isLongMonologue(119_999)).toBe(false);
    expect(isLongMonologue(120_000)).toBe(true);
    expect(isLongMonologue(30_000, 30_000)).toBe(true);
    expect(isLongMonologue(Number.NaN)).toBe(false);
  });
});

function tag(id: string, atMs: number, speaker: string): Mark {
  return { kind: 'tag', id, atMs, by: 'obs', speaker, tag: 'closed-question', stageId: null };
}
