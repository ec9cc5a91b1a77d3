// The one module that reads process.env (shared/DESIGN.md); everything else is handed a Config.
// Every variable is read and checked here at start-up, and a bad one stops the server with a
// message that names it, rather than failing later on the first request that needs it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Environment = 'development' | 'test' | 'production';

export interface EntraAuthConfig {
  /** Accepted `aud` values: the API's app id URI and its client id (v1 and v2 tokens differ). */
  readonly audiences: readonly string[];
  readonly jwksUrl: string;
  /** Tenants whose users may sign in; empty means any tenant (a multi-tenant app). */
  readonly allowedTenants: readonly string[];
  readonly requiredScope: string;
}

export interface AuthConfig {
  /** Dev mode mints tokens for demo users; refused in production. */
  readonly devMode: boolean;
  readonly entra: EntraAuthConfig | null;
  /** The Zoom app's client secret: the key of the `x-zoom-app-context` header. */
  readonly zoomClientSecret: string | null;
  /** Dev mode only: one secret for dev tokens shared by several server processes (tests). */
  readonly devTokenSecret?: string;
}

export type StoreConfig =
  | { readonly kind: 'sqlite'; readonly path: string }
  | {
      readonly kind: 'cosmos';
      readonly endpoint: string;
      /** null: sign in with the managed identity (data-plane RBAC), as production does. */
      readonly key: string | null;
      /** The user-assigned managed identity's client id (AZURE_CLIENT_ID); null: the system one. */
      readonly managedIdentityClientId: string | null;
      readonly database: string;
      /** Create missing containers at start-up; off under data-plane RBAC, where infra makes them. */
      readonly createContainers: boolean;
      /** How long one request to Cosmos DB may take before the api answers 503; unset: 5 s. */
      readonly requestTimeoutMs?: number;
    };

/** The bot's app registration: the bot endpoint and the Bot Connector roster use it. */
export interface BotConfig {
  readonly appId: string;
  readonly appPassword: string;
  /** Single-tenant bots get tokens from their own tenant; null for a multi-tenant bot. */
  readonly tenantId: string | null;
  /** Where the Bot Connector answers, e.g. https://smba.trafficmanager.net/teams/. */
  readonly serviceUrl: string;
}

/** The companion bot's own settings; the bot runs in dev mode too, where `bot` is null. */
export interface CompanionConfig {
  /** How often the nudge scheduler runs; 0 never runs it (tests run it by hand). */
  readonly nudgeIntervalMs: number;
  /** The Teams app's id (the manifest's `id`), for the deep link that opens the side panel. */
  readonly teamsAppId: string | null;
  /** Fetch the meeting transcript from Microsoft Graph when a meeting ends; null: never. */
  readonly graphTranscripts: { readonly baseUrl: string } | null;
}

export interface Config {
  readonly environment: Environment;
  readonly host: string;
  readonly port: number;
  /** The origin people reach the app at, e.g. https://grow.example.com. */
  readonly publicUrl: string;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly auth: AuthConfig;
  /** null until the bot is registered: then only dev callers and Zoom can join by meeting. */
  readonly bot: BotConfig | null;
  readonly companion: CompanionConfig;
  readonly store: StoreConfig;
  /** The built tab, served at `/` (default tab/dist); a folder without index.html serves a page saying the panel is not built. */
  readonly tabDir: string | null;
  /** Extra CSP frame-ancestors; only dev mode may add any (the stand-in Teams host page). */
  readonly extraFrameAncestors: readonly string[];
  readonly corsOrigins: readonly string[];
  readonly rateLimitPerMinute: number;
  readonly bodyLimitBytes: number;
  /** How long session data is kept; 0 keeps it until deleted. */
  readonly retentionDays: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the configuration from `env` (process.env by default) or throws a ConfigError. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const read = createReader(env, problems);

  const environment = read.oneOf('NODE_ENV', ['development', 'test', 'production'], 'development');
  const port = read.integer('PORT', 3978, { min: 0, max: 65_535 });
  const host = read.text('HOST', environment === 'production' ? '0.0.0.0' : '127.0.0.1');
  const publicUrl = read.url('PUBLIC_URL', `http://localhost:${port}`);
  const devMode =
    read.oneOf('AUTH_MODE', ['dev', 'entra'], environment === 'production' ? 'entra' : 'dev') ===
    'dev';
  if (devMode && environment === 'production') {
    problems.push('AUTH_MODE=dev is refused when NODE_ENV=production: set AUTH_MODE=entra.');
  }

