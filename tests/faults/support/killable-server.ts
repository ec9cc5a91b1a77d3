// The real server as a child process (api/src/server.ts through tsx, as `npm start` runs it) that
// a test can kill with SIGKILL and start again on the same port and the same SQLite file, so the
// browser that was talking to it finds it where it left it.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;
const KEPT_OUTPUT_CHARS = 20_000;

export interface KillableServerOptions {
  readonly sqlitePath: string;
  readonly tabDir: string;
  /** 0 lets the OS pick; a restart passes the port the first run printed. */
  readonly port: number;
  /** Dev tokens minted by one run are accepted by the next (at least 32 bytes). */
  readonly devTokenSecret: string;
}

export interface KillableServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** `kill -9`: no shutdown hook runs, nothing is flushed. Resolves once the process is gone. */
  killHard(): Promise<void>;
  /** SIGTERM (a clean shutdown), then SIGKILL if it lingers; safe to call twice. */
  stop(): Promise<void>;
  /** What the server wrote, for failure messages. */
  readOutput(): string;
}

export async function startKillableServer(options: KillableServerOptions): Promise<KillableServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', path.join(REPO_DIR, 'api/src/server.ts')],
    {
      cwd: REPO_DIR,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(options.port),
        AUTH_MODE: 'dev',
        STORE: 'sqlite',
        SQLITE_PATH: options.sqlitePath,
        TAB_DIR: options.tabDir,
        DEV_TOKEN_SECRET: options.devTokenSecret,
        LOG_LEVEL: 'warn',
        RATE_LIMIT_PER_MINUTE: '100000',
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
  // Should the test process die first, the server goes with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;

  const end = async (signal: NodeJS.Signals) => {
    process.removeListener('exit', killOnExit);
    if (hasExited()) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  let port: number;
  try {
    port = await waitForListening(child, () => output);
  } catch (error) {
    await end('SIGKILL');
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    killHard: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
    readOutput: () => output,
  };
}

/** The port from the line server.ts prints once it listens. */
function waitForListening(child: ChildProcess, readOutput: () => string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(`the server did not listen within ${START_TIMEOUT_MS} ms:\n${readOutput()}`),
      );
    }, START_TIMEOUT_MS);
    const onData = () => {
      const match = /running at http:\/\/localhost:(\d+)/.exec(readOutput());
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve(Number(match[1]));
    };
    child.stdout?.on('data', onData);
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`the server exited before it listened:\n${readOutput()}`));
    });
  });
}
