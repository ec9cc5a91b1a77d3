import type { Role } from '@grow-together/core';

const ROLE_NAMES: Readonly<Record<Role, string>> = {
  coach: 'coach',
  coachee: 'coachee',
  observer: 'observer',
  challenger: 'challenger',
  facilitator: 'facilitator',
  member: 'member',
};

export function describeRole(role: Role): string {
  return ROLE_NAMES[role];
}
