import {
  canRecordMark,
  computeLiveAirtime,
  foldMarks,
  isLongMonologue,
  listPresent,
  type DurationMs,
  type EpochMs,
  type Mark,
  type ParticipantId,
  type SessionState,
} from '@grow-together/core';

// What the observer's tracker shows, read from core: the live shares and turns from
// computeLiveAirtime, who my taps have speaking from the ledger's open streams, and who may be
// tapped from canRecordMark (the same check the api makes on every mark).

/** Number keys 1–9 pick the first nine people who can be tapped. */
export const MAX_KEYED_PEOPLE = 9;

export interface TrackedPerson {
  readonly id: ParticipantId;
  readonly displayName: string;
  readonly isGuest: boolean;
  /** The number key that picks this person, or null past the ninth. */
  readonly key: number | null;
  /** Speaking now, as my own taps have it. */
  readonly isSpeaking: boolean;
  readonly share: number;
  readonly turns: number;
  readonly talkMs: DurationMs;
}

export interface MonologueCue {
  readonly id: ParticipantId;
  readonly displayName: string;
  readonly turnMs: DurationMs;
}

export interface TrackerModel {
  /** May I record the observer's taps at all (core's tap recorders)? */
  readonly canRecord: boolean;
  readonly isUnderway: boolean;
  readonly people: readonly TrackedPerson[];
  readonly optedOut: readonly { readonly id: ParticipantId; readonly displayName: string }[];
  /** Who my taps have speaking now; null in silence. */
  readonly mySpeaker: ParticipantId | null;
  /** Whoever spoke last in any stream, speaking now or not: the language tally tags them. */
  readonly lastSpeaker: ParticipantId | null;
  readonly monologues: readonly MonologueCue[];
  readonly balance: number;
  readonly hasMarksToUndo: boolean;
}

export function describeTracker(
  state: SessionState,
  me: ParticipantId,
  marks: readonly Mark[],
  nowMs: EpochMs,
): TrackerModel {
  const present = listPresent(state);
  const optedOut = present.filter((p) => p.optedOutOfTracking).map((p) => p.id);
  const startedAtMs = state.startedAtMs ?? nowMs;
  const untilMs = Math.max(startedAtMs, state.endedAtMs ?? readLiveUntilMs(marks, nowMs));
  const live = computeLiveAirtime({
    marks,
    roster: present.map((p) => p.id),
    optedOut,
    startedAtMs,
    untilMs,
  });
  const ledger = foldMarks(marks, { optedOut, fromMs: startedAtMs, untilMs });
  const mySpeaker =
    ledger.openStreams.find((open) => open.source === 'observer' && open.by === me)?.speaker ??
    null;
  const metricsOf = new Map(live.participants.map((m) => [m.participant, m]));
  const nameOf = new Map(present.map((p) => [p.id, p.displayName]));
  const tappable = present.filter(
    (p) => !p.optedOutOfTracking && canRecordMark(state, me, 'observer', p.id),
  );
  const lastSpan = [...ledger.spans].sort((a, b) => a.endMs - b.endMs).at(-1);
  return {
    canRecord: canRecordMark(state, me, 'observer', null),
    isUnderway: state.status === 'running' || state.status === 'paused',
    people: tappable.map((p, index) => ({
      id: p.id,
      displayName: p.displayName,
      isGuest: p.isGuest,
      key: index < MAX_KEYED_PEOPLE ? index + 1 : null,
      isSpeaking: p.id === mySpeaker,
      share: metricsOf.get(p.id)?.share ?? 0,
      turns: metricsOf.get(p.id)?.turns ?? 0,
      talkMs: metricsOf.get(p.id)?.talkMs ?? 0,
    })),
    optedOut: live.optedOut.map((id) => ({ id, displayName: nameOf.get(id) ?? id })),
    mySpeaker,
    lastSpeaker: mySpeaker ?? ledger.speakingNow[0] ?? lastSpan?.participant ?? null,
    monologues: live.speakingNow
      .filter((turn) => isLongMonologue(turn.turnMs))
      .map((turn) => ({
        id: turn.participant,
        displayName: nameOf.get(turn.participant) ?? turn.participant,
        turnMs: turn.turnMs,
      })),
    balance: live.session.balance,
    hasMarksToUndo: hasUndoableMark(marks, me),
  };
}

/**
 * How far the live view reads the marks: now, or the newest mark if that is later. A view's `nowMs`
 * is re-read on a timer, while a tap is stamped with the clock at the tap, so right after a tap
 * the mark is newer than `nowMs`: left out, the tap would only show on the next tick.
 */
export function readLiveUntilMs(marks: readonly Mark[], nowMs: EpochMs): EpochMs {
  let untilMs = nowMs;
  for (const mark of marks) if (mark.atMs > untilMs) untilMs = mark.atMs;
  return untilMs;
}

/** A mark of mine that no undo has taken back yet (undo marks themselves cannot be undone). */
function hasUndoableMark(marks: readonly Mark[], me: ParticipantId): boolean {
  const undone = new Set(marks.flatMap((m) => (m.kind === 'undo' ? [m.targetId] : [])));
  return marks.some((m) => m.kind !== 'undo' && m.by === me && !undone.has(m.id));
}
