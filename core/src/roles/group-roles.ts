import type { FrameworkKind } from '../frameworks/model.js';
import type { ParticipantId } from '../units.js';
import type { Role } from './model.js';

// Every framework kind has two single seats (coach and coachee, or challenger and facilitator) and
// gives the same third role to everyone else. A pair has no one left over, so no observer.
const SEAT_ROLES = {
  coaching: { lead: 'coach', partner: 'coachee', rest: 'observer' },
  'action-learning': { lead: 'challenger', partner: 'facilitator', rest: 'member' },
} as const satisfies Record<FrameworkKind, { lead: Role; partner: Role; rest: Role }>;

/**
 * Who a session can run with. Action learning needs a challenger, a facilitator and at least two
 * members to ask questions, and stops at eight so that everyone gets airtime in 60 minutes.
 * Coaching stops at twelve, the largest circle a framework may be written for.
 */
export const GROUP_SIZE_LIMITS = {
  coaching: { minPeople: 2, maxPeople: 12 },
  'action-learning': { minPeople: 4, maxPeople: 8 },
} as const satisfies Record<FrameworkKind, { minPeople: number; maxPeople: number }>;

export type GroupSizeRefusalCode = 'GROUP_TOO_SMALL' | 'GROUP_TOO_LARGE' | 'INVALID_GROUP_SIZE';

export type RotationRefusal =
  | {
      readonly ok: false;
      readonly code: GroupSizeRefusalCode;
      /** Written for the people in the call: what is wrong and what to do instead. */
      readonly message: string;
      readonly kind: FrameworkKind;
      readonly size: number;
      readonly minPeople: number;
      readonly maxPeople: number;
    }
  | {
      readonly ok: false;
      readonly code: 'DUPLICATE_MEMBER';
      readonly message: string;
      readonly duplicates: readonly ParticipantId[];
    };

export type RotationRefusalCode = RotationRefusal['code'];

export interface GroupRoles {
  readonly ok: true;
  /** One role per person, single seats first: `['coach', 'coachee', 'observer', 'observer']`. */
  readonly seats: readonly Role[];
}

export function seatRolesFor(kind: FrameworkKind): (typeof SEAT_ROLES)[FrameworkKind] {
  return SEAT_ROLES[kind];
}

export function rolesForGroup(kind: FrameworkKind, size: number): GroupRoles | RotationRefusal {
  const { minPeople, maxPeople } = GROUP_SIZE_LIMITS[kind];
  const frameworkName = kind === 'coaching' ? 'A coaching session' : 'An action learning set';
  const refuse = (code: GroupSizeRefusalCode, message: string): RotationRefusal => ({
    ok: false,
    code,
    message,
    kind,
    size,
    minPeople,
    maxPeople,
  });

  if (!Number.isSafeInteger(size) || size < 0) {
    return refuse('INVALID_GROUP_SIZE', `A group size is a whole number of people, not ${size}.`);
  }
  if (size < minPeople) {
    return refuse(
      'GROUP_TOO_SMALL',
      `${frameworkName} needs at least ${minPeople} people and ` +
        `${size} ${size === 1 ? 'is' : 'are'} here. ` +
        'Wait for others to join, or choose a framework for a smaller group.',
    );
  }
  if (size > maxPeople) {
    return refuse(
      'GROUP_TOO_LARGE',
      `${frameworkName} works with at most ${maxPeople} people and ${size} are here. ` +
        'Split into two circles so that everyone has time to speak.',
    );
  }
  const { lead, partner, rest } = SEAT_ROLES[kind];
  return { ok: true, seats: [lead, partner, ...Array.from({ length: size - 2 }, () => rest)] };
}
