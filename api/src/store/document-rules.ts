// What both adapters check and decide the same way, so the embedded store accepts exactly what
// Cosmos DB accepts: valid ids, a partition key on every document, time to live, system fields.
import { CONTAINERS, SECONDS_PER_DAY } from './containers.js';
import type { ContainerName } from './containers.js';

/** Fields Cosmos adds to every item; never part of what a caller stores. */
const SYSTEM_FIELDS: ReadonlySet<string> = new Set([
  '_etag',
  '_rid',
  '_self',
  '_ts',
  '_attachments',
]);

// Cosmos refuses these characters in ids and ids over 255 characters.
const FORBIDDEN_ID_CHARACTERS = /[/\\?#]/;
const MAX_ID_LENGTH = 255;

/** Checks a document before a write and returns its partition key; a bad one is a programming error. */
export function validateWritableDocument(container: ContainerName, document: object): string {
  const fields = document as Readonly<Record<string, unknown>>;
  assertDocumentId(fields['id']);
  const partitionKeyField = CONTAINERS[container].partitionKey;
  const partitionKey = fields[partitionKeyField];
  if (typeof partitionKey !== 'string' || partitionKey === '') {
    throw new TypeError(`A ${container} document needs its partition key '${partitionKeyField}'.`);
  }
  const ttl = fields['ttl'];
  if (ttl !== undefined && ttl !== -1 && !(Number.isInteger(ttl) && (ttl as number) > 0)) {
    throw new TypeError(
      `ttl must be -1 or a positive whole number of seconds, not ${String(ttl)}.`,
    );
  }
  return partitionKey;
}

function assertDocumentId(id: unknown): asserts id is string {
  if (typeof id !== 'string' || id === '' || id.length > MAX_ID_LENGTH) {
    throw new TypeError(`A document id is a string of 1 to ${MAX_ID_LENGTH} characters.`);
  }
  if (FORBIDDEN_ID_CHARACTERS.test(id)) {
    throw new TypeError(`A document id may not contain / \\ ? or #: ${JSON.stringify(id)}.`);
  }
}

/**
 * The container's default time to live as Cosmos's `defaultTtl`: seconds, or -1 for "never, but a
 * document's own `ttl` still applies" (null would switch per-document ttl off).
 */
export function computeDefaultTtlSeconds(container: ContainerName, retentionDays: number): number {
  const isRetained = CONTAINERS[container].retention === 'session-data' && retentionDays > 0;
  return isRetained ? retentionDays * SECONDS_PER_DAY : -1;
}

/** How long a document lives after a write, as Cosmos decides it; null lives until deleted. */
export function computeDocumentTtlSeconds(
  container: ContainerName,
  document: object,
  retentionDays: number,
): number | null {
  const ownTtl = (document as Readonly<Record<string, unknown>>)['ttl'];
  const ttlSeconds =
    typeof ownTtl === 'number' ? ownTtl : computeDefaultTtlSeconds(container, retentionDays);
  return ttlSeconds === -1 ? null : ttlSeconds;
}

// A copy without the system fields. Spread and Object.fromEntries both define properties rather
// than assign them, so a '__proto__' key in a body stays an ordinary field instead of changing the
// prototype. Every write runs this, and most documents carry no system field: they get a plain
// spread, which keeps the copy's shape fast for JSON.stringify.
export function stripSystemFields(document: object): Record<string, unknown> {
  if (!hasSystemField(document)) return { ...document };
  return Object.fromEntries(Object.entries(document).filter(([key]) => !SYSTEM_FIELDS.has(key)));
}

function hasSystemField(document: object): boolean {
  for (const field of SYSTEM_FIELDS) if (Object.hasOwn(document, field)) return true;
  return false;
}
