import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import { appError, type AppError } from '../errors.js';
import { isSafeId, type Caller } from './caller.js';
import type { VerifiedToken } from './verified-token-cache.js';

// Teams SSO: the tab gets an Entra ID access token for our API (getAuthToken) and sends it as a
// bearer token. We check it the way the Microsoft identity platform documents for a multi-tenant
// API: signature against Microsoft's published keys, the issuer of the token's own tenant (v1 or
// v2 form), our audience, its lifetime, the delegated scope, and our tenant allow-list.

export interface TeamsTokenVerifierOptions {
  /** Accepted `aud` values: v1 tokens carry the app id URI, v2 tokens the client id. */
  readonly audiences: readonly string[];
  readonly jwksUrl: string;
  /** Tenants whose users may sign in; empty means any tenant. */
  readonly allowedTenants: readonly string[];
  /** A delegated scope the token's `scp` must contain, e.g. `access_as_user`. */
  readonly requiredScope: string;
  readonly clockToleranceSeconds?: number;
}

/** Checks the token at `nowMs` (the clock by default). */
export type TeamsTokenVerifier = (token: string, nowMs?: number) => Promise<VerifiedToken>;

// Entra tenant ids are GUIDs; checking the shape first keeps a forged `tid` out of the issuer
// strings we build from it.
const TENANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readTeamsIssuers(tenantId: string): readonly [v1: string, v2: string] {
  return [
    `https://sts.windows.net/${tenantId}/`,
    `https://login.microsoftonline.com/${tenantId}/v2.0`,
  ];
}

export function createTeamsTokenVerifier(options: TeamsTokenVerifierOptions): TeamsTokenVerifier {
  if (options.audiences.length === 0) throw new Error('A Teams token verifier needs an audience.');
  if (options.requiredScope.trim() === '') throw new Error('A Teams token verifier needs a scope.');
  const allowedTenants = new Set(options.allowedTenants.map((tenant) => tenant.toLowerCase()));
  // jose caches the key set, refetches it when a token names an unknown `kid` (key rotation),
  // and rate-limits those refetches, so a flood of forged kids cannot hammer the key endpoint.
  const keySet = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: 5_000 });

  return async (token, nowMs = Date.now()) => {
    const tenantId = readUnverifiedTenant(token);
    if (allowedTenants.size > 0 && !allowedTenants.has(tenantId.toLowerCase())) {
      throw unauthenticated('The token is from a tenant that may not use this app.');
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySet, {
        algorithms: ['RS256'],
        issuer: [...readTeamsIssuers(tenantId)],
        audience: [...options.audiences],
        requiredClaims: ['exp', 'iss', 'aud', 'tid', 'oid'],
        clockTolerance: options.clockToleranceSeconds ?? 60,
        currentDate: new Date(nowMs),
      }));
    } catch (error) {
      throw describeVerifyFailure(error);
    }
    const caller = readCaller(payload, tenantId, options.requiredScope);
    // jose has checked that `exp` is there and is a number.
    return { caller, expiresAtMs: (payload.exp ?? 0) * 1000 };
  };
}

// The tenant decides which issuer to expect, so it is read before the signature is checked.
// Nothing from it is trusted until jwtVerify has matched the issuer built from it.
function readUnverifiedTenant(token: string): string {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(token);
  } catch {
    throw unauthenticated('The bearer token is not a well-formed JWT.');
  }
  const tenantId = claims['tid'];
  if (typeof tenantId !== 'string' || !TENANT_ID.test(tenantId)) {
    throw unauthenticated('The token has no valid tenant (tid) claim.');
  }
  return tenantId;
}

function readCaller(payload: JWTPayload, tenantId: string, requiredScope: string): Caller {
  const scopes = typeof payload['scp'] === 'string' ? payload['scp'].split(' ') : [];
  if (!scopes.includes(requiredScope)) {
    throw unauthenticated(`The token does not carry the ${requiredScope} scope.`);
  }
  const userId = payload['oid'];
  if (!isSafeId(userId)) throw unauthenticated('The token has no valid user (oid) claim.');
  return { tenantId, userId, displayName: readDisplayName(payload), source: 'teams' };
}

// v2 tokens carry `preferred_username`; v1 tokens `upn` or `unique_name`; `name` needs the
// profile scope, so it may be missing in either.
function readDisplayName(payload: JWTPayload): string {
  for (const claim of ['name', 'preferred_username', 'upn', 'unique_name']) {
    const value = payload[claim];
    if (typeof value === 'string' && value.trim() !== '') return value.trim().slice(0, 200);
  }
  return 'Teams user';
}

function describeVerifyFailure(error: unknown): AppError {
  if (error instanceof errors.JWTExpired) return unauthenticated('The token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud':
        return unauthenticated('The token is for a different audience.');
      case 'iss':
        return unauthenticated("The token's issuer is not its tenant's Microsoft issuer.");
      case 'nbf':
        return unauthenticated('The token is not valid yet.');
      default:
        return unauthenticated(`The token's ${error.claim} claim is missing or not valid.`);
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return unauthenticated('The token is not signed with RS256.');
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return unauthenticated("The token's signature does not match Microsoft's signing keys.");
  }
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSENotSupported
  ) {
    return unauthenticated('The bearer token is not valid.');
  }
  // Not a verdict on the token: the key endpoint timed out, failed or sent junk. The cause is
  // kept for the log; the caller still gets a 401, as there is no verified identity.
  return withCause(
    unauthenticated('The signing keys could not be fetched to check the token.'),
    error,
  );
}

function unauthenticated(message: string): AppError {
  return appError('UNAUTHENTICATED', message);
}

function withCause(error: AppError, cause: unknown): AppError {
  error.cause = cause;
  return error;
}
