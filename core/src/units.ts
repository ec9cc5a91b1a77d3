// Units live in the names: an `…Ms` number is a duration in milliseconds, an `…AtMs` number is a
// point in time (milliseconds since the Unix epoch). core never reads a clock: `now` is an argument.

/** A point in time, milliseconds since the Unix epoch. */
export type EpochMs = number;
/** A length of time in milliseconds. */
export type DurationMs = number;

/** Ids are made by whoever creates the thing (a client, the api) and passed in; core makes none. */
export type ParticipantId = string;
export type MarkId = string;
export type StageId = string;
export type FrameworkId = string;
export type CircleId = string;
export type SessionId = string;
export type CommandId = string;

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60_000;

export function minutesToMs(minutes: number): DurationMs {
  return minutes * MINUTE_MS;
}
