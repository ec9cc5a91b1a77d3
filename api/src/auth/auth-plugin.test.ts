import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJwksServer, type JwksServer } from '../../../tests/support/jwks-server.js';
import { buildAuthTestApp, NO_AUTH, type AuthTestApp } from './build-auth-test-app.js';
import { readTeamsIssuers } from './verify-teams-token.js';
import { encryptZoomAppContext } from './zoom-app-context.js';

const TENANT = '6f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b';
const ZOOM_SECRET = 'zoom-secret-for-plugin-tests';

let jwks: JwksServer;
let test: AuthTestApp;

beforeAll(async () => {
  jwks = await startJwksServer();
  // Every way in switched on, so every path is open to the junk the property test sends.
  test = await buildAuthTestApp({
    devMode: true,
    entra: {
      audiences: ['api-client-id'],
      jwksUrl: jwks.jwksUrl,
      allowedTenants: [],
      requiredScope: 'access_as_user',
    },
    zoomClientSecret: ZOOM_SECRET,
  });
});

afterAll(async () => {
  await test.app.close();
  await jwks.close();
});

describe('the auth plugin', () => {
  it('answers a request with no credential 401 and a Bearer challenge', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/me' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="grow-together"');
    expect(response.json()).toMatchObject({
      code: 'UNAUTHENTICATED',
      details: { reason: 'missing' },
    });
  });

  it('refuses a server with no way in at all', async () => {
    const closed = await buildAuthTestApp(NO_AUTH);
    try {
      const response = await closed.app.inject({ method: 'GET', url: '/api/dev/users' });
      expect(response.statusCode).toBe(404);
      const me = await closed.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { 'x-zoom-app-context': encryptZoomAppContext({ uid: 'u', exp: 4e12 }, 'x') },
      });
      expect(me.statusCode).toBe(401);
    } finally {
      await closed.app.close();
    }
  });

  it('prefers the Authorization header when both are sent', async () => {
    const zoomHeader = encryptZoomAppContext(
      { uid: 'zoom-user', exp: Date.now() + 60_000 },
      ZOOM_SECRET,
    );
    const response = await test.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: 'Bearer not-a-token', 'x-zoom-app-context': zoomHeader },
    });
    expect(response.statusCode).toBe(401);
    const zoomOnly = await test.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { 'x-zoom-app-context': zoomHeader },
    });
    expect(zoomOnly.json().caller.userId).toBe('zoom-user');
  });

  it('makes a route that reads the caller without authenticating fail loudly (500)', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/forgot-to-authenticate' });
    expect(response.statusCode).toBe(500);
  });

  it('answers arbitrary credential headers with 401, never anything else', async () => {
    const headerText = fc.string({
      unit: fc.integer({ min: 0x20, max: 0xff }).map((code) => String.fromCharCode(code)),
      maxLength: 300,
    });
    const base64url = (value: unknown) =>
      Buffer.from(JSON.stringify(value) ?? '').toString('base64url');
    const jwtLike = fc
      .tuple(
        fc.oneof(
          fc.record(
            {
              alg: fc.constantFrom('RS256', 'HS256', 'none', 'ES256', 'RS512', ''),
              kid: fc.oneof(fc.constant(jwks.kid), fc.string()),
              typ: fc.constant('JWT'),
            },
            { requiredKeys: ['alg'] },
          ),
          fc.jsonValue(),
        ),
        fc.oneof(
          fc.record(
            {
              tid: fc.oneof(fc.constant(TENANT), fc.uuid(), fc.string()),
              iss: fc.oneof(fc.constant(readTeamsIssuers(TENANT)[1]), fc.string()),
              aud: fc.oneof(fc.constant('api-client-id'), fc.string()),
              sub: fc.constantFrom('demo-ana', 'nobody'),
              exp: fc.oneof(fc.integer(), fc.double(), fc.string()),
              oid: fc.oneof(fc.uuid(), fc.jsonValue()),
              scp: fc.oneof(fc.constant('access_as_user'), fc.jsonValue()),
            },
            { requiredKeys: [] },
          ),
          fc.jsonValue(),
        ),
        fc.uint8Array({ maxLength: 300 }),
      )
      .map(
        ([header, payload, signature]) =>
          `${base64url(header)}.${base64url(payload)}.${Buffer.from(signature).toString('base64url')}`,
      );
    const authorization = fc.oneof(
      headerText,
      headerText.map((text) => `Bearer ${text}`),
      jwtLike.map((token) => `Bearer ${token}`),
      jwtLike,
    );
    const zoomContext = fc.oneof(
      headerText,
      fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('base64')),
    );
    const headers = fc.record(
      { authorization, 'x-zoom-app-context': zoomContext },
      { requiredKeys: [] },
    );

    await fc.assert(
      fc.asyncProperty(headers, async (sent) => {
        const response = await test.app.inject({ method: 'GET', url: '/api/me', headers: sent });
        expect(response.statusCode).toBe(401);
        expect(response.json().code).toBe('UNAUTHENTICATED');
      }),
      { numRuns: 400 },
    );
  });
});
