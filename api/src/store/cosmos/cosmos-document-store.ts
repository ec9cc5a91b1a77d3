// The production store: Azure Cosmos DB for NoSQL through @azure/cosmos, one container per entry
// of containers.ts, partitioned as it says. Queries always name their partition key in WHERE as
// well as in the options: real Cosmos routes by the option, the test protocol server only obeys
// WHERE (shared/PLATFORM.md).
import { CosmosClient } from '@azure/cosmos';
import type {
  Container,
  CosmosClientOptions,
  Database,
  FeedOptions,
  SqlParameter,
} from '@azure/cosmos';
import { ConfigError } from '../../config.js';
import { CONTAINER_NAMES, CONTAINERS } from '../containers.js';
import type { ContainerName } from '../containers.js';
import {
  computeDefaultTtlSeconds,
  stripSystemFields,
  validateWritableDocument,
} from '../document-rules.js';
import { ConflictError, PreconditionFailedError, StoreUnavailableError } from '../port.js';
import type { DocumentStore, Page, QueryOptions, StoredDocument } from '../port.js';
import { planQuery } from '../query-plan.js';

/** What signs requests without a key: in production a managed-identity credential. */
export type CosmosCredential = NonNullable<CosmosClientOptions['aadCredentials']>;

export interface CosmosDocumentStoreOptions {
  readonly endpoint: string;
  /** The account key; null signs in with `aadCredentials` instead (data-plane RBAC). */
  readonly key: string | null;
  // Production runs keyless: the server passes a managed-identity credential from @azure/identity
  // (not a dependency yet), so with neither a key nor a credential the store refuses to start.
  readonly aadCredentials?: CosmosCredential;
  readonly database: string;
  /** Create the database and missing containers; off under data-plane RBAC, where infra makes them. */
  readonly createContainers: boolean;
  readonly retentionDays: number;
  readonly agent?: CosmosClientOptions['agent'];
  readonly requestTimeoutMs?: number;
}

// A request the api is serving should fail over to a 503 with Retry-After rather than hang: the
// SDK waits up to 60 s per request and 30 s on throttling by default.
const REQUEST_TIMEOUT_MS_DEFAULT = 5_000;
const THROTTLE_WAIT_SECONDS = 10;

export async function createCosmosDocumentStore(
  options: CosmosDocumentStoreOptions,
): Promise<DocumentStore> {
  const client = new CosmosClient({
    endpoint: options.endpoint,
    ...signInWith(options),
    ...(options.agent === undefined ? {} : { agent: options.agent }),
    connectionPolicy: {
      enableEndpointDiscovery: false,
      requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS_DEFAULT,
      retryOptions: { maxWaitTimeInSeconds: THROTTLE_WAIT_SECONDS },
    },
  });
  let containers: Readonly<Record<ContainerName, Container>>;
  try {
    containers = options.createContainers
      ? await createContainers(client, options.database, options.retentionDays)
      : referenceContainers(client.database(options.database));
  } catch (error) {
    client.dispose();
    throw toStoreError(error);
  }

  return {
    kind: 'cosmos',

    async read<T extends object>(container: ContainerName, partitionKey: string, id: string) {
      const response = await call(() => containers[container].item(id, partitionKey).read());
      return response.statusCode === 404 || response.resource === undefined
        ? null
        : toDocument<T>(response.resource);
    },

    async create<T extends object>(container: ContainerName, document: T & { id: string }) {
      validateWritableDocument(container, document);
      const body = stripSystemFields(document);
      const response = await call(() => containers[container].items.create(body), {
        409: fail(() => new ConflictError(container, document.id)),
      });
      return toDocument<T>(response.resource);
    },

    async replace<T extends object>(
      container: ContainerName,
      document: T & { id: string },
      ifMatch: string,
    ) {
      const partitionKey = validateWritableDocument(container, document);
      const body = stripSystemFields(document);
      // A document that is gone fails the precondition as surely as one that changed.
      const lostRace = fail(() => new PreconditionFailedError(container, document.id));
      const response = await call(
        () =>
          containers[container]
            .item(document.id, partitionKey)
            .replace(body, { accessCondition: { type: 'IfMatch', condition: ifMatch } }),
        { 404: lostRace, 412: lostRace },
      );
      return toDocument<T>(response.resource);
    },

    async upsert<T extends object>(container: ContainerName, document: T & { id: string }) {
      validateWritableDocument(container, document);
      const body = stripSystemFields(document);
      const response = await call(() => containers[container].items.upsert(body));
      return toDocument<T>(response.resource);
    },

    async delete(container, partitionKey, id) {
      return call(
        async () => {
          await containers[container].item(id, partitionKey).delete();
          return true;
        },
        { 404: () => false },
      );
    },

    async query<T extends object>(
      container: ContainerName,
      partitionKey: string,
      queryOptions?: QueryOptions,
    ): Promise<Page<T>> {
      const plan = planQuery(container, partitionKey, queryOptions);
      const token = plan.readPosition((p): p is string => typeof p === 'string');
      const parameters: SqlParameter[] = [{ name: '@partitionKey', value: partitionKey }];
      const conditions = [
        `c[${JSON.stringify(CONTAINERS[container].partitionKey)}] = @partitionKey`,
      ];
      plan.where.forEach(([field, value], index) => {
        conditions.push(`c[${JSON.stringify(field)}] = @v${index}`);
        parameters.push({ name: `@v${index}`, value });
      });
      // One property only: ordering by two (the field, then id) needs a composite index that
      // real Cosmos does not have by default.
      const order = `c[${JSON.stringify(plan.orderBy)}] ${plan.descending ? 'DESC' : 'ASC'}`;
      const query = `SELECT * FROM c WHERE ${conditions.join(' AND ')} ORDER BY ${order}`;
      const feedOptions: FeedOptions = {
        partitionKey,
        ...(plan.limit === null ? {} : { maxItemCount: plan.limit }),
        ...(token === null ? {} : { continuationToken: token }),
      };
      const iterator = containers[container].items.query<Record<string, unknown>>(
        { query, parameters },
        feedOptions,
      );
      const response = await call(() =>
        plan.limit === null ? iterator.fetchAll() : iterator.fetchNext(),
      );
      const next = plan.limit === null ? undefined : response.continuationToken;
      return {
        items: response.resources.map((resource) => toDocument<T>(resource)),
        continuation: next ? plan.encodeContinuation(next) : null,
      };
    },

    async checkHealth() {
      try {
        await client.database(options.database).read();
      } catch (error) {
        throw new StoreUnavailableError('Cosmos DB cannot serve requests', { cause: error });
      }
    },

    async close() {
      client.dispose();
    },
  };
}

