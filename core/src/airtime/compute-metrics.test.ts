import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_TAGS } from '../language/tags.js';
import type { LanguageTag } from '../language/tags.js';
import { computeMetrics } from './compute-metrics.js';
import type {
  AirtimeMetrics,
  MetricsInput,
  ParticipantMetrics,
  Span,
  TaggedUtterance,
} from './model.js';

const span = (participant: string, startMs: number, endMs: number): Span => ({
  participant,
  startMs,
  endMs,
});

const said = (participant: string, atMs: number, tag: LanguageTag): TaggedUtterance => ({
  participant,
  atMs,
  tag,
  key: `${participant}-${atMs}`,
});

function metricsOf(metrics: AirtimeMetrics, participant: string): ParticipantMetrics {
  const found = metrics.participants.find((p) => p.participant === participant);
  if (found === undefined) throw new Error(`${participant} is not in the metrics`);
  return found;
}

// One minute with four people on the roster (dee never speaks) and a guest who is not on it.
//
//   ana  0────10 000                19 800─────30 000     32 000──40 000
//   ben        8 000────────20 000                                        42 000──────56 000
//   ben                                                                     43 000─44 000
//   cy                                        25 000─26 000
//   unattributed                                                                       56 000─58 000
//   unattributed                                                                          57 000─59 000
//   guest 0─────────────────────────────────────────────────────────────────────────────────────60 000
//
// Ordered spans: ana 0, ben 8 000, ana 19 800, cy 25 000, ana 32 000, ben 42 000, ben 43 000.
// Turns: ana | ben | ana | cy | ana | ben ben  → 6 turns over 7 spans.
const example: MetricsInput = {
  roster: ['ana', 'ben', 'cy', 'dee'],
  // Deliberately not in time order: the function sorts.
  spans: [
    span('ben', 43_000, 44_000),
    span('ana', 32_000, 40_000),
    span('guest', 0, 60_000),
    span('ana', 0, 10_000),
    span('cy', 25_000, 26_000),
    span('ben', 8_000, 20_000),
    span('ana', 19_800, 30_000),
    span('ben', 42_000, 56_000),
  ],
  unattributed: [
    { startMs: 57_000, endMs: 59_000 },
    { startMs: 56_000, endMs: 58_000 },
  ],
  utterances: [
    said('ana', 1_000, 'open-question'),
    said('ana', 2_000, 'open-question'),
    said('ana', 21_000, 'closed-question'),
    said('ana', 33_000, 'advice'),
    said('ben', 9_000, 'leading-question'),
    said('ben', 45_000, 'observation'),
    said('cy', 25_500, 'appreciation'),
    said('guest', 3_000, 'open-question'),
  ],
  durationMs: 60_000,
};

