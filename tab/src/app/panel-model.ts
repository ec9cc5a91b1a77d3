// The contract between the app shell and the feature views. The shell (host adapter, auth, live
// stream, command sender, durable mark queue) builds one `PanelModel` and provides it through
// `PanelContext`; a view reads it with `usePanel()` and never talks to a host SDK, the network or
// IndexedDB itself. Tests provide their own model (see `createStubPanelModel` in
// stub-panel-model.ts) through the same context.
import { createContext, useContext } from 'react';
import type {
  Appreciation,
  Commitment,
  CommitmentStatus,
  EpochMs,
  Experiment,
  LanguageTag,
  Mark,
  MarkSource,
  ParticipantId,
  SentenceToRemember,
  SessionCommand,
  SessionOutputs,
  SessionSummary,
  StageId,
} from '@grow-together/core';
import type { Static } from 'typebox';
import type {
  CadenceSchema,
  CircleViewSchema,
  HostSchema,
  CreateCircleBody,
  UpdateCircleBody,
  UpdateMemberBody,
} from '../../../api/src/circles/schemas.js';
import type { SessionView } from '../../../api/src/sessions/model.js';
import type {
  FeedbackToMeSchema,
  PreferencesSchema,
  PutPreferencesBody,
  ReflectionSchema,
  SentFeedbackSchema,
  SharedReflectionSchema,
} from '../../../api/src/people/schemas.js';

// ---- What the api sends (its own schemas, imported as types only) ----------------------------

export type { SessionView };
export type CircleView = Static<typeof CircleViewSchema>;
export type Cadence = Static<typeof CadenceSchema>;
export type CreateCircleInput = CreateCircleBody;
export type UpdateCircleInput = UpdateCircleBody;
export type UpdateMemberInput = UpdateMemberBody;
export type Preferences = Static<typeof PreferencesSchema>;
export type PreferencesInput = Static<typeof PutPreferencesBody>;
export type Reflection = Static<typeof ReflectionSchema>;
export type SharedReflection = Static<typeof SharedReflectionSchema>;
export type FeedbackToMe = Static<typeof FeedbackToMeSchema>;
export type SentFeedback = Static<typeof SentFeedbackSchema>;
export interface SessionNote {
  readonly text: string;
  readonly version: number;
  readonly updatedAtMs: number;
  readonly updatedBy: string;
}
/** An output listed across sessions carries the session it came from. */
export type InSession<T> = T & { readonly sessionId: string };

// ---- The host ---------------------------------------------------------------------------------

export type HostKind = 'teams' | 'zoom' | 'browser';
/** The host the api files a circle under (`POST /api/circles`, `/api/circles/by-meeting/:host/…`). */
export type CircleHost = Static<typeof HostSchema>;
/** Teams' frame contexts, plus `browser` outside any host. */
export type FrameContext =
  'sidePanel' | 'meetingStage' | 'content' | 'settings' | 'remove' | 'task' | 'browser';
export type ThemeName = 'light' | 'dark' | 'contrast';

/**
 * Which page of the app this document is (see tab/README.md for the URLs):
 * - `side-panel`: the meeting side panel (stage card, tracker, tally, notes, consent, summary);
 * - `stage`: the meeting stage, the same session shown large;
 * - `config`: the configuration page shown when the app is added to a meeting;
 * - `before-after`: the meeting's chat and details tabs (prompts, past summaries, commitments).
 */
export type PageKind = 'side-panel' | 'stage' | 'config' | 'before-after';

export interface HostInfo {
  readonly kind: HostKind;
  /**
   * The host to name to the api for this meeting's circle. Not always `kind`: the browser demo's
   * meetings are filed as `teams` meetings, since the api knows only Teams and Zoom.
   */
  readonly circleHost: CircleHost;
  readonly frameContext: FrameContext;
  readonly theme: ThemeName;
  /** BCP 47, e.g. `en-GB`. */
  readonly locale: string;
  /** The key the api finds the circle by: Teams chat id, Zoom meeting id, or the demo meeting. */
  readonly meetingKey: string | null;
  /** The occurrence's meeting id: Teams `meeting.id`, Zoom `mid`, or the demo meeting. */
  readonly meetingId: string | null;
  /** Only Teams side panels can share to the meeting stage. */
  readonly canShareToStage: boolean;
  /** Rejects with an Error whose message a person can read when the host refuses. */
  shareToStage(): Promise<void>;
  /** The host's own configuration dialog (Teams' Save button on the configuration page), or null. */
  readonly configuration: HostConfiguration | null;
}

