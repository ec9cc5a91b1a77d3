// The one source of the store's layout: container names, partition keys and retention. The table
// itself is containers.json, so that infra/azure.bicep reads the very same file (loadJsonContent)
// and the containers it creates cannot drift from what the store expects. The Cosmos adapter
// creates containers from it (where allowed), the embedded store mirrors it, and
// tests/infra checks infra/azure.bicep against it.
import layout from './containers.json' with { type: 'json' };

export interface ContainerSpec {
  /** The field every document of the container carries its partition key in. */
  readonly partitionKey: string;
  /**
   * Whether RETENTION_DAYS applies (Cosmos's `defaultTtl` in seconds) or the container never
   * expires by default (`defaultTtl` -1). A document's own `ttl` field (seconds, or -1 for never)
   * overrides either.
   */
  readonly retention: 'session-data' | 'never';
  /** What the container holds and how it is partitioned, for people reading the table. */
  readonly holds: string;
}

type ContainerTable = { readonly [Name in keyof typeof layout.containers]: ContainerSpec };

const RETENTIONS: ReadonlySet<string> = new Set(['session-data', 'never']);

/** JSON widens the retention to string; check it once here so a typo fails at start-up. */
function checkContainerTable(table: typeof layout.containers): ContainerTable {
  for (const [name, spec] of Object.entries(table)) {
    if (!RETENTIONS.has(spec.retention)) {
      throw new TypeError(`containers.json: ${name}.retention must be session-data or never.`);
    }
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(spec.partitionKey)) {
      throw new TypeError(`containers.json: ${name}.partitionKey must be a plain field name.`);
    }
  }
  return table as ContainerTable;
}

export const CONTAINERS: ContainerTable = checkContainerTable(layout.containers);

export type ContainerName = keyof typeof CONTAINERS;
export const CONTAINER_NAMES = Object.keys(CONTAINERS) as ContainerName[];

export const DATABASE_NAME_DEFAULT = layout.database;

/** Seconds in a day, for turning RETENTION_DAYS into a Cosmos `defaultTtl`. */
export const SECONDS_PER_DAY = layout.secondsPerDay;
