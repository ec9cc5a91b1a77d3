import { isLanguageTag, isQuestionTag, LANGUAGE_TAGS } from '../language/tags.js';
import type { LanguageTag } from '../language/tags.js';
import type { DurationMs, ParticipantId } from '../units.js';
import { computeBalance, computeGini } from './inequality.js';
import { hasLength, measureUnionMs } from './intervals.js';
import type {
  AirtimeMetrics,
  MetricsInput,
  ParticipantMetrics,
  QuestionCounts,
  SessionMetrics,
  Span,
  TaggedUtterance,
} from './model.js';
import { orderSpans, orderUtterances } from './order.js';
import { countInterruptions, measureTurnMs, splitIntoTurns } from './turns.js';
import type { Turn } from './turns.js';

// shared/METRICS.md, computed here and nowhere else. Decisions where METRICS.md is silent:
// - The roster is de-duplicated (first occurrence kept), so nobody is counted twice in gini.
// - Spans and utterances of anyone not on the roster are ignored entirely: they are no talk, no
//   turn, no interruption and no silence-filler.
// - A span that is not a finite, positive stretch (end ≤ start, NaN) is no span: it would add a
//   turn with no speech in it.
// - Every ratio is 0 when its denominator is 0; `turnTakingIndex` is 0 with fewer than two spans
//   (one span is one monologue); gini and balance: see inequality.ts.
// - A `durationMs` that is negative or not finite reads as 0.

export function computeMetrics(input: MetricsInput): AirtimeMetrics {
  const onRoster = new Set(input.roster);
  const roster = [...onRoster];
  const isOnRoster = (participant: ParticipantId) => onRoster.has(participant);
  const spans = orderSpans(input.spans.filter((s) => isOnRoster(s.participant) && hasLength(s)));
  const utterances = orderUtterances(
    (input.utterances ?? []).filter((u) => isOnRoster(u.participant) && isLanguageTag(u.tag)),
  );
  const turns = splitIntoTurns(spans);
  const interruptions = countInterruptions(turns);

  const talkMs = roster.map((p) => measureUnionMs(spans.filter((s) => s.participant === p)));
  const totalTalkMs = talkMs.reduce((total, ms) => total + ms, 0);
  const shares = talkMs.map((ms) => ratio(ms, totalTalkMs));

  const participants = roster.map((participant, index): ParticipantMetrics => ({
    participant,
    talkMs: talkMs[index] ?? 0,
    share: shares[index] ?? 0,
    ...measureTurnsOf(participant, turns),
    interruptions: interruptions.get(participant) ?? 0,
    ...measureLanguage(utterances.filter((u) => u.participant === participant)),
  }));
  return {
    participants,
    session: measureSession(input, spans, turns, utterances, { talkMs, shares }),
  };
}

function measureTurnsOf(
  participant: ParticipantId,
  turns: readonly Turn[],
): { turns: number; longestMonologueMs: DurationMs } {
  const own = turns.filter((turn) => turn.participant === participant);
  return {
    turns: own.length,
    longestMonologueMs: own.reduce((longest, turn) => Math.max(longest, measureTurnMs(turn)), 0),
  };
}

function measureLanguage(utterances: readonly TaggedUtterance[]): {
  questions: QuestionCounts;
  questionRatio: number;
  tags: Record<LanguageTag, number>;
} {
  const tags = countTags(utterances);
  const questions = countQuestions(tags);
  return { questions, questionRatio: ratio(totalQuestions(questions), utterances.length), tags };
}

export function countTags(utterances: readonly TaggedUtterance[]): Record<LanguageTag, number> {
  const counts = Object.fromEntries(LANGUAGE_TAGS.map((tag) => [tag, 0])) as Record<
    LanguageTag,
    number
  >;
  for (const { tag } of utterances) counts[tag] += 1;
  return counts;
}

function countQuestions(tags: Readonly<Record<LanguageTag, number>>): QuestionCounts {
  return {
    open: tags['open-question'],
    closed: tags['closed-question'],
    leading: tags['leading-question'],
  };
}

function totalQuestions({ open, closed, leading }: QuestionCounts): number {
  return open + closed + leading;
}

function measureSession(
  input: MetricsInput,
  spans: readonly Span[],
  turns: readonly Turn[],
  utterances: readonly TaggedUtterance[],
  airtime: { talkMs: readonly number[]; shares: readonly number[] },
): SessionMetrics {
  const durationMs = Number.isFinite(input.durationMs) ? Math.max(0, input.durationMs) : 0;
  const unattributed = input.unattributed ?? [];
  const heardMs = measureUnionMs([...spans, ...unattributed]);
  const questions = utterances.filter((u) => isQuestionTag(u.tag));
  return {
    durationMs,
    silentMs: Math.max(0, durationMs - heardMs),
    unattributedMs: measureUnionMs(unattributed),
    gini: computeGini(airtime.talkMs),
    balance: computeBalance(airtime.shares),
    turnTakingIndex: ratio(turns.length - 1, spans.length - 1),
    questionRatio: ratio(questions.length, utterances.length),
    openQuestionRate: ratio(
      questions.filter((u) => u.tag === 'open-question').length,
      questions.length,
    ),
  };
}

/** A ratio that is 0, never NaN or Infinity, when there is nothing to divide by. */
function ratio(part: number, whole: number): number {
  return whole > 0 && Number.isFinite(part) ? part / whole : 0;
}