describe('computeMetrics, worked example', () => {
  const metrics = computeMetrics(example);

  it('lists every roster member in roster order, guests left out', () => {
    expect(metrics.participants.map((p) => p.participant)).toEqual(['ana', 'ben', 'cy', 'dee']);
  });

  it('talkMs is the union of the person’s spans', () => {
    // ana: 10 000 + 10 200 + 8 000 = 28 200.
    // ben: 12 000 + 14 000 (43 000–44 000 lies inside 42 000–56 000, so it counts once) = 26 000.
    expect(metrics.participants.map((p) => p.talkMs)).toEqual([28_200, 26_000, 1_000, 0]);
  });

  it('share is talkMs over everyone’s talkMs', () => {
    // Total 55 200: 28 200/55 200 = 47/92, 26 000/55 200 = 65/138, 1 000/55 200 = 5/276.
    const shares = metrics.participants.map((p) => p.share);
    expect(shares[0]).toBeCloseTo(47 / 92, 12); // 0.5108695652…
    expect(shares[1]).toBeCloseTo(65 / 138, 12); // 0.4710144927…
    expect(shares[2]).toBeCloseTo(5 / 276, 12); // 0.0181159420…
    expect(shares[3]).toBe(0);
  });

  it('turns are maximal runs of one person in span order', () => {
    // ana | ben | ana | cy | ana | ben ben.
    expect(metrics.participants.map((p) => p.turns)).toEqual([3, 2, 1, 0]);
  });

  it('longestMonologueMs is the latest end in a turn minus its first start', () => {
    // ana: max(10 000, 10 200, 8 000). ben: max(12 000, 56 000 − 42 000) — the turn's last span
    // ends at 44 000, but its latest end is 56 000.
    expect(metrics.participants.map((p) => p.longestMonologueMs)).toEqual([
      10_200, 14_000, 1_000, 0,
    ]);
  });

  it('counts only the interruption that overlaps by 500 ms and stops the other speaker', () => {
    // ben at 8 000: ana runs until 10 000 (2 000 ms more), ana stops at 10 000 while ben speaks → 1.
    // ana at 19 800: ben runs only 200 ms more → no.
    // cy at 25 000: ana runs 5 000 ms more, but keeps talking after cy stopped at 26 000 → no.
    expect(metrics.participants.map((p) => p.interruptions)).toEqual([0, 1, 0, 0]);
  });

  it('counts question kinds and the question ratio per person', () => {
    expect(metricsOf(metrics, 'ana').questions).toEqual({ open: 2, closed: 1, leading: 0 });
    expect(metricsOf(metrics, 'ben').questions).toEqual({ open: 0, closed: 0, leading: 1 });
    // ana 3 of 4, ben 1 of 2, cy 0 of 1, dee has no tagged utterance.
    expect(metrics.participants.map((p) => p.questionRatio)).toEqual([0.75, 0.5, 0, 0]);
  });

  it('counts all eleven tags per person', () => {
    const ana = metricsOf(metrics, 'ana').tags;
    expect(Object.keys(ana).sort()).toEqual([...LANGUAGE_TAGS].sort());
    expect(ana).toMatchObject({ 'open-question': 2, 'closed-question': 1, advice: 1, other: 0 });
    expect(Object.values(metricsOf(metrics, 'dee').tags)).toEqual(LANGUAGE_TAGS.map(() => 0));
  });

  it('measures the session', () => {
    // Heard: 0–30 000, 32 000–40 000, 42 000–56 000 and the cues 56 000–59 000: 55 000 of 60 000.
    // The guest's span is ignored, or nothing would be silent.
    expect(metrics.session).toMatchObject({
      durationMs: 60_000,
      silentMs: 5_000,
      unattributedMs: 3_000,
      // 6 turns over 7 spans: (6 − 1) / (7 − 1).
      turnTakingIndex: 5 / 6,
      // Roster questions 4 (ana 3, ben 1) of 7 tagged utterances; 2 of the 4 are open.
      questionRatio: 4 / 7,
      openQuestionRate: 0.5,
    });
  });

  it('computes gini over the roster, counting dee as 0', () => {
    // Pairs |xᵢ − xⱼ| over 28 200, 26 000, 1 000, 0: 2 200 + 27 200 + 28 200 + 25 000 + 26 000
    // + 1 000 = 109 600, twice for both orders = 219 200; 2 n² x̄ = 2 · 4 · 55 200 = 441 600.
    expect(metrics.session.gini).toBeCloseTo(219_200 / 441_600, 9);
    expect(metrics.session.gini).toBeCloseTo(0.4963768115942029, 9);
  });

  it('computes balance as entropy of the shares over ln 4', () => {
    // −(0.51087 ln 0.51087 + 0.47101 ln 0.47101 + 0.018116 ln 0.018116) = 0.34312 + 0.35461
    // + 0.07266 = 0.77039; dee adds 0; / ln 4 (1.38629) = 0.55572.
    expect(metrics.session.balance).toBeCloseTo(0.5557220166927697, 9);
  });
});

