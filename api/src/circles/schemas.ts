import { Type, type Static } from 'typebox';
import { FrameworkSchema, List, RoleSchema } from '../sessions/schemas.js';

// The circle's request and response schemas (validation, serialisation and the OpenAPI page).

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const HostSchema = Type.Enum(['teams', 'zoom']);

/** A Teams chat id or a Zoom meeting id; it becomes a document id, so no `/`, `\`, `?` or `#`. */
export const MeetingKeySchema = Type.String({
  minLength: 1,
  maxLength: 400,
  pattern: '^[^/\\\\?#\\s]+$',
});

export const TimeZoneSchema = Type.String({ minLength: 1, maxLength: 64 });
const NameSchema = Type.String({ minLength: 1, maxLength: 100 });

export const CadenceSchema = Type.Object(
  {
    frequency: Type.Enum(['weekly', 'fortnightly']),
    weekday: Type.Integer({ minimum: 1, maximum: 7 }),
    startTime: Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' }),
    timeZone: TimeZoneSchema,
    durationMinutes: Type.Integer({ minimum: 5, maximum: 240 }),
  },
  { additionalProperties: false },
);

export const NormsSchema = List(Type.String({ minLength: 1, maxLength: 500 }), {
  maxItems: 30,
});

export const GlossarySchema = List(
  Type.Object(
    {
      term: Type.String({ minLength: 1, maxLength: 100 }),
      plain: Type.String({ minLength: 1, maxLength: 200 }),
    },
    { additionalProperties: false },
  ),
  { maxItems: 300 },
);

export const ConsentDefaultsSchema = Type.Object(
  { rolePlay: Type.Enum(['ask-every-time', 'ask-once-per-session']) },
  { additionalProperties: false },
);

const FrameworkIdSchema = Type.String({ minLength: 1, maxLength: 100 });

export const CreateCircleBody = Type.Object(
  {
    host: HostSchema,
    meetingKey: MeetingKeySchema,
    name: NameSchema,
    frameworkId: FrameworkIdSchema,
    cadence: Type.Optional(Nullable(CadenceSchema)),
    norms: Type.Optional(NormsSchema),
    glossary: Type.Optional(GlossarySchema),
    consentDefaults: Type.Optional(ConsentDefaultsSchema),
    /** The creator's own time zone; UTC when left out. */
    timeZone: Type.Optional(TimeZoneSchema),
  },
  { additionalProperties: false },
);
export type CreateCircleBody = Static<typeof CreateCircleBody>;

export const UpdateCircleBody = Type.Object(
  {
    name: Type.Optional(NameSchema),
    cadence: Type.Optional(Nullable(CadenceSchema)),
    norms: Type.Optional(NormsSchema),
    glossary: Type.Optional(GlossarySchema),
    consentDefaults: Type.Optional(ConsentDefaultsSchema),
    /** A built-in framework or one of the circle's own. */
    frameworkId: Type.Optional(FrameworkIdSchema),
    /**
     * A copied and edited framework: checked by core's validateFramework (structure and wording),
     * saved among the circle's own, and chosen unless `frameworkId` says otherwise.
     */
    customFramework: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);
export type UpdateCircleBody = Static<typeof UpdateCircleBody>;

export const UpdateMemberBody = Type.Object(
  {
    displayName: Type.Optional(NameSchema),
    timeZone: Type.Optional(TimeZoneSchema),
    pronouns: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 40 }))),
  },
  { additionalProperties: false },
);
export type UpdateMemberBody = Static<typeof UpdateMemberBody>;

export const CircleParams = Type.Object({
  circleId: Type.String({ minLength: 1, maxLength: 200 }),
});
export const MeetingParams = Type.Object({ host: HostSchema, meetingKey: MeetingKeySchema });
export const JoinQuery = Type.Object(
  { timeZone: Type.Optional(TimeZoneSchema) },
  { additionalProperties: false },
);

const MemberSchema = Type.Object({
  userId: Type.String(),
  displayName: Type.String(),
  timeZone: Type.String(),
  pronouns: Nullable(Type.String()),
  joinedAtMs: Type.Number(),
});

export const CircleViewSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  hostMeetings: List(Type.Object({ host: HostSchema, meetingKey: Type.String() })),
  frameworkId: Type.String(),
  customFrameworks: List(FrameworkSchema),
  cadence: Nullable(CadenceSchema),
  norms: List(Type.String()),
  glossary: List(Type.Object({ term: Type.String(), plain: Type.String() })),
  consentDefaults: ConsentDefaultsSchema,
  /** In the order they joined. */
  members: List(MemberSchema),
  roleHistory: List(Type.Record(Type.String(), RoleSchema)),
  createdAtMs: Type.Number(),
  createdBy: Type.String(),
});

export const CircleResponse = Type.Object({ circle: CircleViewSchema });
export const CreateCircleResponse = Type.Object({
  circle: CircleViewSchema,
  /** False when the meeting already had a circle: that one is returned. */
  isNew: Type.Boolean(),
});
