import {
  LANGUAGE_TAGS,
  MARK_SOURCES,
  ROLES,
  SESSION_COMMAND_TYPES,
  TRANSCRIPT_FORMATS,
} from '@grow-together/core';
import { Type, type Static } from 'typebox';

// The session's request and response schemas: one TypeBox schema gives validation, the response
// serialiser and the OpenAPI page. The response schemas mirror core's types field by field (the
// serialiser drops any field a schema leaves out), and sessions.test.ts reads a session back to
// prove nothing is lost. The tab may `import type` these.

/** A client-made id that also ends up inside a document id: no `/`, `\`, `?` or `#`. */
export const ClientId = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^[A-Za-z0-9._:~-]+$',
});
const Text = Type.String();
/** An array that the types read as readonly, as core's types declare theirs. */
export const List = <T extends Parameters<typeof Type.Array>[0]>(
  items: T,
  options?: Parameters<typeof Type.Array>[1],
) => Type.Immutable(Type.Array(items, options));
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const RoleSchema = Type.Enum([...ROLES]);

const StagePromptsSchema = Type.Object(
  Object.fromEntries(
    ['everyone', ...ROLES].map((audience) => [audience, Type.Optional(List(Text))]),
  ),
);

export const StageSchema = Type.Object({
  id: Text,
  kind: Type.Optional(Type.Enum(['opening', 'closing'])),
  name: Text,
  purpose: Text,
  timeboxMs: Type.Number(),
  prompts: StagePromptsSchema,
  rules: Type.Object({
    questionsOnly: Type.Optional(Type.Boolean()),
    observationsNotInterpretations: Type.Optional(Type.Boolean()),
    askBeforeAdvising: Type.Optional(Type.Boolean()),
    consent: Type.Optional(Type.Literal('role-play')),
  }),
  consentAlternative: Type.Optional(Text),
});

export const FrameworkSchema = Type.Object({
  id: Text,
  name: Text,
  kind: Type.Enum(['coaching', 'action-learning']),
  summary: Text,
  minPeople: Type.Number(),
  maxPeople: Type.Number(),
  stages: List(StageSchema),
  basedOn: Type.Optional(Text),
});

const StageRunSchema = Type.Object({
  stageId: Text,
  stageIndex: Type.Number(),
  startedAtMs: Type.Number(),
  endedAtMs: Nullable(Type.Number()),
  pausedMs: Type.Number(),
  extendedMs: Type.Number(),
  outcome: Nullable(Type.Enum(['done', 'skipped', 'went-back', 'session-ended'])),
});

const SessionParticipantSchema = Type.Object({
  id: Text,
  displayName: Text,
  role: Nullable(RoleSchema),
  presence: Type.Enum(['present', 'absent']),
  isGuest: Type.Boolean(),
  optedOutOfTracking: Type.Boolean(),
  consent: Type.Record(Type.String(), Type.Enum(['given', 'declined'])),
});

export const SessionStateSchema = Type.Object({
  id: Text,
  framework: FrameworkSchema,
  status: Type.Enum(['not-started', 'running', 'paused', 'ended']),
  stageIndex: Type.Number(),
  timeline: List(StageRunSchema),
  pause: Nullable(Type.Object({ atMs: Type.Number(), by: Text })),
  startedAtMs: Nullable(Type.Number()),
  endedAtMs: Nullable(Type.Number()),
  latestAtMs: Nullable(Type.Number()),
  participants: Type.Record(Type.String(), SessionParticipantSchema),
});

const CommitmentSchema = Type.Object({
  id: Text,
  owner: Text,
  text: Text,
  dueDate: Nullable(Text),
  createdAtMs: Type.Number(),
  status: Type.Enum(['open', 'done', 'dropped']),
  evidence: Nullable(Text),
  closedAtMs: Nullable(Type.Number()),
});
const OwnedTextSchema = Type.Object({ id: Text, owner: Text, text: Text });
const AppreciationSchema = Type.Object({ id: Text, from: Text, to: Nullable(Text), text: Text });

const TranscriptInfoSchema = Type.Object({
  uploadedAtMs: Type.Number(),
  uploadedBy: Text,
  format: Type.Enum([...TRANSCRIPT_FORMATS]),
  durationMs: Type.Number(),
  utteranceCount: Type.Number(),
  hasTexts: Type.Boolean(),
});

export const SessionViewSchema = Type.Object({
  id: Text,
  circleId: Text,
  version: Type.Integer(),
  meetingId: Text,
  occurredOn: Text,
  createdAtMs: Type.Number(),
  updatedAtMs: Type.Number(),
  state: SessionStateSchema,
  transcript: Nullable(TranscriptInfoSchema),
});

export const CircleParams = Type.Object({
  circleId: Type.String({ minLength: 1, maxLength: 200 }),
});
export const SessionParams = Type.Object({
  circleId: Type.String({ minLength: 1, maxLength: 200 }),
  sessionId: Type.String({ minLength: 1, maxLength: 200 }),
});

export const StartSessionBody = Type.Object(
  {
    meetingId: Type.String({ minLength: 1, maxLength: 1_000 }),
    /** The occurrence's day in the circle's time zone; today there when left out. */
    occurredOn: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  },
  { additionalProperties: false },
);

export const SessionResponse = Type.Object({ session: SessionViewSchema });

export const ListSessionsQuery = Type.Object(
  {
    /** 1 to 20 (query strings are not coerced, so it is checked as text). */
    limit: Type.Optional(Type.String({ pattern: '^([1-9]|1[0-9]|20)$' })),
    continuation: Type.Optional(Type.String({ maxLength: 4_000 })),
  },
  { additionalProperties: false },
);

