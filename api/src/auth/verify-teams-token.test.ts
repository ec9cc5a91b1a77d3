import { SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJwksServer, type JwksServer } from '../../../tests/support/jwks-server.js';
import type { AuthConfig } from '../config.js';
import { buildAuthTestApp, type AuthTestApp } from './build-auth-test-app.js';
import { readTeamsIssuers } from './verify-teams-token.js';

// Teams SSO tokens through a real Fastify app: real RS256 signatures, a real JWKS fetched over
// loopback HTTP, and one protected route.

const TENANT = '6f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b';
const OTHER_ALLOWED_TENANT = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const UNLISTED_TENANT = 'f0e1d2c3-b4a5-4697-8877-665544332211';
const CLIENT_ID = '3c9d7f1e-8a2b-4c5d-9e0f-1a2b3c4d5e6f';
const APP_ID_URI = `api://grow.example.com/${CLIENT_ID}`;
const SCOPE = 'access_as_user';
const [V1_ISSUER, V2_ISSUER] = readTeamsIssuers(TENANT);

let jwks: JwksServer;
let test: AuthTestApp;
const mintedTokens: string[] = [];

function authConfig(jwksUrl: string, allowedTenants: readonly string[]): AuthConfig {
  return {
    devMode: false,
    entra: { audiences: [CLIENT_ID, APP_ID_URI], jwksUrl, allowedTenants, requiredScope: SCOPE },
    zoomClientSecret: null,
  };
}

function v2Claims(overrides: JWTPayload = {}): JWTPayload {
  return {
    iss: V2_ISSUER,
    aud: CLIENT_ID,
    tid: TENANT,
    oid: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
    name: 'Ana Moreira',
    preferred_username: 'ana@contoso.example',
    scp: SCOPE,
    ver: '2.0',
    ...overrides,
  };
}

async function mint(...args: Parameters<JwksServer['mintToken']>): Promise<string> {
  const token = await jwks.mintToken(...args);
  mintedTokens.push(token);
  return token;
}

async function getMe(token: string | null, app = test.app) {
  return app.inject({
    method: 'GET',
    url: '/api/me',
    headers: token === null ? {} : { authorization: `Bearer ${token}` },
  });
}

async function expectRefused(token: string | null, messagePart: RegExp) {
  const response = await getMe(token);
  expect(response.statusCode).toBe(401);
  expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  const body = response.json<{ code: string; message: string }>();
  expect(body.code).toBe('UNAUTHENTICATED');
  expect(body.message).toMatch(messagePart);
  for (const part of token?.split('.') ?? []) {
    if (part.length > 0) expect(response.body).not.toContain(part);
  }
}

beforeAll(async () => {
  jwks = await startJwksServer();
  test = await buildAuthTestApp(authConfig(jwks.jwksUrl, [TENANT, OTHER_ALLOWED_TENANT]));
});

afterAll(async () => {
  await test.app.close();
  await jwks.close();
});

describe('a good Teams token', () => {
  it('passes as v2 (login.microsoftonline.com issuer, client id audience)', async () => {
    const response = await getMe(await mint(v2Claims()));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      caller: {
        tenantId: TENANT,
        userId: '9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d',
        displayName: 'Ana Moreira',
        source: 'teams',
      },
      zoomMeetingId: null,
    });
  });

  it('passes as v1 (sts.windows.net issuer, app id URI audience), named by its upn', async () => {
    const token = await mint({
      iss: V1_ISSUER,
      aud: APP_ID_URI,
      tid: TENANT,
      oid: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
      upn: 'ben@contoso.example',
      scp: `User.Read ${SCOPE}`,
      ver: '1.0',
    });
    const response = await getMe(token);
    expect(response.statusCode).toBe(200);
    expect(response.json().caller).toEqual({
      tenantId: TENANT,
      userId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
      displayName: 'ben@contoso.example',
      source: 'teams',
    });
  });

  it('is checked against keys fetched once and cached', async () => {
    const before = jwks.fetchCount;
    for (let i = 0; i < 3; i += 1) {
      expect((await getMe(await mint(v2Claims()))).statusCode).toBe(200);
    }
    expect(jwks.fetchCount).toBe(before);
    expect(jwks.fetchCount).toBeGreaterThanOrEqual(1);
  });

  it('passes from any tenant when the allow-list is empty', async () => {
    const open = await buildAuthTestApp(authConfig(jwks.jwksUrl, []));
    try {
      const [, issuer] = readTeamsIssuers(UNLISTED_TENANT);
      const token = await mint(v2Claims({ tid: UNLISTED_TENANT, iss: issuer }));
      const response = await getMe(token, open.app);
      expect(response.statusCode).toBe(200);
      expect(response.json().caller.tenantId).toBe(UNLISTED_TENANT);
    } finally {
      await open.app.close();
    }
  });
});

