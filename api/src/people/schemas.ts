import { Type } from 'typebox';
import {
  AppreciationInSession,
  ClientId,
  CommitmentInSession,
  ExperimentInSession,
  Nullable,
  PathId,
  SentenceInSession,
  Text,
  UserId,
} from '../outputs/schemas.js';

// Request and response schemas of the people routes: /api/me/* and private feedback.

const RolePlayConsentSchema = Type.Union([
  Type.Literal('ask-every-time'),
  Type.Literal('ask-once-per-session'),
]);

const OptOutsSchema = Type.Object(
  {
    airtimeAndLanguage: Type.Boolean({
      description: 'Left out of every airtime and language metric, and shown as opted out.',
    }),
    transcriptAnalysis: Type.Boolean({ description: 'My lines in a transcript are not analysed.' }),
    nudges: Type.Boolean({ description: 'The bot sends me no nudges between sessions.' }),
  },
  { additionalProperties: false },
);

const ConsentDefaultsSchema = Type.Object(
  {
    rolePlay: RolePlayConsentSchema,
    shareReflections: Type.Boolean({
      description: 'Whether a new reflection is shared with the circle unless I say otherwise.',
    }),
  },
  { additionalProperties: false },
);

const preferenceFields = {
  displayName: Nullable(Text(80)),
  timeZone: Nullable(
    Type.String({ minLength: 1, maxLength: 64, description: 'IANA, e.g. Europe/Berlin' }),
  ),
  pronouns: Nullable(Text(40)),
  optOuts: OptOutsSchema,
  consentDefaults: ConsentDefaultsSchema,
};

export const PreferencesSchema = Type.Object({
  ...preferenceFields,
  updatedAtMs: Nullable(Type.Number()),
});

export const PutPreferencesBody = Type.Object(preferenceFields, { additionalProperties: false });

const ReflectionMomentSchema = Type.Union([Type.Literal('before'), Type.Literal('after')]);

export const ReflectionSchema = Type.Object({
  id: Type.String(),
  circleId: Type.String(),
  sessionId: Type.String(),
  moment: ReflectionMomentSchema,
  text: Type.String(),
  shared: Type.Boolean(),
  createdAtMs: Type.Number(),
  updatedAtMs: Type.Number(),
});

export const CreateReflectionBody = Type.Object(
  {
    id: ClientId,
    circleId: PathId,
    sessionId: PathId,
    moment: ReflectionMomentSchema,
    text: Text(5_000),
    shared: Type.Optional(
      Type.Boolean({ description: 'Default: my consent default; false unless I changed it.' }),
    ),
  },
  { additionalProperties: false },
);

export const EditReflectionBody = Type.Object(
  { text: Type.Optional(Text(5_000)), shared: Type.Optional(Type.Boolean()) },
  { additionalProperties: false, minProperties: 1 },
);

export const ReflectionsQuery = Type.Object(
  { circleId: Type.Optional(PathId), sessionId: Type.Optional(PathId) },
  { additionalProperties: false },
);

export const ReflectionParams = Type.Object({ reflectionId: ClientId });

export const ReflectionListResponse = Type.Object({ reflections: Type.Array(ReflectionSchema) });

export const SharedReflectionSchema = Type.Object({
  id: Type.String(),
  author: Type.String(),
  authorDisplayName: Type.String(),
  moment: ReflectionMomentSchema,
  text: Type.String(),
  createdAtMs: Type.Number(),
  updatedAtMs: Type.Number(),
});

export const SharedReflectionListResponse = Type.Object({
  reflections: Type.Array(SharedReflectionSchema),
});

const DeliverySchema = Type.Union([Type.Literal('pending'), Type.Literal('sent')], {
  description: 'pending until the bot has delivered it to the recipient, then sent.',
});

export const SendFeedbackBody = Type.Object(
  {
    id: ClientId,
    to: UserId,
    sessionId: Type.Optional(PathId),
    text: Text(5_000),
  },
  { additionalProperties: false },
);

export const SentFeedbackSchema = Type.Object({
  id: Type.String(),
  circleId: Type.String(),
  sessionId: Nullable(Type.String()),
  to: Type.String(),
  sentAtMs: Type.Number(),
});

export const FeedbackToMeSchema = Type.Object({
  id: Type.String(),
  circleId: Type.String(),
  sessionId: Nullable(Type.String()),
  from: Type.String(),
  fromDisplayName: Type.String(),
  text: Type.String(),
  createdAtMs: Type.Number(),
  delivery: DeliverySchema,
  deliveredAtMs: Nullable(Type.Number()),
});

export const FeedbackParams = Type.Object({ feedbackId: ClientId });

export const FeedbackListResponse = Type.Object({ feedback: Type.Array(FeedbackToMeSchema) });

const CircleMemberSchema = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  timeZone: Type.String(),
  pronouns: Nullable(Type.String()),
  joinedAtMs: Type.Number(),
});

const CircleExportSchema = Type.Object({
  circleId: Type.String(),
  name: Type.String(),
  /** null: I was in it once and have been removed, but what I made there is still mine. */
  member: Nullable(CircleMemberSchema),
  commitments: Type.Array(CommitmentInSession),
  experiments: Type.Array(ExperimentInSession),
  sentencesToRemember: Type.Array(SentenceInSession),
  appreciationsGiven: Type.Array(AppreciationInSession),
  appreciationsReceived: Type.Array(AppreciationInSession),
});

export const PersonExportSchema = Type.Object({
  exportedAtMs: Type.Number(),
  person: Type.Object({
    tenantId: Type.String(),
    userId: Type.String(),
    displayName: Type.String(),
  }),
  preferences: PreferencesSchema,
  reflections: Type.Array(ReflectionSchema),
  feedbackReceived: Type.Array(FeedbackToMeSchema),
  feedbackSent: Type.Array(SentFeedbackSchema, {
    description: 'Whom and when; the words live only with their recipient.',
  }),
  circles: Type.Array(CircleExportSchema),
});

export const DeletionReportSchema = Type.Object({
  deleted: Type.Object({
    personalDocuments: Type.Integer(),
    circleOutputs: Type.Integer(),
    circleMemberships: Type.Integer(),
  }),
  anonymised: Type.Object({
    circleOutputs: Type.Integer({
      description: 'Things others own that named me (a note I last edited, an appreciation to me).',
    }),
    feedbackSent: Type.Integer(),
    sessions: Type.Integer({
      description: "Sessions that showed my name; they now show 'A former member'.",
    }),
  }),
});
