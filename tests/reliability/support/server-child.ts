// The real server as a child process (api/src/server.ts through tsx, as `npm start` runs it), so
// a test can tell that the process stayed up: it is still running, and it still answers.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const KEPT_OUTPUT_CHARS = 20_000;

export interface ServerChild {
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  /** False once the process has exited, whatever the reason. */
  isRunning(): boolean;
  /** The exit code or signal, once it has exited. */
  describeExit(): string | null;
  /** The last lines the server wrote (its logs go to stdout, crashes to stderr). */
  readOutput(): string;
  /** SIGTERM, then SIGKILL if it lingers; safe to call twice. */
  stop(): Promise<void>;
}

export async function startServerChild(env: Record<string, string>): Promise<ServerChild> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', path.join(REPO_DIR, 'api/src/server.ts')],
    {
      cwd: REPO_DIR,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exit: string | null = null;
  child.once('exit', (code, signal) => {
    exit = signal === null ? `exit code ${code}` : `signal ${signal}`;
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (exit !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the server did not start within ${START_TIMEOUT_MS} ms:\n${output}`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      const match = /running at http:\/\/localhost:(\d+)/.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`the server exited before it listened:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    isRunning: () => exit === null,
    describeExit: () => exit,
    readOutput: () => output,
    stop,
  };
}
