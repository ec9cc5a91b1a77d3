import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as startScript from '../../api/scripts/build-tab.mjs';
import * as harness from './support/tab-build.js';

// One answer to "is the panel's build current?": `npm start` (api/scripts/build-tab.mjs) and the
// end-to-end harness ask the same function, which looks at every build input and ignores tests.

describe('the tab build staleness check', () => {
  let root: string;
  const at = (seconds: number) => new Date(1_700_000_000_000 + seconds * 1_000);
  const put = async (file: string, seconds: number) => {
    const full = path.join(root, file);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, '');
    await utimes(full, at(seconds), at(seconds));
  };

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'grow-together-tab-build-'));
    await put('tab/src/main.tsx', 10);
    await put('core/src/index.ts', 10);
    await put('tab/dist/index.html', 20);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is the same function for npm start and the end-to-end tests', () => {
    expect(harness.isTabBuildStale).toBe(startScript.isTabBuildStale);
    expect(harness.TAB_DIST).toBe(startScript.TAB_DIST);
  });

  it('is fresh when the build is newer than every input', () => {
    expect(startScript.isTabBuildStale(root)).toBe(false);
  });

  it('is stale without a build, or when a source, core or the public folder changed', async () => {
    await rm(path.join(root, 'tab/dist'), { recursive: true });
    expect(startScript.isTabBuildStale(root)).toBe(true);
    await put('tab/dist/index.html', 20);
    for (const input of ['tab/src/app/App.tsx', 'core/src/x.ts', 'tab/public/privacy.html']) {
      await put(input, 30);
      expect(startScript.isTabBuildStale(root), input).toBe(true);
      await rm(path.join(root, input));
    }
  });

  it('ignores test files', async () => {
    await put('tab/src/app/App.test.tsx', 30);
    expect(startScript.isTabBuildStale(root)).toBe(false);
  });
});