  const entraClientId = read.optional('ENTRA_CLIENT_ID');
  const entra: EntraAuthConfig | null =
    entraClientId === null
      ? null
      : {
          audiences: [
            entraClientId,
            ...read.list(
              'ENTRA_AUDIENCES',
              URL.canParse(publicUrl) ? [`api://${new URL(publicUrl).host}/${entraClientId}`] : [],
            ),
          ],
          jwksUrl: read.url(
            'ENTRA_JWKS_URL',
            'https://login.microsoftonline.com/common/discovery/v2.0/keys',
          ),
          allowedTenants: read.list('ENTRA_ALLOWED_TENANTS', []),
          requiredScope: read.text('ENTRA_REQUIRED_SCOPE', 'access_as_user'),
        };
  if (!devMode && entra === null) {
    problems.push(
      'ENTRA_CLIENT_ID is required unless AUTH_MODE=dev: it is the API app registration.',
    );
  }

  const storeKind = read.oneOf('STORE', ['sqlite', 'cosmos'], 'sqlite');
  const store: StoreConfig =
    storeKind === 'sqlite'
      ? {
          kind: 'sqlite',
          path: resolveSqlitePath(read.text('SQLITE_PATH', '.data/grow-together.db')),
        }
      : {
          kind: 'cosmos',
          endpoint: read.url('COSMOS_ENDPOINT', ''),
          key: read.optional('COSMOS_KEY'),
          managedIdentityClientId: read.optional('AZURE_CLIENT_ID'),
          database: read.text('COSMOS_DATABASE', 'grow-together'),
          createContainers: read.boolean('COSMOS_CREATE_CONTAINERS', environment !== 'production'),
          ...readCosmosRequestTimeout(read),
        };

  const extraFrameAncestors = read.list('DEV_FRAME_ANCESTORS', []);
  if (extraFrameAncestors.length > 0 && !devMode) {
    problems.push(
      'DEV_FRAME_ANCESTORS is only allowed with AUTH_MODE=dev (local stand-in host pages).',
    );
  }

