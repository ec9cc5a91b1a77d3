import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_TAGS } from '../language/tags.js';
import type { LanguageTag } from '../language/tags.js';
import { foldMarks } from './fold-marks.js';
import { computeLiveAirtime } from './live-airtime.js';
import type { Mark, MarkSource } from './model.js';
import { MARK_SOURCES } from './model.js';

// The properties issue 2 asks of the ledger, over random streams of marks from every source.

const PEOPLE = ['ana', 'ben', 'cy', 'dee', 'olu'];
const START = 1_000;
const UNTIL = 5_000;
// Marks fall before the start and after the end too, as late or early clocks would send them.
const atMsArb = fc.integer({ min: 0, max: 6_000 });
const personArb = fc.constantFrom(...PEOPLE);

type Draft =
  | { kind: 'speech'; atMs: number; by: string; source: MarkSource; speaker: string | null }
  | { kind: 'tag'; atMs: number; by: string; speaker: string; tag: LanguageTag }
  | { kind: 'undo'; atMs: number; by: string; target: number };

const draftArb: fc.Arbitrary<Draft> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('speech' as const),
      atMs: atMsArb,
      by: personArb,
      source: fc.constantFrom(...MARK_SOURCES),
      speaker: fc.option(personArb, { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('tag' as const),
      atMs: atMsArb,
      by: personArb,
      speaker: personArb,
      tag: fc.constantFrom(...LANGUAGE_TAGS),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('undo' as const),
      atMs: atMsArb,
      by: personArb,
      target: fc.nat(),
    }),
  },
);

/** Unique ids; an undo aims at another mark of the list, or (one time in five) at an unknown id. */
function toMarks(drafts: readonly Draft[]): Mark[] {
  return drafts.map((draft, index): Mark => {
    const id = `m${index}`;
    if (draft.kind === 'speech') return { ...draft, id };
    if (draft.kind === 'tag') return { ...draft, id, stageId: null };
    const targetId = draft.target % 5 === 0 ? 'unknown' : `m${draft.target % drafts.length}`;
    return { kind: 'undo', id, atMs: draft.atMs, by: draft.by, targetId };
  });
}

const marksArb = fc.array(draftArb, { maxLength: 40 }).map(toMarks);
const optedOutArb = fc.subarray(PEOPLE, { maxLength: 2 });

/** The same marks in another order, with some of them sent again. */
const replayedArb = marksArb.chain((marks) =>
  fc
    .tuple(fc.shuffledSubarray(marks, { minLength: marks.length }), fc.subarray(marks), fc.nat())
    .map(([shuffled, again, cut]) => {
      const all = [...shuffled, ...again];
      const at = all.length === 0 ? 0 : cut % all.length;
      return { marks, replayed: [...all.slice(at), ...all.slice(0, at)] };
    }),
);

describe('airtime ledger properties', () => {
  it('folds to the same result in any order, with duplicates', () => {
    fc.assert(
      fc.property(replayedArb, optedOutArb, ({ marks, replayed }, optedOut) => {
        const options = { optedOut, fromMs: START, untilMs: UNTIL };
        expect(foldMarks(replayed, options)).toEqual(foldMarks(marks, options));
      }),
    );
  });

  it('an undo of a mark equals never having sent it', () => {
    const caseArb = marksArb
      .filter((marks) => marks.some((mark) => mark.kind !== 'undo'))
      .chain((marks) =>
        fc.record({
          marks: fc.constant(marks),
          target: fc.constantFrom(...marks.filter((mark) => mark.kind !== 'undo')),
          atMs: atMsArb,
        }),
      );
    fc.assert(
      fc.property(caseArb, optedOutArb, ({ marks, target, atMs }, optedOut) => {
        const options = { optedOut, fromMs: START, untilMs: UNTIL };
        const undone: Mark = { kind: 'undo', id: 'the-undo', atMs, by: 'ana', targetId: target.id };
        const withUndo = foldMarks([...marks, undone], options);
        const neverSent = foldMarks(
          marks.filter((mark) => mark !== target),
          options,
        );
        expect(withUndo).toEqual(neverSent);
      }),
    );
  });

  it('never gives an opted-out person a span, an utterance or an open stream', () => {
    fc.assert(
      fc.property(marksArb, optedOutArb, (marks, optedOut) => {
        const ledger = foldMarks(marks, { optedOut, untilMs: UNTIL });
        const named = [
          ...ledger.spans.map((span) => span.participant),
          ...ledger.utterances.map((utterance) => utterance.participant),
          ...ledger.speakingNow,
        ];
        expect(named.filter((participant) => optedOut.includes(participant))).toEqual([]);
      }),
    );
  });

  it('sums shares to 1, or 0 when nobody spoke', () => {
    fc.assert(
      fc.property(marksArb, optedOutArb, fc.subarray(PEOPLE), (marks, optedOut, roster) => {
        const live = computeLiveAirtime({
          marks,
          roster,
          optedOut,
          startedAtMs: START,
          untilMs: UNTIL,
        });
        const talkMs = live.participants.reduce((sum, p) => sum + p.talkMs, 0);
        const shares = live.participants.reduce((sum, p) => sum + p.share, 0);
        expect(Math.abs(shares - (talkMs > 0 ? 1 : 0))).toBeLessThanOrEqual(1e-9);
      }),
    );
  });

  it('never lets talkMs exceed the session length', () => {
    fc.assert(
      fc.property(marksArb, optedOutArb, (marks, optedOut) => {
        const live = computeLiveAirtime({
          marks,
          roster: PEOPLE,
          optedOut,
          startedAtMs: START,
          untilMs: UNTIL,
        });
        for (const participant of live.participants) {
          expect(participant.talkMs).toBeLessThanOrEqual(UNTIL - START);
          expect(participant.talkMs).toBeGreaterThanOrEqual(0);
        }
        expect(live.session.silentMs).toBeLessThanOrEqual(UNTIL - START);
      }),
    );
  });
});
