// The one source of the store's layout: container names, partition keys and retention. The Cosmos
// adapter creates containers from it (where allowed), the embedded store mirrors it, and the infra
// tests check infra/azure.bicep against it.

export interface ContainerSpec {
  /** The field every document of the container carries its partition key in. */
  readonly partitionKey: string;
  /**
   * Default time to live in seconds when retention applies to the container; null never expires.
   * Cosmos's `defaultTtl`: a document's own `ttl` field (seconds, or -1 for never) overrides it.
   */
  readonly retention: 'session-data' | 'never';
}

export const CONTAINERS = {
  /** Circles and all they produce: sessions, mark chunks, outputs, transcripts. Partition per circle. */
  circles: { partitionKey: 'circleId', retention: 'session-data' },
  /** A person's own things: preferences, reflections, private feedback to them. Partition per person. */
  people: { partitionKey: 'personId', retention: 'session-data' },
  /** Lookups by a host meeting (Teams chat id, Zoom meeting id) to the circle. Partition per key. */
  meetings: { partitionKey: 'meetingKey', retention: 'never' },
  /** A short-lived log of session changes that server instances read to fan out to their panels. */
  changes: { partitionKey: 'bucket', retention: 'never' },
} as const satisfies Record<string, ContainerSpec>;

export type ContainerName = keyof typeof CONTAINERS;
export const CONTAINER_NAMES = Object.keys(CONTAINERS) as ContainerName[];

export const DATABASE_NAME_DEFAULT = 'grow-together';

/** Seconds in a day, for turning RETENTION_DAYS into a Cosmos `defaultTtl`. */
export const SECONDS_PER_DAY = 86_400;
