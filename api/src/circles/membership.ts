import type { Caller } from '../auth/caller.js';
import { appError } from '../errors.js';
import type { DocumentStore, StoredDocument } from '../store/port.js';
import type { CircleDocument, CircleMember } from './model.js';

export interface Membership {
  readonly circle: StoredDocument<CircleDocument>;
  readonly member: CircleMember;
}

/**
 * The circle, if the caller is one of its members. A circle in another tenant, or one the caller
 * is not in, is reported exactly like a circle that does not exist (404), so nobody can learn
 * that it exists.
 */
export async function requireMember(
  store: DocumentStore,
  caller: Caller,
  circleId: string,
): Promise<Membership> {
  return checkMember(await store.read<CircleDocument>('circles', circleId, circleId), caller);
}

/** requireMember's decision on a circle document already read (null: no such circle). */
export function checkMember(
  circle: StoredDocument<CircleDocument> | null,
  caller: Caller,
): Membership {
  const member = circle?.tenantId === caller.tenantId ? circle.members[caller.userId] : undefined;
  if (!circle || !member || !Object.hasOwn(circle.members, caller.userId)) {
    throw appError(
      'CIRCLE_NOT_FOUND',
      'No circle with that id, or you are not one of its members.',
    );
  }
  return { circle, member };
}
