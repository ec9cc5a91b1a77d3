import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspaces resolve each other through the `source` export condition, so tests run on the
// TypeScript sources with nothing built first.
const conditions = ['source', ...defaultServerConditions];

// Each suite has a time budget: a single test that runs past it fails, so a slow test is seen
// rather than silently stretching the run.
const project = (
  name: string,
  include: string[],
  testTimeout: number,
  environment: 'node' | 'happy-dom' = 'node',
) => ({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: { name, include, environment, testTimeout, hookTimeout: testTimeout },
});

export default defineConfig({
  test: {
    projects: [
      project('core', ['core/src/**/*.test.ts'], 10_000),
      project('api', ['api/**/*.test.ts'], 20_000),
      project('bot', ['bot/**/*.test.ts'], 20_000),
      // The tab's unit tests run in a DOM (happy-dom); its end-to-end tests drive real Chromium.
      project('tab', ['tab/**/*.test.{ts,tsx}'], 20_000, 'happy-dom'),
      project('cross-cutting', ['tests/**/*.test.ts'], 60_000),
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
  },
});
