import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuthTestApp, type AuthTestApp } from './build-auth-test-app.js';
import type { Caller } from './caller.js';
import { createDevTokens } from './dev-tokens.js';
import { createVerifiedTokenCache } from './verified-token-cache.js';

const ANA: Caller = { tenantId: 't', userId: 'ana', displayName: 'Ana', source: 'dev' };
const BEN: Caller = { tenantId: 't', userId: 'ben', displayName: 'Ben', source: 'dev' };

describe('the verified-token cache', () => {
  it('remembers a token until its expiry, and only by its exact text', () => {
    const cache = createVerifiedTokenCache();
    cache.remember('a.b.c', { caller: ANA, expiresAtMs: 10_000 }, 1_000);
    expect(cache.find('a.b.c', 9_999)).toBe(ANA);
    expect(cache.find('a.b.C', 9_999)).toBeNull();
    expect(cache.find('a.b.c', 10_000)).toBeNull();
    // Once forgotten, it stays forgotten, even for an earlier clock.
    expect(cache.find('a.b.c', 5_000)).toBeNull();
  });

  it('trusts a long-lived token for at most maxAgeMs without a fresh check', () => {
    const cache = createVerifiedTokenCache({ maxAgeMs: 100 });
    cache.remember('t', { caller: ANA, expiresAtMs: 1_000_000 }, 0);
    expect(cache.find('t', 99)).toBe(ANA);
    expect(cache.find('t', 100)).toBeNull();
  });

  it('never remembers a token that has already expired', () => {
    const cache = createVerifiedTokenCache();
    cache.remember('t', { caller: ANA, expiresAtMs: 500 }, 500);
    expect(cache.find('t', 0)).toBeNull();
  });

  it('forgets the least recently used token beyond its bound', () => {
    const cache = createVerifiedTokenCache({ maxEntries: 2 });
    cache.remember('a', { caller: ANA, expiresAtMs: 1_000 }, 0);
    cache.remember('b', { caller: BEN, expiresAtMs: 1_000 }, 0);
    expect(cache.find('a', 1)).toBe(ANA);
    cache.remember('c', { caller: BEN, expiresAtMs: 1_000 }, 0);
    expect(cache.find('b', 1)).toBeNull();
    expect(cache.find('a', 1)).toBe(ANA);
    expect(cache.find('c', 1)).toBe(BEN);
  });
});

describe('authentication with remembered tokens', () => {
  let test: AuthTestApp;
  let nowMs = Date.now();
  const devTokens = createDevTokens({ secret: 'a-dev-secret-shared-by-this-test-only' });

  beforeAll(async () => {
    test = await buildAuthTestApp(
      { devMode: true, entra: null, zoomClientSecret: null },
      { devTokenSecret: 'a-dev-secret-shared-by-this-test-only', readNowMs: () => nowMs },
    );
  });
  afterAll(async () => {
    await test.app.close();
  });

  const getMe = (token: string) =>
    test.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer ${token}` },
    });

  it('refuses a remembered token once it has expired', async () => {
    const { token, expiresAtMs } = await devTokens.mintDevToken('demo-ana', nowMs);
    expect((await getMe(token)).statusCode).toBe(200);
    expect((await getMe(token)).json().caller.userId).toBe('demo-ana');
    nowMs = expiresAtMs;
    const expired = await getMe(token);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().message).toMatch(/expired/);
  });

  it('checks a tampered copy of a remembered token in full, every time', async () => {
    nowMs = Date.now();
    const { token } = await devTokens.mintDevToken('demo-ana', nowMs);
    expect((await getMe(token)).statusCode).toBe(200);
    const [header, , signature] = token.split('.');
    const asBen = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: 'demo-ben' })).toString(
      'base64url',
    );
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const forged = await getMe(`${header}.${asBen}.${signature}`);
      expect(forged.statusCode).toBe(401);
    }
    expect((await getMe(token)).json().caller.userId).toBe('demo-ana');
  });
});
