import type { ParticipantId } from '../units.js';

/**
 * Coaching frameworks use coach, coachee and observer; the action learning set uses challenger,
 * facilitator and member.
 */
export const ROLES = [
  'coach',
  'coachee',
  'observer',
  'challenger',
  'facilitator',
  'member',
] as const;
export type Role = (typeof ROLES)[number];

export const COACHING_ROLES = ['coach', 'coachee', 'observer'] as const satisfies readonly Role[];
export const ACTION_LEARNING_ROLES = [
  'challenger',
  'facilitator',
  'member',
] as const satisfies readonly Role[];

/** Who takes which role in one session. */
export type RoleAssignment = Readonly<Record<ParticipantId, Role>>;
