import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import { buildAuthTestApp, type AuthTestApp } from './build-auth-test-app.js';
import { ZOOM_TENANT_ID } from './caller.js';
import {
  decryptZoomAppContext,
  encryptZoomAppContext,
  type ZoomAppContextPayload,
} from './zoom-app-context.js';

const SECRET = 'zoom-client-secret-for-tests';
const NOW_MS = 1_760_000_000_000;
const MEETING_ID = 'wceIoD0lTySwype123456789';

// Overrides may be `undefined` to leave a field out, as a real context would.
function context(overrides: Readonly<Record<string, unknown>> = {}): ZoomAppContextPayload {
  const payload: ZoomAppContextPayload = {
    typ: 'meeting',
    uid: 'UIhTkdB5Q123456789',
    mid: MEETING_ID,
    aud: 'zoom-client-id',
    iss: 'marketplace.zoom.us',
    ts: NOW_MS - 10_000,
    exp: NOW_MS + 110_000,
    attendrole: 'host',
    ...overrides,
  };
  return payload;
}

function expectUnauthenticated(run: () => unknown, messagePart: RegExp): void {
  let thrown: unknown = null;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(isAppError(thrown) && thrown.code).toBe('UNAUTHENTICATED');
  expect((thrown as Error).message).toMatch(messagePart);
}

