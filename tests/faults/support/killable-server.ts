// The real server for the kill -9 test: a child process (tests/support/server-process.ts) on a
// SQLite file, that the test kills with SIGKILL and starts again on the same port and the same
// file, so the browser that was talking to it finds it where it left it.
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';

export interface KillableServerOptions {
  readonly sqlitePath: string;
  readonly tabDir: string;
  /** 0 lets the OS pick; a restart passes the port the first run printed. */
  readonly port: number;
  /** Dev tokens minted by one run are accepted by the next (at least 32 bytes). */
  readonly devTokenSecret: string;
}

export type KillableServer = ServerProcess;

export function startKillableServer(options: KillableServerOptions): Promise<KillableServer> {
  return startServerProcess({
    env: {
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
  });
}
