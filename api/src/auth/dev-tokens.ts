import { randomBytes, webcrypto } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import { appError, type AppError } from '../errors.js';
import type { Caller } from './caller.js';
import type { VerifiedToken } from './verified-token-cache.js';

// Dev mode: local runs and tests sign in as demo users without Entra or Zoom. The tokens are
// HS256 JWTs under a secret that is random per process unless one is handed in, so a token never
// outlives the server that minted it, and nothing minted here is ever accepted in production
// (the auth plugin does not even create this service unless dev mode is on).

export const DEMO_TENANT_ID = 'demo-tenant';

export interface DemoUser {
  readonly userId: string;
  readonly displayName: string;
  readonly timeZone: string;
}

export const DEMO_USERS: readonly DemoUser[] = [
  { userId: 'demo-ana', displayName: 'Ana', timeZone: 'Europe/Lisbon' },
  { userId: 'demo-ben', displayName: 'Ben', timeZone: 'America/New_York' },
  { userId: 'demo-cai', displayName: 'Cai', timeZone: 'Asia/Singapore' },
  { userId: 'demo-dee', displayName: 'Dee', timeZone: 'Africa/Lagos' },
  { userId: 'demo-eli', displayName: 'Eli', timeZone: 'Europe/Berlin' },
  { userId: 'demo-fay', displayName: 'Fay', timeZone: 'Australia/Sydney' },
];

export const DEV_TOKEN_TTL_SECONDS = 12 * 60 * 60;
const DEV_ISSUER = 'grow-together/dev';
const DEV_AUDIENCE = 'grow-together/dev';
const MIN_SECRET_BYTES = 32;

// One per process: every app built in this process accepts the others' tokens, no other does.
const processSecret = randomBytes(MIN_SECRET_BYTES);

export interface DevTokenOptions {
  /** Share one secret between server processes (tests with two servers); at least 32 bytes. */
  readonly secret?: string;
  readonly ttlSeconds?: number;
}

export interface MintedDevToken {
  readonly token: string;
  readonly caller: Caller;
  readonly expiresAtMs: number;
}

export interface DevTokens {
  mintDevToken(userId: string, nowMs?: number): Promise<MintedDevToken>;
  /** Checks the token at `nowMs` (the clock by default). */
  verifyDevToken(token: string, nowMs?: number): Promise<VerifiedToken>;
}

export function findDemoUser(userId: string): DemoUser | null {
  return DEMO_USERS.find((user) => user.userId === userId) ?? null;
}

export function createDevTokens(options: DevTokenOptions = {}): DevTokens {
  const secretBytes = readKey(options.secret);
  // jose imports raw key bytes into Web Crypto on every call; once per service is enough, and
  // it is a good part of what checking a token costs.
  let importedKey: Promise<webcrypto.CryptoKey> | null = null;
  const readCryptoKey = () => (importedKey ??= importHmacKey(secretBytes));
  const ttlSeconds = options.ttlSeconds ?? DEV_TOKEN_TTL_SECONDS;

  return {
    async mintDevToken(userId, nowMs = Date.now()) {
      const user = findDemoUser(userId);
      if (user === null) {
        throw appError('VALIDATION_FAILED', `There is no demo user ${userId}.`, {
          field: 'body.userId',
        });
      }
      const issuedAtSeconds = Math.floor(nowMs / 1000);
      const token = await new SignJWT({ tid: DEMO_TENANT_ID, name: user.displayName })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setSubject(user.userId)
        .setIssuedAt(issuedAtSeconds)
        .setExpirationTime(issuedAtSeconds + ttlSeconds)
        .sign(await readCryptoKey());
      return { token, caller: toCaller(user), expiresAtMs: (issuedAtSeconds + ttlSeconds) * 1000 };
    },

    async verifyDevToken(token, nowMs = Date.now()) {
      let subject: string | undefined;
      let expiresAtSeconds: number | undefined;
      try {
        ({
          payload: { sub: subject, exp: expiresAtSeconds },
        } = await jwtVerify(token, await readCryptoKey(), {
          algorithms: ['HS256'],
          issuer: DEV_ISSUER,
          audience: DEV_AUDIENCE,
          requiredClaims: ['exp', 'sub'],
          currentDate: new Date(nowMs),
        }));
      } catch (error) {
        throw describeFailure(error);
      }
      const user = subject === undefined ? null : findDemoUser(subject);
      if (user === null) throw unauthenticated('The dev token names no demo user.');
      // jose has checked that `exp` is there and is a number.
      return { caller: toCaller(user), expiresAtMs: (expiresAtSeconds ?? 0) * 1000 };
    },
  };
}

function toCaller(user: DemoUser): Caller {
  return {
    tenantId: DEMO_TENANT_ID,
    userId: user.userId,
    displayName: user.displayName,
    source: 'dev',
  };
}

function readKey(secret: string | undefined): Uint8Array {
  if (secret === undefined) return processSecret;
  const key = new TextEncoder().encode(secret);
  if (key.length < MIN_SECRET_BYTES) {
    throw new Error(`A dev token secret needs at least ${MIN_SECRET_BYTES} bytes.`);
  }
  return key;
}

function importHmacKey(secretBytes: Uint8Array): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey('raw', secretBytes, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
    'verify',
  ]);
}

function describeFailure(error: unknown): AppError {
  if (error instanceof errors.JWTExpired) {
    return unauthenticated('The dev token has expired: mint a new one.');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return unauthenticated('The dev token was not minted by this server.');
  }
  const refused = unauthenticated('The dev token is not valid.');
  // Kept for the log: anything but a JOSEError here is a surprise worth seeing.
  if (!(error instanceof errors.JOSEError)) refused.cause = error;
  return refused;
}

function unauthenticated(message: string): AppError {
  return appError('UNAUTHENTICATED', message);
}
