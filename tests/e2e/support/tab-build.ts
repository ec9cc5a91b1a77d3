import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// The production build of the tab, made with vite only when it is older than its sources, so a
// test run after an unchanged checkout starts at once. Several test files may ask at the same
// time (vitest runs files in parallel workers): a lock directory lets one build while the others
// wait, and the waiters then find the build fresh.

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const TAB_ROOT = path.join(ROOT, 'tab');
export const TAB_DIST = path.join(TAB_ROOT, 'dist');

/** What the built files are made from: the tab, the core it bundles, and its build config. */
const BUILD_INPUTS = [
  'tab/src',
  'tab/index.html',
  'tab/vite.config.ts',
  'tab/package.json',
  'tab/public',
  'core/src',
  'core/package.json',
];
const IS_TEST_FILE = /\.test\.tsx?$/;
const LOCK_DIR = path.join(tmpdir(), `grow-together-tab-build-${hashPath(ROOT)}.lock`);
const STALE_LOCK_MS = 5 * 60_000;
const BUILD_TIMEOUT_MS = 170_000;
// The real clock, taken before any test moves the server's clock (server-clock.ts).
const readRealNowMs = Date.now.bind(Date);

/** Builds `tab/dist` if any input is newer than it; returns the folder to serve. */
export async function ensureTabBuilt(): Promise<string> {
  if (!existsSync(path.join(TAB_ROOT, 'vite.config.ts'))) {
    throw new Error('tab/vite.config.ts does not exist yet: the panel cannot be built.');
  }
  if (!(await isTabBuildStale())) return TAB_DIST;
  await withLock(async () => {
    if (await isTabBuildStale()) await buildTab();
  });
  return TAB_DIST;
}

export async function isTabBuildStale(): Promise<boolean> {
  const built = await readMtimeMs(path.join(TAB_DIST, 'index.html'));
  if (built === null) return true;
  for (const input of BUILD_INPUTS) {
    const newest = await readNewestMtimeMs(path.join(ROOT, input));
    if (newest !== null && newest > built) return true;
  }
  return false;
}

function buildTab(): Promise<void> {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: TAB_ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`vite build of the tab failed (${signal ?? code}):\n${output}`));
    });
  });
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

async function readNewestMtimeMs(entry: string): Promise<number | null> {
  let info;
  try {
    info = await stat(entry);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (!info.isDirectory()) return IS_TEST_FILE.test(entry) ? null : info.mtimeMs;
  let newest: number | null = null;
  for (const name of await readdir(entry)) {
    const mtime = await readNewestMtimeMs(path.join(entry, name));
    if (mtime !== null && (newest === null || mtime > newest)) newest = mtime;
  }
  return newest;
}

function hashPath(text: string): string {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return (hash >>> 0).toString(36);
}
