import type { ParticipantMetrics, SessionMetrics } from '../airtime/model.js';
import type { JargonHit } from '../language/model.js';
import type { RuleAlert } from '../language/check-stage-rules.js';
import type { Appreciation, Commitment, Experiment, SentenceToRemember } from '../outputs/model.js';
import type { Role, RoleAssignment } from '../roles/model.js';
import type { StagePlanStatus } from '../session/timing.js';
import type {
  DurationMs,
  EpochMs,
  FrameworkId,
  ParticipantId,
  SessionId,
  StageId,
} from '../units.js';

/** Where the summary's airtime came from: the observer's taps, or a transcript that replaced them. */
export type AirtimeSource = 'observer' | 'transcript';

/**
 * `tracked`: in the metrics. `opted-out`: left out of every metric by their own choice, shown as
 * such and never as silent. `absent`: not in this session.
 */
export type PersonStatus = 'tracked' | 'opted-out' | 'absent';

export interface SummaryPerson {
  readonly id: ParticipantId;
  readonly displayName: string;
  readonly role: Role | null;
  /** Not a member of the circle: added by name, or a transcript speaker no member matched. */
  readonly isGuest: boolean;
  readonly status: PersonStatus;
  /** null unless `status` is `tracked`. */
  readonly airtime: ParticipantMetrics | null;
}

export interface SummaryStage {
  readonly stageId: StageId;
  readonly name: string;
  readonly plannedMs: DurationMs;
  readonly actualMs: DurationMs;
  /** Actual minus planned (negative when early); null for a stage never reached. */
  readonly overrunMs: DurationMs | null;
  readonly status: StagePlanStatus;
  /** More than one when someone went back to the stage. */
  readonly runCount: number;
}

/** A rule alert placed in the stage where it was raised. */
export interface SummaryAlert extends RuleAlert {
  readonly stageId: StageId;
  readonly stageName: string;
}

export interface SummaryJargon extends JargonHit {
  /** How many utterances used the term. */
  readonly count: number;
}

/** The observer's own view, kept when a transcript's exact airtime replaced the taps. */
export interface ObserverView {
  readonly people: readonly { readonly id: ParticipantId; readonly airtime: ParticipantMetrics }[];
  readonly conversation: SessionMetrics;
}

/** The post-meeting summary: the bot's card, the panel's summary view and the api all show this. */
export interface SessionSummary {
  readonly sessionId: SessionId;
  readonly frameworkId: FrameworkId;
  readonly frameworkName: string;
  readonly startedAtMs: EpochMs | null;
  readonly endedAtMs: EpochMs | null;
  /** Still running when the summary was built: it is a preview, not the final word. */
  readonly isFinal: boolean;
  readonly timeline: readonly SummaryStage[];
  readonly airtimeSource: AirtimeSource;
  /** Members and guests of the session, tracked first in order of talk time, then the others. */
  readonly people: readonly SummaryPerson[];
  readonly conversation: SessionMetrics;
  readonly observerView: ObserverView | null;
  readonly alerts: readonly SummaryAlert[];
  readonly jargon: readonly SummaryJargon[];
  readonly commitments: readonly Commitment[];
  readonly experiments: readonly Experiment[];
  readonly sentencesToRemember: readonly SentenceToRemember[];
  readonly appreciations: readonly Appreciation[];
  /** Proposed by rotation from the circle's history; null when no rotation was asked for. */
  readonly nextRoles: RoleAssignment | null;
}
