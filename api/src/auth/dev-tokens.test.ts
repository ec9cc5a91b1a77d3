import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuthTestApp, type AuthTestApp } from './build-auth-test-app.js';
import { createDevTokens, DEMO_TENANT_ID, DEMO_USERS } from './dev-tokens.js';

const DEV_AUTH = { devMode: true, entra: null, zoomClientSecret: null } as const;
const SHARED_SECRET = 'a-secret-two-test-servers-share-0123456789';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('dev mode on', () => {
  let test: AuthTestApp;

  beforeAll(async () => {
    test = await buildAuthTestApp(DEV_AUTH);
  });

  afterAll(async () => {
    await test.app.close();
  });

  it('lists six demo users in one tenant', async () => {
    const response = await test.app.inject({ method: 'GET', url: '/api/dev/users' });
    expect(response.statusCode).toBe(200);
    const { users } = response.json<{ users: { displayName: string }[] }>();
    expect(users.map((user) => user.displayName)).toEqual([
      'Ana',
      'Ben',
      'Cai',
      'Dee',
      'Eli',
      'Fay',
    ]);
  });

  it('mints a token that signs in as that demo user', async () => {
    const minted = await test.app.inject({
      method: 'POST',
      url: '/api/dev/token',
      payload: { userId: 'demo-cai' },
    });
    expect(minted.statusCode).toBe(200);
    const { token, caller, expiresAtMs } = minted.json<{
      token: string;
      caller: unknown;
      expiresAtMs: number;
    }>();
    const expected = {
      tenantId: DEMO_TENANT_ID,
      userId: 'demo-cai',
      displayName: 'Cai',
      source: 'dev',
    };
    expect(caller).toEqual(expected);
    expect(expiresAtMs - Date.now()).toBeGreaterThan(11 * 3600_000);
    expect(expiresAtMs - Date.now()).toBeLessThanOrEqual(12 * 3600_000);

    const me = await test.app.inject({ method: 'GET', url: '/api/me', headers: bearer(token) });
    expect(me.statusCode).toBe(200);
    expect(me.json().caller).toEqual(expected);
  });

  it('refuses to mint for someone who is not a demo user, naming the field', async () => {
    for (const payload of [{ userId: 'mallory' }, {}, { userId: '' }]) {
      const response = await test.app.inject({ method: 'POST', url: '/api/dev/token', payload });
      expect(response.statusCode).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
    const unknown = await test.app.inject({
      method: 'POST',
      url: '/api/dev/token',
      payload: { userId: 'mallory' },
    });
    expect(unknown.json().details).toEqual({ field: 'body.userId' });
  });

  it('gives 401 for an expired, tampered or foreign dev token', async () => {
    const local = createDevTokens();
    const expired = await local.mintDevToken('demo-ana', Date.now() - 13 * 3600_000);
    const good = await local.mintDevToken('demo-ana');
    const [header, , signature] = good.token.split('.');
    const asBen = Buffer.from(
      JSON.stringify({ ...decodeJwt(good.token), sub: 'demo-ben' }),
    ).toString('base64url');
    const foreign = await createDevTokens({ secret: SHARED_SECRET }).mintDevToken('demo-ana');
    const cases = [
      [expired.token, /expired/],
      [`${header}.${asBen}.${signature}`, /not minted by this server/],
      [foreign.token, /not minted by this server/],
    ] as const;
    for (const [token, messagePart] of cases) {
      const response = await test.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: bearer(token),
      });
      expect(response.statusCode).toBe(401);
      expect(response.json().message).toMatch(messagePart);
    }
    expect(good.caller.userId).toBe('demo-ana');
  });

  it('accepts tokens of another server that shares its secret, and only then', async () => {
    const sharing = await buildAuthTestApp(DEV_AUTH, { devTokenSecret: SHARED_SECRET });
    try {
      const fromOtherServer = await createDevTokens({ secret: SHARED_SECRET }).mintDevToken(
        'demo-fay',
      );
      const response = await sharing.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: bearer(fromOtherServer.token),
      });
      expect(response.statusCode).toBe(200);
      expect(response.json().caller.displayName).toBe('Fay');
      const ownToken = await createDevTokens().mintDevToken('demo-fay');
      const refused = await sharing.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: bearer(ownToken.token),
      });
      expect(refused.statusCode).toBe(401);
    } finally {
      await sharing.app.close();
    }
  });

  it('refuses a secret too short to be one', () => {
    expect(() => createDevTokens({ secret: 'short' })).toThrow(/32 bytes/);
  });

  it('has a demo user list fit for ids', () => {
    expect(new Set(DEMO_USERS.map((user) => user.userId)).size).toBe(6);
  });
});

describe('dev mode off', () => {
  let test: AuthTestApp;

  beforeAll(async () => {
    test = await buildAuthTestApp({
      devMode: false,
      entra: {
        audiences: ['api-client-id'],
        jwksUrl: 'http://127.0.0.1:9/keys',
        allowedTenants: [],
        requiredScope: 'access_as_user',
      },
      zoomClientSecret: null,
    });
  });

  afterAll(async () => {
    await test.app.close();
  });

  it('has no dev routes at all', async () => {
    const users = await test.app.inject({ method: 'GET', url: '/api/dev/users' });
    const token = await test.app.inject({
      method: 'POST',
      url: '/api/dev/token',
      payload: { userId: 'demo-ana' },
    });
    expect(users.statusCode).toBe(404);
    expect(token.statusCode).toBe(404);
  });

  it('refuses dev tokens, even ones signed with this process secret', async () => {
    const { token } = await createDevTokens().mintDevToken('demo-ana');
    const response = await test.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: bearer(token),
    });
    expect(response.statusCode).toBe(401);
    expect(response.json().message).toMatch(/dev mode is off/);
  });
});