export const CommandBody = Type.Object(
  {
    commandId: ClientId,
    expectedVersion: Type.Integer({ minimum: 0 }),
    /** Checked field by field by core's parseCommand; `by` is always the caller, whatever is sent. */
    command: Type.Object(
      { type: Type.Enum([...SESSION_COMMAND_TYPES]) },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: false },
);

export const CommandResponse = Type.Object({
  session: SessionViewSchema,
  /** True when the command id had already been applied: nothing was applied again. */
  isRepeat: Type.Boolean(),
});

export const EndSessionBody = Type.Object(
  { commandId: Type.Optional(ClientId) },
  { additionalProperties: false },
);

/** Upper bounds a panel never reaches: a flush at least every 20 s holds a few dozen marks. */
export const MAX_MARKS_PER_BATCH = 500;

// One flat object for the three kinds, so a bad mark is reported by its field ("marks.3.source")
// rather than as "matches no branch of a union"; record-marks.ts checks each kind's own fields.
export const MarkInput = Type.Object(
  {
    kind: Type.Enum(['speech', 'tag', 'undo']),
    id: ClientId,
    atMs: Type.Integer({ minimum: 0, maximum: 8_640_000_000_000_000 }),
    /** Ignored: a mark is always recorded as the caller's. */
    by: Type.Optional(Type.String({ maxLength: 200 })),
    source: Type.Optional(Type.Enum([...MARK_SOURCES])),
    speaker: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    tag: Type.Optional(Type.Enum([...LANGUAGE_TAGS])),
    stageId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
    targetId: Type.Optional(ClientId),
  },
  { additionalProperties: false },
);
export type MarkInput = Static<typeof MarkInput>;

export const MarksBody = Type.Object(
  {
    batchId: ClientId,
    marks: List(MarkInput, { minItems: 1, maxItems: MAX_MARKS_PER_BATCH }),
  },
  { additionalProperties: false },
);

export const MarksResponse = Type.Object({
  /** Marks written by this request. */
  stored: Type.Integer(),
  /** Marks already stored before (the same batch again, or ids seen in an earlier batch). */
  duplicates: Type.Integer(),
  /** Marks about someone who opted out of tracking: accepted and dropped. */
  ignored: Type.Integer(),
});

const QuestionCountsSchema = Type.Object({
  open: Type.Number(),
  closed: Type.Number(),
  leading: Type.Number(),
});

const ParticipantMetricsSchema = Type.Object({
  participant: Text,
  talkMs: Type.Number(),
  share: Type.Number(),
  turns: Type.Number(),
  longestMonologueMs: Type.Number(),
  interruptions: Type.Number(),
  questions: QuestionCountsSchema,
  questionRatio: Type.Number(),
  tags: Type.Record(Type.String(), Type.Number()),
});

const SessionMetricsSchema = Type.Object({
  durationMs: Type.Number(),
  silentMs: Type.Number(),
  unattributedMs: Type.Number(),
  gini: Type.Number(),
  balance: Type.Number(),
  turnTakingIndex: Type.Number(),
  questionRatio: Type.Number(),
  openQuestionRate: Type.Number(),
});

export const SessionSummarySchema = Type.Object({
  sessionId: Text,
  frameworkId: Text,
  frameworkName: Text,
  startedAtMs: Nullable(Type.Number()),
  endedAtMs: Nullable(Type.Number()),
  isFinal: Type.Boolean(),
  timeline: List(
    Type.Object({
      stageId: Text,
      name: Text,
      plannedMs: Type.Number(),
      actualMs: Type.Number(),
      overrunMs: Nullable(Type.Number()),
      status: Type.Enum([
        'done',
        'skipped',
        'went-back',
        'session-ended',
        'in-progress',
        'not-reached',
      ]),
      runCount: Type.Number(),
    }),
  ),
  airtimeSource: Type.Enum(['observer', 'transcript']),
  people: List(
    Type.Object({
      id: Text,
      displayName: Text,
      role: Nullable(RoleSchema),
      isGuest: Type.Boolean(),
      status: Type.Enum(['tracked', 'opted-out', 'absent']),
      airtime: Nullable(ParticipantMetricsSchema),
    }),
  ),
  conversation: SessionMetricsSchema,
  observerView: Nullable(
    Type.Object({
      people: List(Type.Object({ id: Text, airtime: ParticipantMetricsSchema })),
      conversation: SessionMetricsSchema,
    }),
  ),
  alerts: List(
    Type.Object({
      rule: Text,
      participant: Text,
      atMs: Type.Number(),
      tag: Type.Enum([...LANGUAGE_TAGS]),
      message: Text,
      stageId: Text,
      stageName: Text,
    }),
  ),
  jargon: List(Type.Object({ term: Text, plain: Text, count: Type.Number() })),
  commitments: List(CommitmentSchema),
  experiments: List(OwnedTextSchema),
  sentencesToRemember: List(OwnedTextSchema),
  appreciations: List(AppreciationSchema),
  nextRoles: Nullable(Type.Record(Type.String(), RoleSchema)),
});

export const SummaryResponse = Type.Object({ summary: SessionSummarySchema });

export const SessionPage = Type.Object({
  sessions: List(Type.Object({ session: SessionViewSchema, summary: SessionSummarySchema })),
  /** Pass back as `continuation` for the next (older) page; null on the last page. */
  continuation: Nullable(Text),
});

export const TranscriptResponse = Type.Object({
  session: SessionViewSchema,
  summary: SessionSummarySchema,
});

export { ERROR_RESPONSES, ErrorResponse } from '../plugins/error-schemas.js';
