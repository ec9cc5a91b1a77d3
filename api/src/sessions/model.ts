import type { Mark, SessionState, TranscriptAnalysis, TranscriptFormat } from '@grow-together/core';

// What a session keeps in the store. Everything lives in its circle's partition of the `circles`
// container, next to the circle document:
// - the session document: the machine's state and a short log of applied command ids,
//   read with a point read on every command and every live update, and written with its ETag;
// - mark chunks: one document per batch a panel flushed (never one write per tap);
// - the transcript's analysis, in a document of its own so the hot session document stays small.
// Outputs (commitments, experiments, appreciations, notes) are documents of their own too, kept by
// api/src/outputs/.

/** A calendar date in the circle's time zone, `YYYY-MM-DD`. */
export type IsoDate = string;

/** The part of an uploaded transcript the session document carries; the analysis sits apart. */
export interface TranscriptInfo {
  readonly uploadedAtMs: number;
  readonly uploadedBy: string;
  readonly format: TranscriptFormat;
  readonly durationMs: number;
  readonly utteranceCount: number;
  /** False when the texts were dropped to keep the analysis within one document. */
  readonly hasTexts: boolean;
}

export interface SessionDocument {
  readonly id: string;
  /** Partition key. */
  readonly circleId: string;
  readonly type: 'session';
  /** Goes up by one with every saved change; clients send it back as `expectedVersion`. */
  readonly version: number;
  /** The host meeting id of the occurrence (Teams `meeting.id`, Zoom `mid`). */
  readonly meetingId: string;
  readonly occurredOn: IsoDate;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly state: SessionState;
  /** The last commands applied, oldest first, so a resent command is answered, not applied twice. */
  readonly recentCommandIds: readonly string[];
  readonly transcript: TranscriptInfo | null;
  /**
   * Batches of marks stored after the session ended (a panel's last flush lands after the end
   * that triggered it). Each one counts up here, so the session's version moves and every panel
   * reads the summary again (late-marks.ts). Absent on sessions that never had one.
   */
  readonly marksAfterEnd?: number;
}

export interface MarkChunkDocument {
  /** `<sessionId>:<batchId>`: a batch sent again meets its own id and is stored once. */
  readonly id: string;
  readonly circleId: string;
  readonly type: 'marks';
  readonly sessionId: string;
  readonly batchId: string;
  readonly by: string;
  readonly storedAtMs: number;
  readonly marks: readonly Mark[];
}

export interface TranscriptDocument {
  readonly id: string;
  readonly circleId: string;
  readonly type: 'transcript';
  readonly sessionId: string;
  readonly uploadedAtMs: number;
  /** SHA-256 of the text, who had opted out and the glossary: the same upload again changes nothing. */
  readonly sourceHash?: string;
  readonly analysis: TranscriptAnalysis;
}

/** What clients see of a session: the document without its bookkeeping. */
export interface SessionView {
  readonly id: string;
  readonly circleId: string;
  readonly version: number;
  readonly meetingId: string;
  readonly occurredOn: IsoDate;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly state: SessionState;
  readonly transcript: TranscriptInfo | null;
}

/** Enough to tell a resent command from a new one over a whole session's life. */
export const MAX_RECENT_COMMAND_IDS = 500;

export function toSessionView(document: SessionDocument): SessionView {
  return {
    id: document.id,
    circleId: document.circleId,
    version: document.version,
    meetingId: document.meetingId,
    occurredOn: document.occurredOn,
    createdAtMs: document.createdAtMs,
    updatedAtMs: document.updatedAtMs,
    state: document.state,
    transcript: document.transcript,
  };
}

export function formatTranscriptId(sessionId: string): string {
  return `${sessionId}:transcript`;
}

export function formatMarkChunkId(sessionId: string, batchId: string): string {
  return `${sessionId}:${batchId}`;
}
