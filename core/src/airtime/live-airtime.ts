import type { DurationMs, EpochMs, ParticipantId } from '../units.js';
import { MINUTE_MS } from '../units.js';
import { computeMetrics } from './compute-metrics.js';
import { foldMarks } from './fold-marks.js';
import type { AirtimeMetrics, Mark, Span } from './model.js';
import { orderSpans } from './order.js';
import { splitIntoTurns } from './turns.js';

// The live panel's and the summary's view of a session's marks: the ledger folded over the
// session's window, then the metrics of METRICS.md over the people who are tracked.

export interface LiveAirtimeInput {
  readonly marks: readonly Mark[];
  /** Everyone present, opted out or not: the opted-out are taken off the metrics' roster here. */
  readonly roster: readonly ParticipantId[];
  readonly optedOut: ReadonlySet<ParticipantId> | readonly ParticipantId[];
  readonly startedAtMs: EpochMs;
  /** The session's end, or `now` while it runs. */
  readonly untilMs: EpochMs;
}

/** Someone speaking at `untilMs`, and how long their current turn has lasted so far. */
export interface OngoingTurn {
  readonly participant: ParticipantId;
  readonly turnStartedAtMs: EpochMs;
  readonly turnMs: DurationMs;
}

export interface LiveAirtime extends AirtimeMetrics {
  /** Present people who opted out, in roster order: shown as "opted out", never as silent. */
  readonly optedOut: readonly ParticipantId[];
  /** Tracked people speaking at `untilMs`, sorted by id. */
  readonly speakingNow: readonly OngoingTurn[];
}

/**
 * When the monologue cue shows. Two minutes is long enough that an ordinary answer or a coachee
 * setting out their situation does not trip it, and short enough to matter in a 20–30 minute
 * session, where one person holding the floor that long leaves little room for the others.
 */
export const LONG_MONOLOGUE_MS: DurationMs = 2 * MINUTE_MS;

export function isLongMonologue(
  monologueMs: DurationMs,
  thresholdMs: DurationMs = LONG_MONOLOGUE_MS,
): boolean {
  return Number.isFinite(monologueMs) && monologueMs >= thresholdMs;
}

export function computeLiveAirtime(input: LiveAirtimeInput): LiveAirtime {
  const optedOutSet = new Set(input.optedOut);
  const present = [...new Set(input.roster)];
  const tracked = present.filter((participant) => !optedOutSet.has(participant));
  const ledger = foldMarks(input.marks, {
    optedOut: optedOutSet,
    fromMs: input.startedAtMs,
    untilMs: input.untilMs,
  });
  const metrics = computeMetrics({
    roster: tracked,
    spans: ledger.spans,
    utterances: ledger.utterances,
    durationMs: input.untilMs - input.startedAtMs,
  });
  const isTracked = (participant: ParticipantId) => tracked.includes(participant);
  return {
    ...metrics,
    optedOut: present.filter((participant) => optedOutSet.has(participant)),
    speakingNow: findOngoingTurns(
      ledger.speakingNow.filter(isTracked),
      ledger.spans.filter((span) => isTracked(span.participant)),
      input.untilMs,
    ),
  };
}

/**
 * The cue follows the turn, not the open span: a silence signal at every breath splits one
 * person's long stretch into many short spans, but it stays one turn while nobody else speaks.
 * Someone whose speech began exactly at `untilMs` has a turn of 0 so far.
 */
function findOngoingTurns(
  speakingNow: readonly ParticipantId[],
  spans: readonly Span[],
  untilMs: EpochMs,
): OngoingTurn[] {
  const turns = splitIntoTurns(orderSpans(spans));
  return speakingNow.map((participant) => {
    const turn = turns.find((t) => t.participant === participant && t.endMs === untilMs);
    const turnStartedAtMs = turn?.startMs ?? untilMs;
    return { participant, turnStartedAtMs, turnMs: untilMs - turnStartedAtMs };
  });
}