function flipByte(header: string, index: number): string {
  const bytes = Buffer.from(header, 'base64');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

describe('decryptZoomAppContext', () => {
  it('round-trips what encryptZoomAppContext seals', () => {
    const header = encryptZoomAppContext(context(), SECRET);
    expect(decryptZoomAppContext(header, SECRET, NOW_MS)).toEqual({
      caller: {
        tenantId: ZOOM_TENANT_ID,
        userId: 'UIhTkdB5Q123456789',
        displayName: 'Zoom user',
        source: 'zoom',
      },
      meetingId: MEETING_ID,
      expiresAtMs: NOW_MS + 110_000,
    });
  });

  it('reads a context with additional authenticated data and no meeting (typ panel)', () => {
    const header = encryptZoomAppContext(
      context({ typ: 'panel', mid: undefined }),
      SECRET,
      new Uint8Array(12).fill(7),
      new TextEncoder().encode('zoom-aad'),
    );
    expect(decryptZoomAppContext(header, SECRET, NOW_MS).meetingId).toBeNull();
  });

  it('reads exp given in seconds as seconds', () => {
    const header = encryptZoomAppContext(context({ exp: (NOW_MS + 60_000) / 1000 }), SECRET);
    expect(decryptZoomAppContext(header, SECRET, NOW_MS).expiresAtMs).toBe(NOW_MS + 60_000);
    expectUnauthenticated(
      () => decryptZoomAppContext(header, SECRET, NOW_MS + 10 * 60_000),
      /expired/,
    );
  });

  it('refuses an expired context, allowing 30 s of clock skew', () => {
    const header = encryptZoomAppContext(context({ exp: NOW_MS - 20_000 }), SECRET);
    expect(decryptZoomAppContext(header, SECRET, NOW_MS).caller.source).toBe('zoom');
    expectUnauthenticated(() => decryptZoomAppContext(header, SECRET, NOW_MS + 10_000), /expired/);
  });

  it('refuses a tampered tag, ciphertext, iv or aad', () => {
    const header = encryptZoomAppContext(context(), SECRET, undefined, new Uint8Array([1, 2]));
    for (const index of [-1, -16, -17, 1, 12, 15]) {
      expectUnauthenticated(
        () => decryptZoomAppContext(flipByte(header, index), SECRET, NOW_MS),
        /could not be decrypted/,
      );
    }
  });

  it('refuses a context sealed with another secret', () => {
    const header = encryptZoomAppContext(context(), 'someone-elses-secret');
    expectUnauthenticated(() => decryptZoomAppContext(header, SECRET, NOW_MS), /decrypted/);
  });

  it('refuses what is not a context', () => {
    const cases: readonly (readonly [string, RegExp])[] = [
      ['', /base64/],
      ['not base64 at all!', /base64/],
      ['%%%%', /base64/],
      ['AAAA', /laid out/],
      [Buffer.alloc(40).toString('base64'), /laid out/],
      [encryptZoomAppContext(context(), SECRET).slice(0, -8), /laid out|base64/],
      [encryptZoomAppContext(context(), SECRET) + 'AAAA', /laid out/],
      ['A'.repeat(10_000), /base64/],
    ];
    for (const [header, messagePart] of cases) {
      expectUnauthenticated(() => decryptZoomAppContext(header, SECRET, NOW_MS), messagePart);
    }
  });

  it('refuses a context without a user (guest mode), an expiry or a sane meeting id', () => {
    const seal = (payload: ZoomAppContextPayload) => encryptZoomAppContext(payload, SECRET);
    const cases: readonly (readonly [ZoomAppContextPayload, RegExp])[] = [
      [context({ uid: undefined, iid: 'invitation' }), /guest/],
      [context({ uid: '' }), /user id/],
      [context({ uid: 'a/b' }), /user id/],
      [context({ exp: undefined }), /no expiry/],
      [context({ exp: Number.NaN }), /no expiry/],
      [context({ mid: 'x#y' }), /meeting id/],
    ];
    for (const [payload, messagePart] of cases) {
      expectUnauthenticated(
        () => decryptZoomAppContext(seal(payload), SECRET, NOW_MS),
        messagePart,
      );
    }
    const sealJson = (json: string) =>
      encryptZoomAppContext(JSON.parse(json) as ZoomAppContextPayload, SECRET);
    expectUnauthenticated(() => decryptZoomAppContext(sealJson('[1,2]'), SECRET, NOW_MS), /object/);
    expectUnauthenticated(() => decryptZoomAppContext(sealJson('null'), SECRET, NOW_MS), /object/);
  });

  it('answers any input with a context or an UNAUTHENTICATED error, nothing else', () => {
    const framed = fc
      .record({
        iv: fc.uint8Array({ minLength: 0, maxLength: 20 }),
        aad: fc.uint8Array({ maxLength: 8 }),
        body: fc.uint8Array({ maxLength: 64 }),
        lengthSkew: fc.integer({ min: -3, max: 3 }),
      })
      .map(({ iv, aad, body, lengthSkew }) => {
        const head = Buffer.alloc(1 + iv.length + 2 + aad.length + 4);
        head.writeUInt8(iv.length, 0);
        head.set(iv, 1);
        head.writeUInt16LE(aad.length, 1 + iv.length);
        head.set(aad, 3 + iv.length);
        head.writeUInt32LE(Math.max(0, body.length - 16 + lengthSkew), 3 + iv.length + aad.length);
        return Buffer.concat([head, body]).toString('base64');
      });
    const header = fc.oneof(
      fc.string(),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('base64')),
      framed,
    );
    fc.assert(
      fc.property(header, (value) => {
        try {
          decryptZoomAppContext(value, SECRET, NOW_MS);
        } catch (error) {
          expect(isAppError(error) && error.code).toBe('UNAUTHENTICATED');
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('the x-zoom-app-context header through the auth plugin', () => {
  let test: AuthTestApp;

  beforeAll(async () => {
    test = await buildAuthTestApp(
      { devMode: false, entra: null, zoomClientSecret: SECRET },
      { readNowMs: () => NOW_MS },
    );
  });

  afterAll(async () => {
    await test.app.close();
  });

  const getMe = (header: string) =>
    test.app.inject({ method: 'GET', url: '/api/me', headers: { 'x-zoom-app-context': header } });

  it('signs in the Zoom user and gives the meeting id', async () => {
    const response = await getMe(encryptZoomAppContext(context(), SECRET));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      caller: {
        tenantId: ZOOM_TENANT_ID,
        userId: 'UIhTkdB5Q123456789',
        displayName: 'Zoom user',
        source: 'zoom',
      },
      zoomMeetingId: MEETING_ID,
    });
  });

  it('gets 401 for a tampered tag, a wrong secret, an expired context or garbage', async () => {
    const good = encryptZoomAppContext(context(), SECRET);
    const headers = [
      flipByte(good, -1),
      encryptZoomAppContext(context(), 'wrong-secret'),
      encryptZoomAppContext(context({ exp: NOW_MS - 60_000 }), SECRET),
      'bm90IGEgem9vbSBjb250ZXh0',
      'garbage!',
    ];
    for (const header of headers) {
      const response = await getMe(header);
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer .*invalid_token/);
      expect(response.json().code).toBe('UNAUTHENTICATED');
    }
  });

  it('gets 401 when the server has no Zoom client secret', async () => {
    const noZoom = await buildAuthTestApp({ devMode: true, entra: null, zoomClientSecret: null });
    try {
      const response = await noZoom.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { 'x-zoom-app-context': encryptZoomAppContext(context(), SECRET) },
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().message).toMatch(/Zoom sign-in is not set up/);
    } finally {
      await noZoom.app.close();
    }
  });
});
