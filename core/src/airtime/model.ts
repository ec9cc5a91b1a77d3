import type { LanguageTag } from '../language/tags.js';
import type { DurationMs, EpochMs, MarkId, ParticipantId, StageId } from '../units.js';

/**
 * Where a speaking mark came from. Marks are folded per stream, a stream being one source on one
 * person's panel (`source` + `by`): in a stream only one person speaks at a time, and a mark names
 * who speaks from now on (or nobody). Streams overlap, so two people can be heard at once.
 * - `observer`: the observer's taps (in a pair, either person's).
 * - `host-active-speaker`: a host's active-speaker events (Zoom, from the host's panel).
 * - `self-speaking`: a participant's own speaking state; `speaker` is `by` or null.
 * - `silence-signal`: "nobody is speaking" (Teams' speaking-state handler); closes every stream.
 */
export const MARK_SOURCES = [
  'observer',
  'host-active-speaker',
  'self-speaking',
  'silence-signal',
] as const;
export type MarkSource = (typeof MARK_SOURCES)[number];

export interface SpeechMark {
  readonly kind: 'speech';
  readonly id: MarkId;
  readonly atMs: EpochMs;
  /** The participant whose panel sent the mark. */
  readonly by: ParticipantId;
  readonly source: MarkSource;
  /** Who speaks from `atMs` on in this stream; null means nobody does. */
  readonly speaker: ParticipantId | null;
}

/** One utterance tagged live by the observer. */
export interface TagMark {
  readonly kind: 'tag';
  readonly id: MarkId;
  readonly atMs: EpochMs;
  readonly by: ParticipantId;
  readonly speaker: ParticipantId;
  readonly tag: LanguageTag;
  readonly stageId: StageId | null;
}

/** Takes back an earlier mark (a mis-tap). Undoing an undo restores nothing: undo is final. */
export interface UndoMark {
  readonly kind: 'undo';
  readonly id: MarkId;
  readonly atMs: EpochMs;
  readonly by: ParticipantId;
  readonly targetId: MarkId;
}

export type Mark = SpeechMark | TagMark | UndoMark;

/** A stretch of time. Live sessions use epoch times, transcripts use times from the file's start. */
export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}

/** One stretch of one person's speech (shared/METRICS.md). */
export interface Span extends Interval {
  readonly participant: ParticipantId;
}

/** A tagged utterance: from the observer's tag marks or from transcript analysis. */
export interface TaggedUtterance {
  readonly participant: ParticipantId;
  readonly atMs: number;
  readonly tag: LanguageTag;
  /** Tie-breaker for the order of METRICS.md: a mark id, or the utterance text. */
  readonly key: string;
}

export interface QuestionCounts {
  readonly open: number;
  readonly closed: number;
  readonly leading: number;
}

export interface ParticipantMetrics {
  readonly participant: ParticipantId;
  readonly talkMs: DurationMs;
  readonly share: number;
  readonly turns: number;
  readonly longestMonologueMs: DurationMs;
  readonly interruptions: number;
  readonly questions: QuestionCounts;
  readonly questionRatio: number;
  readonly tags: Readonly<Record<LanguageTag, number>>;
}

export interface SessionMetrics {
  readonly durationMs: DurationMs;
  readonly silentMs: DurationMs;
  readonly unattributedMs: DurationMs;
  readonly gini: number;
  readonly balance: number;
  readonly turnTakingIndex: number;
  readonly questionRatio: number;
  readonly openQuestionRate: number;
}

export interface AirtimeMetrics {
  /** One entry per roster member, in roster order. */
  readonly participants: readonly ParticipantMetrics[];
  readonly session: SessionMetrics;
}

export interface MetricsInput {
  /** The people the metrics are over (METRICS.md "Roster"). Spans of anyone else are ignored. */
  readonly roster: readonly ParticipantId[];
  readonly spans: readonly Span[];
  /** Transcript cues with no speaker: counted in `unattributedMs`, never given to anyone. */
  readonly unattributed?: readonly Interval[];
  readonly utterances?: readonly TaggedUtterance[];
  readonly durationMs: DurationMs;
}
