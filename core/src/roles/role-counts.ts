import type { ParticipantId } from '../units.js';
import { ROLES } from './model.js';
import type { Role, RoleAssignment } from './model.js';

export type RoleCounts = Readonly<Record<Role, number>>;

/** How often each member has taken each role, for the panel and the bot's "roles" answer. */
export function countRoles(
  history: readonly RoleAssignment[],
  members: readonly ParticipantId[],
): Readonly<Record<ParticipantId, RoleCounts>> {
  return Object.fromEntries(
    members.map((member) => {
      const counts = Object.fromEntries(ROLES.map((role) => [role, 0])) as Record<Role, number>;
      for (const session of history) {
        const role = roleIn(session, member);
        if (role !== undefined) counts[role] += 1;
      }
      return [member, counts];
    }),
  );
}

// A plain-object lookup would find `constructor` or `toString` for ids spelled that way, and stored
// history is data from outside: a role this version does not know is not counted.
function roleIn(session: RoleAssignment, member: ParticipantId): Role | undefined {
  const role: unknown = Object.hasOwn(session, member) ? session[member] : undefined;
  return isRole(role) ? role : undefined;
}

function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}
