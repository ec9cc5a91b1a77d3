import type { ParticipantMetrics, SessionMetrics } from '../airtime/model.js';
import type { GlossaryEntry, JargonHit } from '../language/model.js';
import type { LanguageTag } from '../language/tags.js';
import type { DurationMs, ParticipantId } from '../units.js';

/**
 * Who wrote the file, as far as its shape tells:
 * - `teams`: voice tags `<v Name>` with fully padded timestamps (usually `GUID/12-0` cue ids);
 * - `graph`: voice tags with at least one unpadded timestamp such as `0:0:5.32` (Graph's export);
 * - `zoom`: no voice tags, and at least half of the cues open with `Name: `;
 * - `webvtt`: anything else that is valid WebVTT.
 */
export const TRANSCRIPT_FORMATS = ['teams', 'graph', 'zoom', 'webvtt'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

/** Times are milliseconds on the file's own timeline, as written in it. */
export interface TranscriptCue {
  readonly startMs: DurationMs;
  readonly endMs: DurationMs;
  readonly speaker: ParticipantId | null;
  readonly text: string;
  readonly id?: string;
}

/** `line` is 1-based, counted as an editor counts (CRLF, LF and a lone CR each end a line). */
export interface TranscriptError {
  readonly line: number;
  readonly message: string;
}

export type ParseVttResult =
  | {
      readonly ok: true;
      readonly format: TranscriptFormat;
      readonly cues: readonly TranscriptCue[];
    }
  | { readonly ok: false; readonly error: TranscriptError };

/**
 * How far the chunked analysis has got: `done` of `total` lines (`parse`), cues (`read`, `tag`),
 * or the one metrics step.
 */
export interface TranscriptProgress {
  readonly phase: 'parse' | 'read' | 'tag' | 'metrics';
  readonly done: number;
  readonly total: number;
}

/** A participant's metrics of METRICS.md, named as the transcript names them. */
export type TranscriptParticipant = { readonly name: ParticipantId } & Omit<
  ParticipantMetrics,
  'participant'
>;

export interface TranscriptUtterance {
  readonly speaker: ParticipantId | null;
  readonly startMs: DurationMs;
  readonly endMs: DurationMs;
  readonly text: string;
  readonly tag: LanguageTag;
  readonly jargon: readonly JargonHit[];
}

/** The JSON shape of `npm run analyze -- <file> --json` (issue 3); names as in METRICS.md. */
export interface TranscriptAnalysis {
  readonly format: TranscriptFormat;
  readonly durationMs: DurationMs;
  readonly silentMs: DurationMs;
  readonly unattributedMs: DurationMs;
  /** In order of first appearance on the file's timeline. */
  readonly participants: readonly TranscriptParticipant[];
  readonly session: Pick<
    SessionMetrics,
    'gini' | 'balance' | 'turnTakingIndex' | 'questionRatio' | 'openQuestionRate'
  >;
  /** Every cue with text, attributed or not, in the order of METRICS.md. */
  readonly utterances: readonly TranscriptUtterance[];
}

export type AnalyzeTranscriptResult =
  | { readonly ok: true; readonly analysis: TranscriptAnalysis }
  | { readonly ok: false; readonly error: TranscriptError };

export interface AnalyzeTranscriptOptions {
  /** The circle's glossary; the built-in list of the jargon finder applies as well. */
  readonly glossary?: readonly GlossaryEntry[];
}