  const config: Config = {
    environment,
    host,
    port,
    publicUrl,
    logLevel: read.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      environment === 'test' ? 'silent' : 'info',
    ),
    auth: {
      devMode,
      entra,
      zoomClientSecret: read.optional('ZOOM_CLIENT_SECRET'),
      ...readDevTokenSecret(read, devMode, problems),
    },
    bot: readBotConfig(read, problems),
    companion: readCompanionConfig(read, problems, environment),
    store,
    tabDir: readTabDir(read),
    extraFrameAncestors,
    corsOrigins: read.list('CORS_ORIGINS', []),
    rateLimitPerMinute: read.integer('RATE_LIMIT_PER_MINUTE', 600, { min: 1, max: 1_000_000 }),
    bodyLimitBytes: read.integer('BODY_LIMIT_BYTES', 1_048_576, { min: 1_024, max: 50_000_000 }),
    retentionDays: read.integer('RETENTION_DAYS', 365, { min: 0, max: 3_650 }),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function readBotConfig(read: Reader, problems: string[]): BotConfig | null {
  const appId = read.optional('MICROSOFT_APP_ID');
  const appPassword = read.optional('MICROSOFT_APP_PASSWORD');
  if (appId === null && appPassword === null) return null;
  if (appId === null || appPassword === null) {
    problems.push('MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD go together: set both or neither.');
    return null;
  }
  return {
    appId,
    appPassword,
    tenantId: read.optional('MICROSOFT_APP_TENANT_ID'),
    serviceUrl: read.url('BOT_SERVICE_URL', 'https://smba.trafficmanager.net/teams'),
  };
}

function readCompanionConfig(
  read: Reader,
  problems: string[],
  environment: Environment,
): CompanionConfig {
  const nudgeSeconds = read.integer(
    'BOT_NUDGE_INTERVAL_SECONDS',
    environment === 'test' ? 0 : 300,
    { min: 0, max: 86_400 },
  );
  const isGraphOn = read.boolean('GRAPH_TRANSCRIPTS', false);
  if (isGraphOn && read.optional('MICROSOFT_APP_ID') === null) {
    problems.push('GRAPH_TRANSCRIPTS=true needs the bot registration: set MICROSOFT_APP_ID too.');
  }
  return {
    nudgeIntervalMs: nudgeSeconds * 1000,
    teamsAppId: read.optional('TEAMS_APP_ID'),
    graphTranscripts: isGraphOn
      ? { baseUrl: read.url('GRAPH_BASE_URL', 'https://graph.microsoft.com/v1.0') }
      : null,
  };
}

function readCosmosRequestTimeout(read: Reader): { requestTimeoutMs?: number } {
  if (read.optional('COSMOS_REQUEST_TIMEOUT_MS') === null) return {};
  return {
    requestTimeoutMs: read.integer('COSMOS_REQUEST_TIMEOUT_MS', 5_000, { min: 500, max: 60_000 }),
  };
}

/** `:memory:` is SQLite's name for a database that lives and dies with the process. */
function resolveSqlitePath(file: string): string {
  return file === ':memory:' ? file : path.resolve(file);
}

function readDevTokenSecret(
  read: Reader,
  devMode: boolean,
  problems: string[],
): { devTokenSecret?: string } {
  const secret = read.optional('DEV_TOKEN_SECRET');
  if (secret === null) return {};
  if (!devMode) problems.push('DEV_TOKEN_SECRET is only allowed with AUTH_MODE=dev.');
  if (Buffer.byteLength(secret) < 32) problems.push('DEV_TOKEN_SECRET needs at least 32 bytes.');
  return { devTokenSecret: secret };
}

/** The tab's production build in this checkout (`npx vite build` in tab/ makes it). */
export const DEFAULT_TAB_DIR = fileURLToPath(new URL('../../tab/dist', import.meta.url));

function readTabDir(read: Reader): string | null {
  const dir = read.optional('TAB_DIR');
  return dir === null ? DEFAULT_TAB_DIR : path.resolve(dir);
}

/**
 * Where the user ran the command. npm runs a workspace script with the workspace folder as the
 * working directory and puts the user's own directory in INIT_CWD, so a path typed at the repo
 * root still resolves; run directly (node, tsx), the working directory is already the right one.
 */
export function readInvocationDir(): string {
  return process.env['INIT_CWD'] ?? process.cwd();
}

type Reader = ReturnType<typeof createReader>;

function createReader(env: Env, problems: string[]) {
  const raw = (name: string): string | null => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? null : value;
  };
  return {
    optional: raw,
    text(name: string, fallback: string): string {
      return raw(name) ?? fallback;
    },
    oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
      const value = raw(name);
      if (value === null) return fallback;
      if ((allowed as readonly string[]).includes(value)) return value as T;
      problems.push(`${name}=${value} is not one of: ${allowed.join(', ')}.`);
      return fallback;
    },
    integer(name: string, fallback: number, range: { min: number; max: number }): number {
      const value = raw(name);
      if (value === null) return fallback;
      const parsed = Number(value);
      if (!Number.isInteger(parsed) || parsed < range.min || parsed > range.max) {
        problems.push(`${name}=${value} must be a whole number from ${range.min} to ${range.max}.`);
        return fallback;
      }
      return parsed;
    },
    boolean(name: string, fallback: boolean): boolean {
      const value = raw(name);
      if (value === null) return fallback;
      if (value === 'true' || value === '1') return true;
      if (value === 'false' || value === '0') return false;
      problems.push(`${name}=${value} must be true or false.`);
      return fallback;
    },
    url(name: string, fallback: string): string {
      const value = raw(name) ?? fallback;
      if (value === '' || !URL.canParse(value)) {
        problems.push(
          `${name} must be an absolute URL${value === '' ? ' (it is not set)' : `, not ${value}`}.`,
        );
      }
      return value.replace(/\/$/, '');
    },
    list(name: string, fallback: readonly string[]): readonly string[] {
      const value = raw(name);
      if (value === null) return fallback;
      return value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
    },
  };
}
