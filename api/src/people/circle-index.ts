import { formatPersonKey, type CallerIdentity } from '../auth/caller.js';
import type { CircleDocument, CircleMember } from '../circles/model.js';
import { queryAll } from '../outputs/query-all.js';
import { ConflictError, type DocumentStore } from '../store/port.js';
import { formatCircleLinkId, KEEP_UNTIL_DELETED, type CircleLinkDocument } from './model.js';

// Circles keep their members inside the circle document, and a person's circles cannot be found
// by scanning every circle partition (Cosmos would fan out across all of them). So each person's
// partition keeps one small link per circle they belong to; export and delete walk these links.

/**
 * Notes that the person belongs to the circle. Idempotent and cheap when the link is there (one
 * point read): call it when someone joins or creates a circle, and on writes into a circle.
 */
export async function recordCircleMembership(
  store: DocumentStore,
  identity: CallerIdentity,
  circleId: string,
  nowMs: number = Date.now(),
): Promise<void> {
  const personId = formatPersonKey(identity);
  const id = formatCircleLinkId(circleId);
  if ((await store.read<CircleLinkDocument>('people', personId, id)) !== null) return;
  try {
    await store.create<CircleLinkDocument>('people', {
      id,
      personId,
      type: 'circle-link',
      ttl: KEEP_UNTIL_DELETED,
      circleId,
      linkedAtMs: nowMs,
    });
  } catch (error) {
    // A concurrent request made the same link: it is there, which is all this promised.
    if (!(error instanceof ConflictError)) throw error;
  }
}

/** The ids of the circles the person belongs to (or belonged to and has not been removed from). */
export async function listLinkedCircleIds(
  store: DocumentStore,
  identity: CallerIdentity,
): Promise<string[]> {
  const links = await queryAll<CircleLinkDocument>(
    store,
    'people',
    formatPersonKey(identity),
    { type: 'circle-link' },
    'linkedAtMs',
  );
  return links.map((link) => link.circleId);
}

/** The member entry of `userId`, never an inherited property (a user id may be "constructor"). */
export function findMember(circle: CircleDocument, userId: string): CircleMember | null {
  return Object.hasOwn(circle.members, userId) ? (circle.members[userId] ?? null) : null;
}