/**
 * A host dialog around the configuration page: Teams shows its own Save button, which the page
 * enables while its form is valid and which saves the form, then the tab (its content URL and
 * name), before the dialog closes.
 */
export interface HostConfiguration {
  /** Enables (or disables) the dialog's Save button. */
  setValid(isValid: boolean): void;
  /**
   * What the dialog's Save does first: `save` creates or updates the circle and returns the name
   * the tab should get. A rejection keeps the dialog open with its message. Returns the unregister.
   */
  onSave(save: () => Promise<{ readonly displayName: string }>): () => void;
}

export interface Me {
  /** The id the session and the circle know this person by. */
  readonly personId: ParticipantId;
  readonly displayName: string;
}

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/**
 * Where this panel keeps the marks it has not sent yet: `device` (IndexedDB: they survive a reload
 * or a crash) or `memory` (the browser refused storage to this page, e.g. a cross-site frame whose
 * storage is blocked: they survive a network drop, not a reload). tab/README.md says when.
 */
export type MarkStorage = 'device' | 'memory';

// ---- Commands and marks -------------------------------------------------------------------------

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A command as a view sends it: `by` is always the caller, the api sets it. */
export type CommandInput = DistributiveOmit<SessionCommand, 'by'>;

export type CommandResult =
  | { readonly ok: true; readonly session: SessionView; readonly isRepeat: boolean }
  | {
      readonly ok: false;
      /** The api's error code, e.g. `COMMAND_REFUSED`, `FORBIDDEN`, `VERSION_CONFLICT`. */
      readonly code: string;
      /** A sentence a person can read. */
      readonly message: string;
      /** The fresh state when the api sent one (a 409); the model has already adopted it. */
      readonly session: SessionView | null;
    };

/** A speech mark as a view makes it: who speaks from now on (null = silence). */
export interface SpeechMarkInput {
  readonly kind: 'speech';
  readonly speaker: ParticipantId | null;
  /** Default `observer` (a tap); automatic signals keep their own source. */
  readonly source?: MarkSource;
  /** Default `serverNow()`. */
  readonly atMs?: EpochMs;
}

/** A language tag on the current speaker's utterance. */
export interface TagMarkInput {
  readonly kind: 'tag';
  readonly speaker: ParticipantId;
  readonly tag: LanguageTag;
  /** Default: the current stage. */
  readonly stageId?: StageId | null;
  readonly atMs?: EpochMs;
}

export type MarkInput = SpeechMarkInput | TagMarkInput;

// ---- The typed api client ------------------------------------------------------------------------

export interface SessionPageEntry {
  readonly session: SessionView;
  readonly summary: SessionSummary;
}

