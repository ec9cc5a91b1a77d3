// `npm start`: runs the whole app on one port with the embedded store and dev auth. Workspaces
// resolve each other's TypeScript sources through the `source` condition, so nothing has to be
// compiled first. (When the tab exists, this is where its production build is made if stale.)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const server = spawn(
  process.execPath,
  ['--import', 'tsx', '--conditions=source', 'api/src/server.ts'],
  { cwd: root, stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
