// A server as its own process, started the way `npm start` starts the api (TypeScript through tsx,
// workspaces by their `source` condition) and stopped again: for tests and benches that need the
// real process, to kill it, to see that it stayed up, or to keep its event loop apart from the
// load they generate. It is ready once it prints the line api/src/server.ts prints when it
// listens ("… running at http://localhost:<port>"); with PORT 0 the OS picks the port and the
// line says which.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const API_ENTRY = path.join(REPO_DIR, 'api/src/server.ts');

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const KEPT_OUTPUT_CHARS = 20_000;
const LISTENING_LINE = /running at http:\/\/localhost:(\d+)/;
/** What the child inherits from this process: enough to run, nothing that changes its config. */
const INHERITED_ENV = ['PATH', 'HOME', 'TMPDIR'] as const;

export interface ServerProcessOptions {
  /** The entry file; the api (api/src/server.ts) unless given. */
  readonly entry?: string;
  /** The server's environment (PORT included; '0' lets the OS pick), over PATH, HOME and TMPDIR. */
  readonly env: Readonly<Record<string, string>>;
  /** Node flags before the entry, e.g. `--cpu-prof` while looking for where the time goes. */
  readonly nodeArgs?: readonly string[];
}

export interface ServerProcess {
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  readonly port: number;
  readonly pid: number;
  /** False once the process has exited, whatever the reason. */
  isRunning(): boolean;
  /** The exit code or signal, once it has exited. */
  describeExit(): string | null;
  /** The last of what the server wrote (its logs go to stdout, crashes to stderr). */
  readOutput(): string;
  /** `kill -9`: no shutdown hook runs, nothing is flushed. Resolves once the process is gone. */
  killHard(): Promise<void>;
  /** SIGTERM (a clean shutdown), then SIGKILL if it lingers; safe to call twice. */
  stop(): Promise<void>;
}

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const inherited: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined) inherited[name] = value;
  }
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      '--conditions=source',
      options.entry ?? API_ENTRY,
    ],
    { cwd: REPO_DIR, env: { ...inherited, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-KEPT_OUTPUT_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exit: string | null = null;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = signal === null ? `exit code ${code}` : `signal ${signal}`;
      resolve();
    });
  });
  // Should this process die first, the server goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const end = async (signal: NodeJS.Signals) => {
    process.removeListener('exit', killOnExit);
    if (exit !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  let port: number;
  try {
    port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the server did not listen within ${START_TIMEOUT_MS} ms:\n${output}`));
      }, START_TIMEOUT_MS);
      const onData = () => {
        const match = LISTENING_LINE.exec(output);
        if (match?.[1] === undefined) return;
        clearTimeout(timer);
        child.stdout.off('data', onData);
        resolve(Number(match[1]));
      };
      child.stdout.on('data', onData);
      void exited.then(() => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${exit}) before it listened:\n${output}`));
      });
    });
  } catch (error) {
    await end('SIGKILL');
    throw error;
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server process has no pid');
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    pid,
    isRunning: () => exit === null,
    describeExit: () => exit,
    readOutput: () => output,
    killHard: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}