export interface PanelApi {
  readonly circles: {
    byMeeting(host: CircleHost, meetingKey: string): Promise<CircleView>;
    /** `isNew` is false when the meeting already had a circle: that one is returned. */
    create(body: CreateCircleInput): Promise<{ circle: CircleView; isNew: boolean }>;
    get(circleId: string): Promise<CircleView>;
    update(circleId: string, body: UpdateCircleInput): Promise<CircleView>;
    updateMe(circleId: string, body: UpdateMemberInput): Promise<CircleView>;
    /** Newest first; pass `continuation` back for the next page. */
    listSessions(
      circleId: string,
      options?: { limit?: number; continuation?: string | null },
    ): Promise<{ sessions: readonly SessionPageEntry[]; continuation: string | null }>;
    /** Commitments across the circle's sessions. */
    listCommitments(
      circleId: string,
      query?: { status?: CommitmentStatus; owner?: string },
    ): Promise<readonly InSession<Commitment>[]>;
  };
  readonly sessions: {
    startOrJoin(circleId: string, meetingId: string): Promise<SessionView>;
    get(circleId: string, sessionId: string): Promise<SessionView>;
    /** A preview until the session ends. */
    summary(circleId: string, sessionId: string): Promise<SessionSummary>;
  };
  readonly outputs: {
    get(
      circleId: string,
      sessionId: string,
    ): Promise<{ outputs: SessionOutputs; note: SessionNote | null }>;
    /** `version` is the note's version the edit starts from (0 for a new note); 409 if it moved. */
    putNote(
      circleId: string,
      sessionId: string,
      text: string,
      version: number,
    ): Promise<SessionNote>;
    addCommitment(
      circleId: string,
      sessionId: string,
      body: { id: string; owner?: string; text: string; dueDate?: string | null },
    ): Promise<InSession<Commitment>>;
    editCommitment(
      circleId: string,
      sessionId: string,
      commitmentId: string,
      body: {
        text?: string;
        dueDate?: string | null;
        status?: CommitmentStatus;
        evidence?: string;
      },
    ): Promise<InSession<Commitment>>;
    addExperiment(
      circleId: string,
      sessionId: string,
      body: { id: string; owner?: string; text: string },
    ): Promise<InSession<Experiment>>;
    editExperiment(
      circleId: string,
      sessionId: string,
      experimentId: string,
      text: string,
    ): Promise<InSession<Experiment>>;
    addSentence(
      circleId: string,
      sessionId: string,
      body: { id: string; owner?: string; text: string },
    ): Promise<InSession<SentenceToRemember>>;
    editSentence(
      circleId: string,
      sessionId: string,
      sentenceId: string,
      text: string,
    ): Promise<InSession<SentenceToRemember>>;
    addAppreciation(
      circleId: string,
      sessionId: string,
      body: { id: string; to?: string | null; text: string },
    ): Promise<InSession<Appreciation>>;
    editAppreciation(
      circleId: string,
      sessionId: string,
      appreciationId: string,
      text: string,
    ): Promise<InSession<Appreciation>>;
  };
  readonly reflections: {
    create(body: {
      id: string;
      circleId: string;
      sessionId: string;
      moment: 'before' | 'after';
      text: string;
      shared?: boolean;
    }): Promise<Reflection>;
    listMine(query?: { circleId?: string; sessionId?: string }): Promise<readonly Reflection[]>;
    edit(reflectionId: string, body: { text?: string; shared?: boolean }): Promise<Reflection>;
    remove(reflectionId: string): Promise<void>;
    /** Reflections others chose to share, for one session. */
    listShared(circleId: string, sessionId: string): Promise<readonly SharedReflection[]>;
  };
  readonly feedback: {
    /** Private: only `to` can read it. */
    send(
      circleId: string,
      body: { id: string; to: string; sessionId?: string; text: string },
    ): Promise<SentFeedback>;
    listMine(): Promise<readonly FeedbackToMe[]>;
  };
  readonly preferences: {
    get(): Promise<Preferences>;
    put(body: PreferencesInput): Promise<Preferences>;
  };
}

// ---- The model -----------------------------------------------------------------------------------

export interface PanelModel {
  readonly page: PageKind;
  readonly me: Me;
  readonly host: HostInfo;
  /** null until the meeting has a circle (the configuration page or the first panel makes it). */
  readonly circle: CircleView | null;
  /** null until the session is started or joined; always the newest version seen. */
  readonly session: SessionView | null;
  /** Now on the server's clock (ms since the epoch), corrected by the stream's server times. */
  serverNow(): EpochMs;
  readonly connection: ConnectionState;
  /** Marks made on this panel and not yet acknowledged by the api. */
  readonly pendingMarks: number;
  readonly markStorage: MarkStorage;
  /**
   * Every mark this panel made in the current session, acknowledged or not, undo marks included,
   * oldest first: feed it to core's computeLiveAirtime for the live shares.
   */
  readonly marks: readonly Mark[];
  /** Adds a client id and the expected version; on a stale version adopts the fresh state. */
  sendCommand(command: CommandInput): Promise<CommandResult>;
  /** Adds a client id and the time, queues it durably and flushes per core's isMarkFlushDue. */
  recordMark(mark: MarkInput): Mark;
  /** Takes back this panel's latest mark that is not undone yet; null when there is none. */
  undoMark(): Mark | null;
  /** The circle the configuration page created or linked: the shell adopts it and joins. */
  adoptCircle(circle: CircleView): void;
  readonly api: PanelApi;
}

export const PanelContext = createContext<PanelModel | null>(null);

export function usePanel(): PanelModel {
  const model = useContext(PanelContext);
  if (model === null) {
    throw new Error('usePanel() needs a <PanelContext.Provider> (the app shell provides one).');
  }
  return model;
}

/** A fresh client-made id: fits every id the api accepts (marks, commands, outputs, feedback). */
export function createClientId(): string {
  return crypto.randomUUID();
}
