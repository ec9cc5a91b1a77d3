import type { DurationMs, EpochMs, ParticipantId } from '@grow-together/core';

// A structured round (an action learning set's questions, a check-in): everyone in turn, each with
// the same time-box. The round lives on the observer's panel only; the taps it makes are ordinary
// speech marks, so the airtime it produces is counted like any other.

export interface Round {
  readonly order: readonly ParticipantId[];
  readonly index: number;
  readonly perPersonMs: DurationMs;
  readonly turnStartedAtMs: EpochMs;
}

export interface RoundTurn {
  readonly current: ParticipantId;
  readonly remainingMs: DurationMs;
  /** How far past the per-person time-box; 0 within it. */
  readonly overMs: DurationMs;
  readonly upNext: readonly ParticipantId[];
}

export function startRound(
  order: readonly ParticipantId[],
  perPersonMs: DurationMs,
  nowMs: EpochMs,
): Round | null {
  if (order.length === 0 || !(perPersonMs > 0)) return null;
  return { order: [...order], index: 0, perPersonMs, turnStartedAtMs: nowMs };
}

/** The next person's turn, or null when everyone has had theirs. */
export function advanceRound(round: Round, nowMs: EpochMs): Round | null {
  const index = round.index + 1;
  return index < round.order.length ? { ...round, index, turnStartedAtMs: nowMs } : null;
}

export function describeRoundTurn(round: Round, nowMs: EpochMs): RoundTurn {
  const elapsedMs = Math.max(0, nowMs - round.turnStartedAtMs);
  return {
    current: round.order[round.index] ?? '',
    remainingMs: Math.max(0, round.perPersonMs - elapsedMs),
    overMs: Math.max(0, elapsedMs - round.perPersonMs),
    upNext: round.order.slice(round.index + 1),
  };
}
