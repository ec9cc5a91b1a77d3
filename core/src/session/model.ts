import type { Framework } from '../frameworks/model.js';
import type { Role, RoleAssignment } from '../roles/model.js';
import type { DurationMs, EpochMs, ParticipantId, SessionId, StageId } from '../units.js';

// The session is plain JSON-serialisable data: the api stores it as one Cosmos document and every
// panel derives its clock from it. Absent values are `null`, never `undefined`, so a stored session
// reads back equal to the one that was written.

export type SessionStatus = 'not-started' | 'running' | 'paused' | 'ended';
export type Presence = 'present' | 'absent';
export type ConsentAnswer = 'given' | 'declined';

/**
 * How one run of a stage finished: `done` (moved on with next, or ended on the last stage),
 * `skipped`, `went-back` (someone went back to the stage before), `session-ended` (the session
 * ended before the last stage). `null` while the run is still open.
 */
export type StageRunOutcome = 'done' | 'skipped' | 'went-back' | 'session-ended';

/**
 * One run of a stage. Going back to a stage starts a new run, so the timeline keeps every visit and
 * the summary can show planned against actual time for each.
 */
export interface StageRun {
  readonly stageId: StageId;
  readonly stageIndex: number;
  readonly startedAtMs: EpochMs;
  readonly endedAtMs: EpochMs | null;
  /** Time spent paused during this run; the stage clock does not run while paused. */
  readonly pausedMs: DurationMs;
  /** Time added to the time-box by extends during this run. */
  readonly extendedMs: DurationMs;
  readonly outcome: StageRunOutcome | null;
}

/** The pause in progress: who paused and when. Its length is added to the run on resume. */
export interface PauseInProgress {
  readonly atMs: EpochMs;
  readonly by: ParticipantId;
}

export interface SessionParticipant {
  readonly id: ParticipantId;
  readonly displayName: string;
  readonly role: Role | null;
  readonly presence: Presence;
  readonly isGuest: boolean;
  /** Left out of every airtime and language metric; reversible, and never blocks taking part. */
  readonly optedOutOfTracking: boolean;
  /** Answers for stages whose rules ask for consent (role-play), by stage id. */
  readonly consent: Readonly<Record<StageId, ConsentAnswer>>;
}

export interface SessionState {
  readonly id: SessionId;
  /** A copy taken when the session was created: editing the circle's framework later changes nothing here. */
  readonly framework: Framework;
  readonly status: SessionStatus;
  /** Index into `framework.stages` of the current stage; 0 before the start. */
  readonly stageIndex: number;
  readonly timeline: readonly StageRun[];
  readonly pause: PauseInProgress | null;
  readonly startedAtMs: EpochMs | null;
  readonly endedAtMs: EpochMs | null;
  /**
   * The latest time the machine has been given. A `now` earlier than this (two servers whose
   * clocks disagree slightly) is read as this, so the timeline never runs backwards.
   */
  readonly latestAtMs: EpochMs | null;
  readonly participants: Readonly<Record<ParticipantId, SessionParticipant>>;
}

// Commands. `by` is the participant whose panel sent it; the api sets it from the authenticated
// caller. Stage moves may carry `expectedStageId`, the stage the sender saw as current: when two
// people press "next" at once, the second press is refused instead of skipping a stage.

interface CommandBase {
  readonly by: ParticipantId;
}

interface StageMoveBase extends CommandBase {
  readonly expectedStageId?: StageId;
}

export interface StartCommand extends CommandBase {
  readonly type: 'start';
}
export interface NextCommand extends StageMoveBase {
  readonly type: 'next';
}
export interface BackCommand extends StageMoveBase {
  readonly type: 'back';
}
/** Leaves the current stage marked as skipped and starts the next one. */
export interface SkipCommand extends StageMoveBase {
  readonly type: 'skip';
}
export interface PauseCommand extends CommandBase {
  readonly type: 'pause';
}
export interface ResumeCommand extends CommandBase {
  readonly type: 'resume';
}
export interface ExtendCommand extends StageMoveBase {
  readonly type: 'extend';
  readonly byMs: DurationMs;
}
export interface EndCommand extends CommandBase {
  readonly type: 'end';
}
/** Replaces the whole assignment: anyone left out has no role. */
export interface AssignRolesCommand extends CommandBase {
  readonly type: 'assign-roles';
  readonly roles: RoleAssignment;
}
/** Someone joins (by === participant), or a present member adds a guest. Rejoining updates the name. */
export interface JoinCommand extends CommandBase {
  readonly type: 'join';
  readonly participant: ParticipantId;
  readonly displayName: string;
  readonly isGuest: boolean;
}
export interface MarkPresenceCommand extends CommandBase {
  readonly type: 'mark-presence';
  readonly participant: ParticipantId;
  readonly presence: Presence;
}
/** Always about oneself (`by`); an answer can be changed, so consent can be withdrawn. */
export interface RecordConsentCommand extends CommandBase {
  readonly type: 'record-consent';
  readonly stageId: StageId;
  readonly answer: ConsentAnswer;
}
/** Always about oneself (`by`); `optedOut: false` opts back in. */
export interface OptOutTrackingCommand extends CommandBase {
  readonly type: 'opt-out-tracking';
  readonly optedOut: boolean;
}

