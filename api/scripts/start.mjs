// `npm start`: runs the whole app on one port with the embedded store and dev auth. Workspaces
// resolve each other's TypeScript sources through the `source` condition, so the server needs no
// compiling; the side panel is built with vite first when its build is missing or stale, and the
// server serves it at `/` (TAB_DIR, default tab/dist).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildTabIfStale } from './build-tab.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
try {
  buildTabIfStale();
} catch (error) {
  // The api still runs: `/` then says the panel is not built, and the API works.
  console.error(`${error instanceof Error ? error.message : error} Starting without the panel.`);
}
const server = spawn(
  process.execPath,
  ['--import', 'tsx', '--conditions=source', 'api/src/server.ts'],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
