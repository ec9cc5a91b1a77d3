import { Type, type TObject, type TSchema } from 'typebox';

// Request and response schemas of the outputs routes. The item shapes mirror core's
// `SessionOutputs` field for field, so what `GET …/outputs` returns feeds `buildSummary` as it is.

/** Every error leaves as plugins/error-handler.ts's ErrorBody. */
export { ERROR_RESPONSES, ErrorResponse } from '../plugins/error-schemas.js';

export function Nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/** A non-blank text: at least one character that is not white space. */
export function Text(maxLength: number) {
  return Type.String({ minLength: 1, maxLength, pattern: '\\S' });
}

/** An id a client made (a UUID fits), so retrying a create is idempotent. */
export const ClientId = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,64}$',
  description: 'Made by the client (a UUID fits): retrying with the same id changes nothing.',
});

/** An id in the path: it becomes part of a document id, so no `/`, `\`, `?`, `#` or spaces. */
export const PathId = Type.String({ pattern: '^[^/\\\\?#\\s]{1,128}$' });

export const UserId = Type.String({ pattern: '^[^/\\\\?#\\s]{1,128}$' });

export const IsoDateSchema = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'A calendar date in the circle’s time zone, YYYY-MM-DD.',
});

export const SessionParams = Type.Object({ circleId: PathId, sessionId: PathId });
export const ItemParams = Type.Object({ circleId: PathId, sessionId: PathId, itemId: ClientId });
export const CircleParams = Type.Object({ circleId: PathId });

export const CommitmentStatusSchema = Type.Union([
  Type.Literal('open'),
  Type.Literal('done'),
  Type.Literal('dropped'),
]);

export const CommitmentSchema = Type.Object({
  id: Type.String(),
  owner: Type.String(),
  text: Type.String(),
  dueDate: Nullable(Type.String()),
  createdAtMs: Type.Number(),
  status: CommitmentStatusSchema,
  evidence: Nullable(Type.String()),
  closedAtMs: Nullable(Type.Number()),
});

export const ExperimentSchema = Type.Object({
  id: Type.String(),
  owner: Type.String(),
  text: Type.String(),
});

export const SentenceToRememberSchema = Type.Object({
  id: Type.String(),
  owner: Type.String(),
  text: Type.String(),
});

export const AppreciationSchema = Type.Object({
  id: Type.String(),
  from: Type.String(),
  to: Nullable(Type.String()),
  text: Type.String(),
});

export const SessionOutputsSchema = Type.Object({
  commitments: Type.Array(CommitmentSchema),
  experiments: Type.Array(ExperimentSchema),
  sentencesToRemember: Type.Array(SentenceToRememberSchema),
  appreciations: Type.Array(AppreciationSchema),
});

export const NoteSchema = Type.Object({
  text: Type.String(),
  version: Type.Integer(),
  updatedAtMs: Type.Number(),
  updatedBy: Type.String(),
});

export const SessionOutputsResponse = Type.Object({
  outputs: SessionOutputsSchema,
  note: Nullable(NoteSchema),
});

export const PutNoteBody = Type.Object(
  {
    text: Type.String({ maxLength: 20_000 }),
    version: Type.Integer({
      minimum: 0,
      description: 'The version this edit starts from: 0 when there was no note yet.',
    }),
  },
  { additionalProperties: false },
);

/** An item with the session it came from, for lists that span sessions. */
function InSession<T extends TObject>(schema: T) {
  return Type.Object({ ...schema.properties, sessionId: Type.String() });
}

export const CommitmentInSession = InSession(CommitmentSchema);
export const ExperimentInSession = InSession(ExperimentSchema);
export const SentenceInSession = InSession(SentenceToRememberSchema);
export const AppreciationInSession = InSession(AppreciationSchema);

export const CreateCommitmentBody = Type.Object(
  {
    id: ClientId,
    owner: Type.Optional(UserId),
    text: Text(1_000),
    dueDate: Type.Optional(Nullable(IsoDateSchema)),
  },
  { additionalProperties: false },
);

export const EditCommitmentBody = Type.Object(
  {
    text: Type.Optional(Text(1_000)),
    dueDate: Type.Optional(Nullable(IsoDateSchema)),
    status: Type.Optional(CommitmentStatusSchema),
    evidence: Type.Optional(Text(4_000)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CreateOwnedItemBody = Type.Object(
  { id: ClientId, owner: Type.Optional(UserId), text: Text(1_000) },
  { additionalProperties: false },
);

export const CreateAppreciationBody = Type.Object(
  {
    id: ClientId,
    to: Type.Optional(Nullable(UserId)),
    text: Text(1_000),
  },
  { additionalProperties: false },
);

export const EditTextBody = Type.Object({ text: Text(1_000) }, { additionalProperties: false });

export const CommitmentsQuery = Type.Object(
  {
    status: Type.Optional(CommitmentStatusSchema),
    owner: Type.Optional(UserId),
  },
  { additionalProperties: false },
);

export const CommitmentListResponse = Type.Object({ commitments: Type.Array(CommitmentInSession) });
