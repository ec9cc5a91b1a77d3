import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspaces resolve each other through the `source` export condition, so tests run on the
// TypeScript sources with nothing built first.
const conditions = ['source', ...defaultServerConditions];

// Each suite has a time budget: a single test that runs past it fails, so a slow test is seen
// rather than silently stretching the run.
const project = (name: string, include: string[], testTimeout: number) => ({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['source'] } },
  test: { name, include, testTimeout, hookTimeout: testTimeout },
});

export default defineConfig({
  test: {
    projects: [
      project('core', ['core/src/**/*.test.ts'], 10_000),
      project('api', ['api/**/*.test.ts'], 20_000),
      project('bot', ['bot/**/*.test.ts'], 20_000),
      project('tab', ['tab/**/*.test.{ts,tsx}'], 20_000),
      project('cross-cutting', ['tests/**/*.test.ts'], 60_000),
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
  },
});
