import type { EpochMs, ParticipantId } from '../units.js';

// What a session produces besides its clock and its marks. The api stores these; the summary, the
// bot card and the panel all read them. Private things (reflections, private feedback) are not
// here: they belong to one person and never enter a circle's summary.

export type OutputId = string;

/** A calendar date in the circle's time zone, `YYYY-MM-DD`: "by Friday" means the whole Friday. */
export type IsoDate = string;

export type CommitmentStatus = 'open' | 'done' | 'dropped';

export interface Commitment {
  readonly id: OutputId;
  /** Who committed: only the owner marks it done, and only with evidence, not intentions. */
  readonly owner: ParticipantId;
  readonly text: string;
  readonly dueDate: IsoDate | null;
  readonly createdAtMs: EpochMs;
  readonly status: CommitmentStatus;
  readonly evidence: string | null;
  readonly closedAtMs: EpochMs | null;
}

/** The week's experiment: one small thing to try before the next session. */
export interface Experiment {
  readonly id: OutputId;
  readonly owner: ParticipantId;
  readonly text: string;
}

/** "One sentence to remember" (SBI plus feedforward), in the words of the person who keeps it. */
export interface SentenceToRemember {
  readonly id: OutputId;
  readonly owner: ParticipantId;
  readonly text: string;
}

export interface Appreciation {
  readonly id: OutputId;
  readonly from: ParticipantId;
  /** null: to the whole circle. */
  readonly to: ParticipantId | null;
  readonly text: string;
}

export interface SessionOutputs {
  readonly commitments: readonly Commitment[];
  readonly experiments: readonly Experiment[];
  readonly sentencesToRemember: readonly SentenceToRemember[];
  readonly appreciations: readonly Appreciation[];
}

export const EMPTY_OUTPUTS: SessionOutputs = {
  commitments: [],
  experiments: [],
  sentencesToRemember: [],
  appreciations: [],
};