describe('computeMetrics, interruptions', () => {
  const interruptionsOf = (spans: Span[]) =>
    computeMetrics({ roster: ['a', 'b', 'c'], spans, durationMs: 30_000 }).participants.map(
      (p) => p.interruptions,
    );

  it('counts an overlap of exactly 500 ms and not 499 ms', () => {
    expect(interruptionsOf([span('a', 0, 10_000), span('b', 9_500, 20_000)])).toEqual([0, 1, 0]);
    expect(interruptionsOf([span('a', 0, 10_000), span('b', 9_501, 20_000)])).toEqual([0, 0, 0]);
  });

  it('does not count two people starting at the same instant', () => {
    expect(interruptionsOf([span('a', 0, 10_000), span('b', 0, 20_000)])).toEqual([0, 0, 0]);
  });

  it('does not count an interjection when the first speaker carries on in a later cue', () => {
    // a's speech is split in two cues; b's "mm-hmm" has ended before a's first cue does.
    const spans = [span('a', 0, 10_000), span('b', 5_000, 6_000), span('a', 10_000, 20_000)];
    expect(interruptionsOf(spans)).toEqual([0, 0, 0]);
  });

  it('counts it when the interrupter’s turn goes on in a later span past the other’s stop', () => {
    // b cuts in at 5 000; a stops at 7 000, during b's second span.
    const spans = [span('a', 0, 7_000), span('b', 5_000, 6_000), span('b', 6_500, 12_000)];
    expect(interruptionsOf(spans)).toEqual([0, 1, 0]);
  });

  it('credits only the turn that ended: a third person’s interjection splits the earlier turn', () => {
    // Turns a | c | b. b starts at 5 000 after c's turn, which is not running any more.
    const spans = [span('a', 0, 10_000), span('c', 2_000, 3_000), span('b', 5_000, 15_000)];
    expect(interruptionsOf(spans)).toEqual([0, 0, 0]);
  });

  it('counts each interruption, in both directions', () => {
    const spans = [span('a', 0, 10_000), span('b', 8_000, 20_000), span('a', 18_000, 30_000)];
    expect(interruptionsOf(spans)).toEqual([1, 1, 0]);
  });
});

describe('computeMetrics, edges', () => {
  it('reads “nobody spoke” as shares 0, gini 0, balance 1 and all silence', () => {
    const metrics = computeMetrics({ roster: ['a', 'b'], spans: [], durationMs: 10_000 });
    expect(metrics.participants.map((p) => p.share)).toEqual([0, 0]);
    expect(metrics.session).toEqual({
      durationMs: 10_000,
      silentMs: 10_000,
      unattributedMs: 0,
      gini: 0,
      balance: 1,
      turnTakingIndex: 0,
      questionRatio: 0,
      openQuestionRate: 0,
    });
  });

  it('gives balance 1 and gini 0 for one person, and for an empty roster', () => {
    const alone = computeMetrics({ roster: ['a'], spans: [span('a', 0, 5)], durationMs: 5 });
    expect(alone.session).toMatchObject({ balance: 1, gini: 0, silentMs: 0 });
    expect(alone.participants[0]?.share).toBe(1);
    const empty = computeMetrics({ roster: [], spans: [span('a', 0, 5)], durationMs: 5 });
    expect(empty.participants).toEqual([]);
    expect(empty.session).toMatchObject({ balance: 1, gini: 0, silentMs: 5 });
  });

  it('gives balance 1 and gini 0 when three people talk equally', () => {
    const spans = [span('a', 0, 10), span('b', 10, 20), span('c', 20, 30)];
    const { session } = computeMetrics({ roster: ['a', 'b', 'c'], spans, durationMs: 30 });
    expect(session.balance).toBeCloseTo(1, 9);
    expect(session.gini).toBe(0);
  });

  it('gives the maximal gini (n − 1)/n and balance 0 when one of three does all the talking', () => {
    const { session } = computeMetrics({
      roster: ['a', 'b', 'c'],
      spans: [span('a', 0, 30)],
      durationMs: 30,
    });
    // |30 − 0| four times (a against b and c, both orders) = 120; 2 · 3 · 30 = 180.
    expect(session.gini).toBeCloseTo(2 / 3, 9);
    expect(session.balance).toBe(0);
  });

  it('turnTakingIndex: 0 for one span or one monologue, 1 when the speaker changes every span', () => {
    const index = (spans: Span[]) =>
      computeMetrics({ roster: ['a', 'b'], spans, durationMs: 100 }).session.turnTakingIndex;
    expect(index([span('a', 0, 10)])).toBe(0);
    expect(index([span('a', 0, 10), span('a', 20, 30), span('a', 40, 50)])).toBe(0);
    expect(index([span('a', 0, 10), span('b', 10, 20), span('a', 20, 30)])).toBe(1);
    // a a b: 2 turns over 3 spans.
    expect(index([span('a', 0, 10), span('a', 12, 20), span('b', 20, 30)])).toBe(0.5);
  });

  it('ignores spans that are not a positive stretch, and a roster listed twice', () => {
    const metrics = computeMetrics({
      roster: ['a', 'b', 'a'],
      spans: [span('a', 0, 10), span('b', 5, 5), span('b', 9, 3), span('b', Number.NaN, 4)],
      durationMs: 10,
    });
    expect(metrics.participants.map((p) => [p.participant, p.talkMs, p.turns])).toEqual([
      ['a', 10, 1],
      ['b', 0, 0],
    ]);
    expect(metrics.session.gini).toBeCloseTo(0.5, 9);
  });

  it('never reports negative silence when speech runs past the given duration', () => {
    const metrics = computeMetrics({ roster: ['a'], spans: [span('a', 0, 50)], durationMs: 10 });
    expect(metrics.session.silentMs).toBe(0);
  });

  it('reads a duration that is not a number as 0', () => {
    const metrics = computeMetrics({ roster: ['a'], spans: [], durationMs: Number.NaN });
    expect(metrics.session).toMatchObject({ durationMs: 0, silentMs: 0 });
  });
});