describe('a Teams request gets 401', () => {
  it('with no token', async () => {
    await expectRefused(null, /Sign in/);
  });

  it('with a bad signature: a key that is not in the JWKS, under the published kid', async () => {
    await expectRefused(await mint(v2Claims(), { isForeignKey: true }), /signature/);
  });

  it('with a bad signature: a key that is not in the JWKS, under its own kid', async () => {
    const token = await mint(v2Claims(), { isForeignKey: true, kid: 'forger' });
    await expectRefused(token, /signature/);
  });

  it('with a payload changed after signing', async () => {
    const [header, , signature] = (await mint(v2Claims())).split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...v2Claims({ oid: '00000000-0000-4000-8000-000000000000' }), exp: 4e9 }),
    ).toString('base64url');
    await expectRefused(`${header}.${forgedPayload}.${signature}`, /signature/);
  });

  it('when expired', async () => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const token = await mint(v2Claims({ iat: nowSeconds - 7200, exp: nowSeconds - 600 }));
    await expectRefused(token, /expired/);
  });

  it('before its nbf', async () => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    await expectRefused(await mint(v2Claims({ nbf: nowSeconds + 600 })), /not valid yet/);
  });

  it('for the wrong audience', async () => {
    await expectRefused(await mint(v2Claims({ aud: 'api://someone-else' })), /audience/);
  });

  it("with an issuer of another tenant than the token's tid", async () => {
    const [, otherIssuer] = readTeamsIssuers(OTHER_ALLOWED_TENANT);
    await expectRefused(await mint(v2Claims({ iss: otherIssuer })), /issuer/);
  });

  it('with an issuer that is not Microsoft', async () => {
    const token = await mint(v2Claims({ iss: `https://login.example.com/${TENANT}/v2.0` }));
    await expectRefused(token, /issuer/);
  });

  it('with the v1 issuer missing its trailing slash', async () => {
    await expectRefused(await mint(v2Claims({ iss: V1_ISSUER.slice(0, -1) })), /issuer/);
  });

  it('from a tenant that is not on the allow-list', async () => {
    const [, issuer] = readTeamsIssuers(UNLISTED_TENANT);
    await expectRefused(await mint(v2Claims({ tid: UNLISTED_TENANT, iss: issuer })), /tenant/);
  });

  it('with a tid that is not a tenant id', async () => {
    await expectRefused(await mint(v2Claims({ tid: 'common' })), /tid/);
  });

  it('without the required scope', async () => {
    await expectRefused(await mint(v2Claims({ scp: undefined })), /access_as_user/);
    await expectRefused(await mint(v2Claims({ scp: 'User.Read Mail.Read' })), /access_as_user/);
    await expectRefused(await mint(v2Claims({ scp: `${SCOPE}_extra` })), /access_as_user/);
  });

  it('with application roles in place of a delegated scope', async () => {
    const token = await mint(v2Claims({ scp: undefined, roles: [SCOPE] }));
    await expectRefused(token, /access_as_user/);
  });

  it('without an oid', async () => {
    await expectRefused(await mint(v2Claims({ oid: undefined })), /oid/);
  });

  it('unsigned (alg none)', async () => {
    const token = new UnsecuredJWT(v2Claims()).setIssuedAt().setExpirationTime('1h').encode();
    await expectRefused(token, /not a JWT/);
  });

  it('signed HS256 with the public key as the secret (algorithm confusion)', async () => {
    const publicKeyText = await fetch(jwks.jwksUrl).then((response) => response.text());
    const token = await new SignJWT(v2Claims())
      .setProtectedHeader({ alg: 'HS256', kid: jwks.kid })
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(publicKeyText));
    await expectRefused(token, /Dev tokens are not accepted/);
  });

  it('with a scheme other than Bearer', async () => {
    const token = await mint(v2Claims());
    const response = await test.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Basic ${token}` },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer /);
  });

  it('when the signing keys cannot be fetched, with a warning in the log', async () => {
    const unreachable = await startJwksServer();
    const keysDown = await buildAuthTestApp(authConfig(unreachable.jwksUrl, []));
    const token = await unreachable.mintToken(v2Claims());
    await unreachable.close();
    try {
      const response = await getMe(token, keysDown.app);
      expect(response.statusCode).toBe(401);
      expect(response.json().message).toMatch(/signing keys could not be fetched/);
      expect(keysDown.logLines.join('\n')).toMatch(/credential could not be checked/);
      expect(keysDown.logLines.join('\n')).not.toContain(token.split('.')[2]);
    } finally {
      await keysDown.app.close();
    }
  });
});

describe('logging', () => {
  it('never writes a token to the log', () => {
    expect(mintedTokens.length).toBeGreaterThan(10);
    const log = test.logLines.join('\n');
    expect(log).toMatch(/request completed/);
    for (const token of mintedTokens) {
      for (const part of token.split('.')) {
        if (part.length > 0) expect(log).not.toContain(part);
      }
    }
  });
});

describe('a Teams token on a server without Teams sign-in', () => {
  it('gets 401 even when it is valid', async () => {
    const devOnly = await buildAuthTestApp({ devMode: true, entra: null, zoomClientSecret: null });
    try {
      const response = await getMe(await mint(v2Claims()), devOnly.app);
      expect(response.statusCode).toBe(401);
      expect(response.json().message).toMatch(/Teams sign-in is not set up/);
    } finally {
      await devOnly.app.close();
    }
  });
});
