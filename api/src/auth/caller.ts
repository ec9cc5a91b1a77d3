import { Type, type Static } from 'typebox';

// Who is calling, whichever host they came from. Every route reads this and nothing else about
// the credential, so Teams, Zoom and dev mode look the same to the rest of the server.

export const CallerSchema = Type.Object({
  /** Entra `tid` for Teams; ZOOM_TENANT_ID for Zoom; DEMO_TENANT_ID in dev mode. */
  tenantId: Type.String(),
  /** Entra `oid` (the same across apps in a tenant, unlike `sub`); Zoom `uid`; a demo user id. */
  userId: Type.String(),
  displayName: Type.String(),
  source: Type.Union([Type.Literal('teams'), Type.Literal('zoom'), Type.Literal('dev')]),
});

export type Caller = Static<typeof CallerSchema>;
export type CallerSource = Caller['source'];

/** The part of a caller that names a person; the display name can change, this cannot. */
export type CallerIdentity = Pick<Caller, 'tenantId' | 'userId'>;

// The Zoom app context carries no account id (its `aid` is a chat action id, not an account), so
// every Zoom user shares one tenant. Zoom uids are unique across accounts, so people stay apart;
// what is lost is per-account isolation of circles, which Zoom meetings do not need to find each other.
export const ZOOM_TENANT_ID = 'zoom';

export function isSameIdentity(a: CallerIdentity, b: CallerIdentity): boolean {
  return a.tenantId === b.tenantId && a.userId === b.userId;
}

/**
 * One string per person, usable as a document id or partition key (no `/`, `\`, `?`, `#`).
 * Tenant ids never contain `:` (Entra GUIDs, ZOOM_TENANT_ID, DEMO_TENANT_ID), so it is unambiguous.
 */
export function formatPersonKey(identity: CallerIdentity): string {
  return `${identity.tenantId}:${identity.userId}`;
}

const SAFE_ID = /^[^/\\?#\s]{1,128}$/;

/** True for an id that may go into a document id or partition key as it is. */
export function isSafeId(id: unknown): id is string {
  return typeof id === 'string' && SAFE_ID.test(id);
}