describe('computeMetrics, properties', () => {
  const people = ['a', 'b', 'c', 'd'];
  const spanArb = fc
    .record({
      participant: fc.constantFrom(...people, 'guest'),
      startMs: fc.integer({ min: 0, max: 10_000 }),
      lengthMs: fc.integer({ min: -100, max: 3_000 }),
    })
    .map(({ participant, startMs, lengthMs }) => span(participant, startMs, startMs + lengthMs));
  const utteranceArb = fc
    .record({
      participant: fc.constantFrom(...people),
      atMs: fc.integer({ min: 0, max: 10_000 }),
      tag: fc.constantFrom(...LANGUAGE_TAGS),
      key: fc.string({ maxLength: 3 }),
    })
    .map((u): TaggedUtterance => u);
  const inputArb = fc.record({
    roster: fc.subarray(people),
    spans: fc.array(spanArb, { maxLength: 20 }),
    utterances: fc.array(utteranceArb, { maxLength: 10 }),
    durationMs: fc.integer({ min: 0, max: 15_000 }),
  });

  it('does not depend on the order of spans and utterances', () => {
    const permuted = inputArb.chain((input) =>
      fc.record({
        input: fc.constant(input),
        spans: fc.shuffledSubarray(input.spans, { minLength: input.spans.length }),
        utterances: fc.shuffledSubarray(input.utterances, { minLength: input.utterances.length }),
      }),
    );
    fc.assert(
      fc.property(permuted, ({ input, spans, utterances }) => {
        expect(computeMetrics({ ...input, spans, utterances })).toEqual(computeMetrics(input));
      }),
    );
  });

  it('sums shares to 1, or 0 when nobody spoke, and never yields NaN', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const metrics = computeMetrics(input);
        const total = metrics.participants.reduce((sum, p) => sum + p.talkMs, 0);
        const shares = metrics.participants.reduce((sum, p) => sum + p.share, 0);
        expect(shares).toBeCloseTo(total > 0 ? 1 : 0, 9);
        expect(allNumbersIn(metrics).every(Number.isFinite)).toBe(true);
        expect(metrics.session.gini).toBeGreaterThanOrEqual(0);
        expect(metrics.session.balance).toBeLessThanOrEqual(1);
        expect(metrics.session.silentMs).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});

function allNumbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(allNumbersIn);
}
