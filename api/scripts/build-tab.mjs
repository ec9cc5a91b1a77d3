// Builds the side panel (tab/dist) with vite when it is missing or older than its sources, so
// `npm start` always serves the panel that is checked out. `node api/scripts/build-tab.mjs`
// builds if stale; `--force` builds anyway.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const TAB_ROOT = path.join(root, 'tab');
export const TAB_DIST = path.join(TAB_ROOT, 'dist');

/** What the built files are made from: the tab, the core it bundles, and the build config. */
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

export function isTabBuildStale() {
  const index = path.join(TAB_DIST, 'index.html');
  if (!existsSync(index)) return true;
  const builtAtMs = statSync(index).mtimeMs;
  return BUILD_INPUTS.some((input) => readNewestMtimeMs(path.join(root, input)) > builtAtMs);
}

/** Returns true when it built; throws when the build fails. */
export function buildTabIfStale({ force = false } = {}) {
  if (!force && !isTabBuildStale()) return false;
  console.log('Building the side panel (tab/dist)…');
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: TAB_ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) {
    throw new Error(`The side panel's build failed (exit ${result.status ?? result.signal}).`);
  }
  return true;
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
