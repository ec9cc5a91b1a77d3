import type { DurationMs, ParticipantId } from '../units.js';
import type { Span } from './model.js';

/** A maximal run of consecutive spans by one participant, in the order of METRICS.md. */
export interface Turn {
  readonly participant: ParticipantId;
  /** The first start in the turn (spans are ordered by start, so also the earliest). */
  readonly startMs: number;
  /** The latest end in the turn: an earlier span of the turn may outlast the later ones. */
  readonly endMs: number;
  readonly spans: readonly Span[];
}

/** How far a running span must still have to go when someone else starts, to be interrupted. */
export const INTERRUPTION_OVERLAP_MS: DurationMs = 500;

/** Groups spans already in METRICS.md order into turns, whatever the gap between spans. */
export function splitIntoTurns(orderedSpans: readonly Span[]): Turn[] {
  const turns: { participant: ParticipantId; startMs: number; endMs: number; spans: Span[] }[] = [];
  for (const span of orderedSpans) {
    const last = turns.at(-1);
    if (last !== undefined && last.participant === span.participant) {
      last.endMs = Math.max(last.endMs, span.endMs);
      last.spans.push(span);
    } else {
      const { participant, startMs, endMs } = span;
      turns.push({ participant, startMs, endMs, spans: [span] });
    }
  }
  return turns;
}

/** METRICS.md `longestMonologueMs`: over a turn, the latest end minus the first start. */
export function measureTurnMs(turn: Turn): DurationMs {
  return turn.endMs - turn.startMs;
}

/**
 * Our reading of METRICS.md `interruptions` ("started a span while a different participant's span
 * was still running, by at least 500 ms, and that other participant's turn ended there"), with
 * Ovida's rule that the interrupted speaker stops:
 * - "turn ended there": the interrupter's span opens a turn, so the turn just before it, by someone
 *   else, is the one that ended there. An interjection by a third person in between splits the
 *   earlier turn, so that speaker's turn ended at the interjection, not at the later start.
 * - "still running, by at least 500 ms": a span of that previous turn started strictly before the
 *   new turn and ends at least 500 ms after the new turn's start. Starting at the same instant, or
 *   overlapping by less (the ordinary hand-over), is not an interruption.
 * - "the interrupted speaker stops": when the previous turn's speech ends (its latest end), the
 *   interrupter is still speaking (a span of the new turn covers that moment). Without this, a
 *   "mm-hmm" inside a long stretch of speech would count, because ordering by start makes it a turn
 *   of its own, and so would a transcript that splits one person's speech into several cues.
 * Returns the interrupter, or null.
 */
export function findInterrupter(previous: Turn, turn: Turn): ParticipantId | null {
  if (previous.participant === turn.participant) return null;
  const isStillRunning = previous.spans.some(
    (span) => span.startMs < turn.startMs && span.endMs - turn.startMs >= INTERRUPTION_OVERLAP_MS,
  );
  const isSpeakingWhenOtherStops = turn.spans.some(
    (span) => span.startMs <= previous.endMs && previous.endMs <= span.endMs,
  );
  return isStillRunning && isSpeakingWhenOtherStops ? turn.participant : null;
}

/** Interruptions per interrupter. */
export function countInterruptions(turns: readonly Turn[]): Map<ParticipantId, number> {
  const counts = new Map<ParticipantId, number>();
  turns.forEach((turn, index) => {
    const previous = turns[index - 1];
    const interrupter = previous === undefined ? null : findInterrupter(previous, turn);
    if (interrupter !== null) counts.set(interrupter, (counts.get(interrupter) ?? 0) + 1);
  });
  return counts;
}
