import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('loadConfig', () => {
  it('runs locally with no settings at all: embedded store, dev auth, port 3978', () => {
    const config = loadConfig({});
    expect(config.environment).toBe('development');
    expect(config.port).toBe(3978);
    expect(config.auth.devMode).toBe(true);
    expect(config.store.kind).toBe('sqlite');
  });

  it('refuses dev auth in production, naming the variable', () => {
    const problems = problemsOf({ NODE_ENV: 'production', AUTH_MODE: 'dev', ENTRA_CLIENT_ID: 'x' });
    expect(problems.join('\n')).toMatch(/AUTH_MODE=dev is refused when NODE_ENV=production/);
  });

  it('requires the API app registration outside dev mode', () => {
    expect(problemsOf({ NODE_ENV: 'production' }).join('\n')).toMatch(
      /ENTRA_CLIENT_ID is required/,
    );
    const config = loadConfig({
      NODE_ENV: 'production',
      ENTRA_CLIENT_ID: '00000000-0000-0000-0000-000000000001',
      PUBLIC_URL: 'https://grow.example.com',
      ENTRA_ALLOWED_TENANTS: 'tenant-a, tenant-b',
    });
    expect(config.auth.devMode).toBe(false);
    expect(config.auth.entra?.audiences).toEqual([
      '00000000-0000-0000-0000-000000000001',
      'api://grow.example.com/00000000-0000-0000-0000-000000000001',
    ]);
    expect(config.auth.entra?.allowedTenants).toEqual(['tenant-a', 'tenant-b']);
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      STORE: 'mongo',
      RETENTION_DAYS: '-1',
      PUBLIC_URL: 'nope',
    });
    expect(problems).toHaveLength(4);
    for (const name of ['PORT', 'STORE', 'RETENTION_DAYS', 'PUBLIC_URL']) {
      expect(problems.some((problem) => problem.startsWith(name))).toBe(true);
    }
  });

  it('reads the bot registration as a pair, with the Teams Bot Connector as its default', () => {
    expect(loadConfig({}).bot).toBeNull();
    expect(problemsOf({ MICROSOFT_APP_ID: 'bot-id' })).toEqual([
      'MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD go together: set both or neither.',
    ]);
    expect(loadConfig({ MICROSOFT_APP_ID: 'bot-id', MICROSOFT_APP_PASSWORD: 'pw' }).bot).toEqual({
      appId: 'bot-id',
      appPassword: 'pw',
      tenantId: null,
      serviceUrl: 'https://smba.trafficmanager.net/teams',
    });
  });

  it('needs a Cosmos endpoint for the Cosmos store', () => {
    expect(problemsOf({ STORE: 'cosmos' }).join('\n')).toMatch(
      /COSMOS_ENDPOINT must be an absolute URL/,
    );
  });

  it('lets only dev mode add frame ancestors', () => {
    expect(
      problemsOf({
        AUTH_MODE: 'entra',
        ENTRA_CLIENT_ID: 'x',
        DEV_FRAME_ANCESTORS: 'http://localhost:5000',
      }),
    ).toEqual([
      'DEV_FRAME_ANCESTORS is only allowed with AUTH_MODE=dev (local stand-in host pages).',
    ]);
    expect(
      loadConfig({ DEV_FRAME_ANCESTORS: 'http://localhost:5000' }).extraFrameAncestors,
    ).toEqual(['http://localhost:5000']);
  });
});