export type SessionCommand =
  | StartCommand
  | NextCommand
  | BackCommand
  | SkipCommand
  | PauseCommand
  | ResumeCommand
  | ExtendCommand
  | EndCommand
  | AssignRolesCommand
  | JoinCommand
  | MarkPresenceCommand
  | RecordConsentCommand
  | OptOutTrackingCommand;

export type SessionCommandType = SessionCommand['type'];

export const SESSION_COMMAND_TYPES = [
  'start',
  'next',
  'back',
  'skip',
  'pause',
  'resume',
  'extend',
  'end',
  'assign-roles',
  'join',
  'mark-presence',
  'record-consent',
  'opt-out-tracking',
] as const satisfies readonly SessionCommandType[];

/** One extend adds at most this much; a longer change is a different plan, not an extension. */
export const MAX_EXTEND_MS: DurationMs = 30 * 60_000;
export const MAX_DISPLAY_NAME_LENGTH = 100;
export const MAX_ID_LENGTH = 200;

// Effects: what happened, for the api and the bot to act on (broadcast, post a card, ask for
// consent). The state already holds the facts; effects say what changed.

export type SessionEffect =
  | { readonly type: 'session-started'; readonly atMs: EpochMs; readonly by: ParticipantId }
  | {
      readonly type: 'stage-started';
      readonly stageId: StageId;
      readonly stageIndex: number;
      readonly atMs: EpochMs;
      readonly timeboxMs: DurationMs;
    }
  | {
      readonly type: 'stage-ended';
      readonly stageId: StageId;
      readonly stageIndex: number;
      readonly atMs: EpochMs;
      readonly outcome: StageRunOutcome;
      readonly actualMs: DurationMs;
      /** Actual length minus the time-box (shared/METRICS.md), negative when early. */
      readonly overrunMs: DurationMs;
    }
  | {
      readonly type: 'stage-extended';
      readonly stageId: StageId;
      readonly byMs: DurationMs;
      readonly remainingMs: DurationMs;
    }
  | { readonly type: 'session-paused'; readonly atMs: EpochMs; readonly by: ParticipantId }
  | {
      readonly type: 'session-resumed';
      readonly atMs: EpochMs;
      readonly by: ParticipantId;
      readonly pausedMs: DurationMs;
    }
  | { readonly type: 'session-ended'; readonly atMs: EpochMs; readonly by: ParticipantId }
  | {
      readonly type: 'consent-requested';
      readonly stageId: StageId;
      readonly pending: readonly ParticipantId[];
    }
  | {
      readonly type: 'consent-recorded';
      readonly stageId: StageId;
      readonly participant: ParticipantId;
      readonly answer: ConsentAnswer;
    }
  | {
      /** People who declined take the stage's alternative, with no penalty. */
      readonly type: 'taking-alternative';
      readonly stageId: StageId;
      readonly participants: readonly ParticipantId[];
      readonly alternative: string | null;
    }
  | { readonly type: 'roles-assigned'; readonly roles: RoleAssignment }
  | {
      readonly type: 'participant-joined';
      readonly participant: ParticipantId;
      readonly isGuest: boolean;
      readonly isRejoin: boolean;
    }
  | {
      readonly type: 'presence-changed';
      readonly participant: ParticipantId;
      readonly presence: Presence;
    }
  | {
      readonly type: 'tracking-opt-out-changed';
      readonly participant: ParticipantId;
      readonly optedOut: boolean;
    };

export type SessionEffectType = SessionEffect['type'];

export const REFUSAL_CODES = [
  'NOT_ALLOWED',
  'NOT_STARTED',
  'ALREADY_STARTED',
  'ENDED',
  'PAUSED',
  'NOT_PAUSED',
  'NO_NEXT_STAGE',
  'NO_PREVIOUS_STAGE',
  'STAGE_CHANGED',
  'CONSENT_PENDING',
  'UNKNOWN_PARTICIPANT',
  'UNKNOWN_STAGE',
  'INVALID_COMMAND',
  'INVALID_TIME',
  'INVALID_STATE',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  readonly ok: false;
  readonly code: RefusalCode;
  /** Written for the person who sent the command: what is wrong and what to do instead. */
  readonly message: string;
  /** With CONSENT_PENDING: who has not answered yet. */
  readonly pending?: readonly ParticipantId[];
}

export interface Applied {
  readonly ok: true;
  readonly state: SessionState;
  readonly effects: readonly SessionEffect[];
}

export type ReduceResult = Applied | Refusal;