function signInWith(
  options: CosmosDocumentStoreOptions,
): Pick<CosmosClientOptions, 'key' | 'aadCredentials'> {
  if (options.key !== null) return { key: options.key };
  if (options.aadCredentials !== undefined) return { aadCredentials: options.aadCredentials };
  throw new ConfigError([
    'COSMOS_KEY is not set and no managed-identity credential was given: set COSMOS_KEY, or run where the server signs in to Cosmos DB with its managed identity.',
  ]);
}

async function createContainers(
  client: CosmosClient,
  databaseId: string,
  retentionDays: number,
): Promise<Record<ContainerName, Container>> {
  const { database } = await client.databases.createIfNotExists({ id: databaseId });
  const entries = await Promise.all(
    CONTAINER_NAMES.map(async (name) => {
      const defaultTtl = computeDefaultTtlSeconds(name, retentionDays);
      const { container, resource } = await database.containers.createIfNotExists({
        id: name,
        partitionKey: { paths: [`/${CONTAINERS[name].partitionKey}`] },
        defaultTtl,
      });
      // An existing container keeps its old retention unless told: follow RETENTION_DAYS.
      if (resource !== undefined && resource.defaultTtl !== defaultTtl) {
        await container.replace({ ...resource, defaultTtl });
      }
      return [name, container] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<ContainerName, Container>;
}

function referenceContainers(database: Database): Record<ContainerName, Container> {
  return Object.fromEntries(
    CONTAINER_NAMES.map((name) => [name, database.container(name)]),
  ) as Record<ContainerName, Container>;
}

// Cosmos's own fields go, except the ETag the caller needs for its next replace.
function toDocument<T extends object>(resource: object | undefined): StoredDocument<T> {
  if (resource === undefined) throw new Error('Cosmos DB answered a write without the document');
  const etag = (resource as { _etag?: unknown })._etag;
  if (typeof etag !== 'string') throw new Error('Cosmos DB answered a document without an ETag');
  const document = stripSystemFields(resource);
  document['_etag'] = etag;
  return document as StoredDocument<T>;
}

/** Runs one SDK call; a status the caller expects becomes its answer (a value or a port error). */
async function call<T>(
  run: () => Promise<T>,
  expected: Readonly<Partial<Record<number, () => T>>> = {},
): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const status = (error as { code?: unknown }).code;
    const answer = typeof status === 'number' ? expected[status] : undefined;
    if (answer === undefined) throw toStoreError(error);
    return answer();
  }
}

function fail(makeError: () => Error): () => never {
  return () => {
    throw makeError();
  };
}

// Unreachable, timed out, throttled past the SDK's retries, or failing on its side: the api
// answers 503 with Retry-After. Anything else (a bad query, a body too large) is a bug, kept as is.
function toStoreError(error: unknown): unknown {
  if (!(error instanceof Error) || error instanceof ConfigError) return error;
  const code = (error as { code?: unknown }).code;
  const isNetworkFailure = typeof code === 'string' || error.name === 'AbortError';
  const isUnavailableStatus =
    typeof code === 'number' && (code === 408 || code === 429 || code === 449 || code >= 500);
  if (!isNetworkFailure && !isUnavailableStatus) return error;
  return new StoreUnavailableError(`Cosmos DB did not answer: ${error.message}`, { cause: error });
}
