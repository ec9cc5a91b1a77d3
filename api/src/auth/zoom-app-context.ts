import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { appError, type AppError } from '../errors.js';
import { isSafeId, ZOOM_TENANT_ID, type Caller } from './caller.js';

// Zoom Apps: the Zoom client sends `x-zoom-app-context` when it loads the app, and the tab can
// fetch a fresh one with `zoomSdk.getAppContext()` and send it on API calls. It is
// base64 of [ivLen:1][iv][aadLen:2 LE][aad][ctLen:4 LE][ciphertext][tag:16], AES-256-GCM with
// key = SHA-256(client secret), around JSON such as
//   { typ: 'meeting', uid, mid, aud, iss: 'marketplace.zoom.us', ts, exp, attendrole }.
// Only someone holding our client secret can make one, so the GCM tag is the whole proof.

/** The fields we read; Zoom sends more (typ, aud, iss, attendrole, entitlements, ...). */
export interface ZoomAppContextPayload {
  /** The Zoom user id; absent in guest mode, which we refuse. */
  readonly uid?: string;
  /** The meeting UUID; only when `typ` is 'meeting'. */
  readonly mid?: string;
  /** When Zoom made the context, in epoch milliseconds. */
  readonly ts?: number;
  /** When it expires, in epoch milliseconds (Zoom sets about ts + 2 minutes). */
  readonly exp?: number;
  readonly [field: string]: unknown;
}

export interface ZoomAppContext {
  readonly caller: Caller;
  readonly meetingId: string | null;
  readonly expiresAtMs: number;
}

const TAG_BYTES = 16;
// A real header is a few hundred bytes; the cap stops a huge one costing a decode and a decrypt.
const MAX_HEADER_CHARS = 8_192;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;
// Zoom's samples and published contexts give `exp` in milliseconds (ts 1649352560312, exp
// 1649352680312). A value below this (year 1973 in ms, year 5138 in s) can only be seconds, so
// both readings are safe and neither lets an old context live longer.
const SECONDS_CUTOFF = 100_000_000_000;
const DEFAULT_CLOCK_TOLERANCE_MS = 30_000;

/** Decrypts and checks a context header; every failure is an UNAUTHENTICATED AppError. */
export function decryptZoomAppContext(
  header: string,
  clientSecret: string,
  nowMs: number,
  clockToleranceMs = DEFAULT_CLOCK_TOLERANCE_MS,
): ZoomAppContext {
  const payload = readPayload(decrypt(unpack(header), clientSecret));
  const uid = payload['uid'];
  if (uid === undefined) throw unauthenticated('The Zoom app context has no user (guest mode).');
  if (!isSafeId(uid)) throw unauthenticated('The Zoom app context has no valid user id.');
  const expiresAtMs = readExpiresAtMs(payload['exp']);
  if (expiresAtMs + clockToleranceMs <= nowMs) {
    throw unauthenticated('The Zoom app context has expired: fetch a fresh one.');
  }
  const mid = payload['mid'];
  if (mid !== undefined && !isSafeId(mid)) {
    throw unauthenticated('The Zoom app context has a meeting id that is not valid.');
  }
  return {
    caller: { tenantId: ZOOM_TENANT_ID, userId: uid, displayName: 'Zoom user', source: 'zoom' },
    meetingId: mid ?? null,
    expiresAtMs,
  };
}

/** Makes a header the way Zoom does: for tests and the local stand-in Zoom host. */
export function encryptZoomAppContext(
  payload: ZoomAppContextPayload,
  clientSecret: string,
  iv: Uint8Array = randomBytes(12),
  aad: Uint8Array = new Uint8Array(0),
): string {
  const cipher = createCipheriv('aes-256-gcm', deriveKey(clientSecret), iv);
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([
    cipher.update(JSON.stringify(payload), 'utf8'),
    cipher.final(),
  ]);
  const ivLength = Buffer.from([iv.length]);
  const aadLength = Buffer.alloc(2);
  aadLength.writeUInt16LE(aad.length);
  const ciphertextLength = Buffer.alloc(4);
  ciphertextLength.writeUInt32LE(ciphertext.length);
  return Buffer.concat([
    ivLength,
    iv,
    aadLength,
    aad,
    ciphertextLength,
    ciphertext,
    cipher.getAuthTag(),
  ]).toString('base64');
}

interface Sealed {
  readonly iv: Buffer;
  readonly aad: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

function unpack(header: string): Sealed {
  const text = header.trim();
  if (text.length === 0 || text.length > MAX_HEADER_CHARS || !BASE64.test(text)) {
    throw unauthenticated('The Zoom app context is not base64 of the expected size.');
  }
  const bytes = Buffer.from(text, 'base64');
  let offset = 0;
  const take = (length: number): Buffer => {
    if (offset + length > bytes.length) throw malformed();
    const part = bytes.subarray(offset, offset + length);
    offset += length;
    return part;
  };
  const ivLength = take(1).readUInt8(0);
  if (ivLength === 0) throw malformed();
  const iv = take(ivLength);
  const aad = take(take(2).readUInt16LE(0));
  const ciphertext = take(take(4).readUInt32LE(0));
  const tag = take(TAG_BYTES);
  if (offset !== bytes.length) throw malformed();
  return { iv, aad, ciphertext, tag };
}

function decrypt(sealed: Sealed, clientSecret: string): string {
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(clientSecret), sealed.iv, {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(sealed.aad);
    decipher.setAuthTag(sealed.tag);
    // final() checks the tag: a wrong secret or any changed byte fails here.
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw unauthenticated('The Zoom app context could not be decrypted with our client secret.');
  }
}

function readPayload(json: string): Readonly<Record<string, unknown>> {
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    throw unauthenticated('The Zoom app context does not hold JSON.');
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw unauthenticated('The Zoom app context does not hold a JSON object.');
  }
  return payload as Readonly<Record<string, unknown>>;
}

function readExpiresAtMs(exp: unknown): number {
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp <= 0) {
    throw unauthenticated('The Zoom app context has no expiry.');
  }
  return exp < SECONDS_CUTOFF ? exp * 1000 : exp;
}

function deriveKey(clientSecret: string): Buffer {
  return createHash('sha256').update(clientSecret, 'utf8').digest();
}

function malformed(): AppError {
  return unauthenticated('The Zoom app context is not laid out as Zoom lays it out.');
}

function unauthenticated(message: string): AppError {
  return appError('UNAUTHENTICATED', message);
}
