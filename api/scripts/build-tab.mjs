// Builds the side panel (tab/dist) with vite when it is missing or older than its sources, so
// `npm start` always serves the panel that is checked out. `node api/scripts/build-tab.mjs`
// builds if stale; `--force` builds anyway. The end-to-end tests (tests/e2e/support/tab-build.ts)
// use the same staleness check and the same vite command, so there is one answer to "is the
// build current?".
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const TAB_ROOT = path.join(ROOT, 'tab');
export const TAB_DIST = path.join(TAB_ROOT, 'dist');

/** What the built files are made from: the tab, the core it bundles, and the build config. */
export const BUILD_INPUTS = [
  'tab/src',
  'tab/index.html',
  'tab/vite.config.ts',
  'tab/package.json',
  'tab/public',
  'core/src',
  'core/package.json',
];
const IS_TEST_FILE = /\.test\.tsx?$/;
const VITE = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const VITE_ARGS = [VITE, 'build', '--logLevel', 'warn'];

function readNewestMtimeMs(entry) {
  if (!existsSync(entry)) return 0;
  const info = statSync(entry);
  if (!info.isDirectory()) return IS_TEST_FILE.test(entry) ? 0 : info.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(entry)) {
    newest = Math.max(newest, readNewestMtimeMs(path.join(entry, name)));
  }
  return newest;
}

/**
 * True when tab/dist is missing or any input (tests aside) is newer than its index.html.
 * `root` is the repository (another one in this check's own test).
 */
export function isTabBuildStale(root = ROOT) {
  const index = path.join(root, 'tab', 'dist', 'index.html');
  if (!existsSync(index)) return true;
  const builtAtMs = statSync(index).mtimeMs;
  return BUILD_INPUTS.some((input) => readNewestMtimeMs(path.join(root, input)) > builtAtMs);
}

/** Returns true when it built; throws when the build fails. */
export function buildTabIfStale({ force = false } = {}) {
  if (!force && !isTabBuildStale()) return false;
  console.log('Building the side panel (tab/dist)…');
  const result = spawnSync(process.execPath, VITE_ARGS, {
    cwd: TAB_ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    throw new Error(`The side panel's build failed (exit ${result.status ?? result.signal}).`);
  }
  return true;
}

/**
 * The same build without blocking the event loop, its output collected for the error: for
 * callers that wait on other things meanwhile (the tests' servers). Killed after `timeoutMs`.
 * @param {{ timeoutMs: number }} options
 * @returns {Promise<void>}
 */
export function buildTab({ timeoutMs }) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, VITE_ARGS, {
      cwd: TAB_ROOT,
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk) => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
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

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const built = buildTabIfStale({ force: process.argv.includes('--force') });
    if (!built) console.log('The side panel (tab/dist) is up to date.');
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
