export * from './model.js';
export { GROUP_SIZE_LIMITS, rolesForGroup } from './group-roles.js';
export type {
  GroupRoles,
  GroupSizeRefusalCode,
  RotationRefusal,
  RotationRefusalCode,
} from './group-roles.js';
export { countRoles } from './role-counts.js';
export type { RoleCounts } from './role-counts.js';
export { proposeRoles } from './rotation.js';
export type { ProposedRoles, RotationRequest } from './rotation.js';
