// A query as both adapters read it: field names checked before they go anywhere near SQL (values
// always travel as parameters), and continuation tokens sealed to the query that made them, so a
// token from one partition, filter or order cannot be replayed on another.
import { createHash } from 'node:crypto';
import { appError } from '../errors.js';
import type { ContainerName } from './containers.js';
import type { Filter, QueryOptions } from './port.js';

export type FilterValue = Filter[string];

export const MAX_PAGE_SIZE = 1_000;

// Top-level fields only, and no leading underscore: system fields (_ts, _etag) exist in Cosmos
// but not in the embedded store's bodies, so neither adapter filters or orders by them.
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;

export interface QueryPlan {
  readonly where: readonly (readonly [field: string, value: FilterValue])[];
  /** 'id' when the caller named no field. */
  readonly orderBy: string;
  readonly descending: boolean;
  /** null: the whole result in one page. */
  readonly limit: number | null;
  /** The adapter's position from the previous page's token, checked by `isPosition`; null at the start. */
  readPosition<P>(isPosition: (position: unknown) => position is P): P | null;
  encodeContinuation(position: unknown): string;
}

export function planQuery(
  container: ContainerName,
  partitionKey: string,
  options: QueryOptions = {},
): QueryPlan {
  const where = Object.entries(options.where ?? {});
  for (const [field, value] of where) {
    assertFieldName(field);
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new TypeError(`Filter ${field} must be a finite number.`);
    }
  }
  const orderBy = options.orderBy ?? 'id';
  assertFieldName(orderBy);
  const limit = options.limit ?? null;
  if (limit !== null && !(Number.isInteger(limit) && limit >= 1 && limit <= MAX_PAGE_SIZE)) {
    throw new TypeError(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}, not ${limit}.`);
  }
  const descending = options.descending ?? false;
  const sortedWhere = [...where].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const fingerprint = createHash('sha256')
    .update(JSON.stringify([container, partitionKey, sortedWhere, orderBy, descending]))
    .digest('base64url')
    .slice(0, 16);
  const continuation = options.continuation ?? null;

  return {
    where,
    orderBy,
    descending,
    limit,
    readPosition(isPosition) {
      if (continuation === null) return null;
      const position = decodeContinuation(continuation, fingerprint);
      if (!isPosition(position)) throw invalidContinuation();
      return position;
    },
    encodeContinuation(position) {
      return Buffer.from(JSON.stringify({ q: fingerprint, p: position })).toString('base64url');
    },
  };
}

function assertFieldName(field: string): void {
  if (!FIELD_NAME.test(field)) {
    throw new TypeError(`${JSON.stringify(field)} is not a top-level field name a query may use.`);
  }
}

function decodeContinuation(token: string, fingerprint: string): unknown {
  let envelope: unknown;
  try {
    envelope = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (error) {
    throw invalidContinuation(error);
  }
  if (typeof envelope !== 'object' || envelope === null) throw invalidContinuation();
  const { q, p } = envelope as { q?: unknown; p?: unknown };
  if (q !== fingerprint || p === undefined) throw invalidContinuation();
  return p;
}

function invalidContinuation(cause?: unknown) {
  const error = appError(
    'VALIDATION_FAILED',
    'The continuation token does not belong to this query; start again without it.',
    { field: 'continuation' },
  );
  if (cause !== undefined) error.cause = cause;
  return error;
}
