import { mkdir, rm, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildTab,
  isTabBuildStale,
  ROOT,
  TAB_DIST,
  TAB_ROOT,
} from '../../../api/scripts/build-tab.mjs';

// The production build of the tab, made only when it is stale: the staleness check and the vite
// command are `npm start`'s own (api/scripts/build-tab.mjs), so a test run after an unchanged
// checkout starts at once. Several test files may ask at the same time (vitest runs files in
// parallel workers): a lock directory lets one build while the others wait, and the waiters then
// find the build fresh.

export { isTabBuildStale, ROOT, TAB_DIST, TAB_ROOT };

const LOCK_DIR = path.join(tmpdir(), `grow-together-tab-build-${hashPath(ROOT)}.lock`);
const STALE_LOCK_MS = 5 * 60_000;
const BUILD_TIMEOUT_MS = 170_000;
// The real clock, taken before any test moves the server's clock (server-clock.ts).
const readRealNowMs = Date.now.bind(Date);

/** Builds `tab/dist` if any input is newer than it; returns the folder to serve. */
export async function ensureTabBuilt(): Promise<string> {
  if (!isTabBuildStale()) return TAB_DIST;
  await withLock(async () => {
    if (isTabBuildStale()) await buildTab({ timeoutMs: BUILD_TIMEOUT_MS });
  });
  return TAB_DIST;
}

async function withLock(work: () => Promise<void>): Promise<void> {
  const deadline = readRealNowMs() + BUILD_TIMEOUT_MS + 10_000;
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const lockedAt = await readMtimeMs(LOCK_DIR);
      // A build that died without letting go: take the lock over.
      if (lockedAt !== null && readRealNowMs() - lockedAt > STALE_LOCK_MS) {
        // Another waiter may have taken it over first: then this mkdir simply tries again.
        await rm(LOCK_DIR, { recursive: true, force: true });
        continue;
      }
      if (readRealNowMs() > deadline) {
        throw new Error(`Gave up waiting for ${LOCK_DIR}.`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    await work();
  } finally {
    await rmdir(LOCK_DIR);
  }
}

async function readMtimeMs(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function hashPath(text: string): string {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return (hash >>> 0).toString(36);
}
