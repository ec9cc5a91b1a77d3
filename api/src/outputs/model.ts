import type {
  Appreciation,
  Commitment,
  CommitmentStatus,
  Experiment,
  IsoDate,
  SentenceToRemember,
} from '@grow-together/core';

// What a session produces, as stored in the `circles` container under the circle's partition. Each
// item is its own document, so two people adding or editing different items never race for one
// big document; only the shared note, which everyone edits, carries a version.
//
// Stored ids are `<type>:<client id>` (and `note:<session id>`): clients choose their ids so a
// retried request is idempotent, and the prefix keeps a client's id from ever landing on the
// circle's or a session's own document in the same partition.

export type OutputType = 'commitment' | 'experiment' | 'sentence' | 'appreciation';

/** The id someone who has left leaves behind on things others own (see people/data-rights.ts). */
export const FORMER_MEMBER_ID = 'former-member';

interface OutputDocumentBase {
  readonly id: string;
  readonly circleId: string;
  readonly sessionId: string;
  /** The id the client chose; the stored `id` is prefixed with the type. */
  readonly outputId: string;
  /** Who typed it in: in a call one person often records everyone's commitments. */
  readonly createdBy: string;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

export interface CommitmentDocument extends OutputDocumentBase {
  readonly type: 'commitment';
  readonly owner: string;
  readonly text: string;
  readonly dueDate: IsoDate | null;
  readonly status: CommitmentStatus;
  readonly evidence: string | null;
  readonly closedAtMs: number | null;
}

export interface ExperimentDocument extends OutputDocumentBase {
  readonly type: 'experiment';
  readonly owner: string;
  readonly text: string;
}

export interface SentenceDocument extends OutputDocumentBase {
  readonly type: 'sentence';
  readonly owner: string;
  readonly text: string;
}

export interface AppreciationDocument extends OutputDocumentBase {
  readonly type: 'appreciation';
  readonly from: string;
  readonly to: string | null;
  readonly text: string;
}

export type OutputDocument =
  CommitmentDocument | ExperimentDocument | SentenceDocument | AppreciationDocument;

/** The session's shared note: one document everyone edits, guarded by its version. */
export interface NoteDocument {
  readonly id: string;
  readonly circleId: string;
  readonly sessionId: string;
  readonly type: 'note';
  readonly text: string;
  /** 1 for the first save, +1 for every save after it. */
  readonly version: number;
  readonly updatedAtMs: number;
  readonly updatedBy: string;
}

export interface Note {
  readonly text: string;
  readonly version: number;
  readonly updatedAtMs: number;
  readonly updatedBy: string;
}

export function formatOutputDocumentId(type: OutputType, outputId: string): string {
  return `${type}:${outputId}`;
}

export function formatNoteDocumentId(sessionId: string): string {
  return `note:${sessionId}`;
}

export function toCommitment(document: CommitmentDocument): Commitment {
  return {
    id: document.outputId,
    owner: document.owner,
    text: document.text,
    dueDate: document.dueDate,
    createdAtMs: document.createdAtMs,
    status: document.status,
    evidence: document.evidence,
    closedAtMs: document.closedAtMs,
  };
}

type OwnedTextFields = Pick<ExperimentDocument, 'outputId' | 'owner' | 'text'>;

export function toExperiment(document: OwnedTextFields): Experiment {
  return { id: document.outputId, owner: document.owner, text: document.text };
}

export function toSentenceToRemember(document: OwnedTextFields): SentenceToRemember {
  return { id: document.outputId, owner: document.owner, text: document.text };
}

export function toAppreciation(document: AppreciationDocument): Appreciation {
  return { id: document.outputId, from: document.from, to: document.to, text: document.text };
}

export function toNote(document: NoteDocument): Note {
  return {
    text: document.text,
    version: document.version,
    updatedAtMs: document.updatedAtMs,
    updatedBy: document.updatedBy,
  };
}
