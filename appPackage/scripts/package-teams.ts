// `npm run package:teams [env]`: fills the ${{VAR}} placeholders of appPackage/manifest.json from
// env/.env.<env> (and env/.env.<env>.user when present, as the Agents Toolkit does), validates the
// result against the official manifest schema bundled in @microsoft/app-manifest (offline), and
// writes appPackage/build/appPackage.<env>.zip holding exactly manifest.json and the two icons.
// The default env is `local`, whose committed file holds example values, so a fresh clone packages.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { zipSync } from 'fflate';

export const DEFAULT_ENV = 'local';
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
const ENV_NAME = /^[a-z0-9][a-z0-9-]*$/i;
// A fixed timestamp makes the same inputs give the same zip, byte for byte.
const ZIP_MTIME = new Date('2025-01-01T00:00:00Z');

export class PackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PackageError';
  }
}

export interface TeamsManifest {
  readonly $schema: string;
  readonly manifestVersion: string;
  readonly icons: { readonly color: string; readonly outline: string };
  readonly [field: string]: unknown;
}

export interface TeamsPackage {
  readonly zipPath: string;
  readonly manifest: TeamsManifest;
}

/** Reads KEY=VALUE lines; `#` starts a comment line; surrounding quotes are dropped. */
export function parseEnvFile(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const key = line.slice(0, equals).trim();
    const value = line
      .slice(equals + 1)
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2');
    values.set(key, value);
  }
  return values;
}

/** The variables of one environment: env/.env.<env>, then env/.env.<env>.user over it. */
export function readEnvironment(rootDir: string, env: string): Map<string, string> {
  if (!ENV_NAME.test(env)) {
    throw new PackageError(`"${env}" is not an environment name: use letters, digits and dashes.`);
  }
  const envDir = path.join(rootDir, 'env');
  const file = path.join(envDir, `.env.${env}`);
  if (!existsSync(file)) {
    const known = existsSync(envDir)
      ? readdirSync(envDir)
          .filter((name) => /^\.env\.[^.]+$/.test(name))
          .map((name) => name.slice('.env.'.length))
      : [];
    throw new PackageError(
      `There is no env/.env.${env}. Known environments: ${known.join(', ') || 'none'}.`,
    );
  }
  const values = parseEnvFile(readFileSync(file, 'utf8'));
  const userFile = `${file}.user`;
  if (existsSync(userFile)) {
    for (const [key, value] of parseEnvFile(readFileSync(userFile, 'utf8'))) values.set(key, value);
  }
  return values;
}

/** Every ${{VAR}} name in a template, in order of first use. */
export function listPlaceholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string))];
}

/** Fills ${{VAR}} placeholders; a variable that is missing or empty is an error naming it. */
export function fillPlaceholders(
  template: string,
  values: ReadonlyMap<string, string>,
  source: string,
  env: string,
): string {
  const missing = listPlaceholders(template).filter((name) => (values.get(name) ?? '') === '');
  if (missing.length > 0) {
    throw new PackageError(
      `${source} has no value for ${missing.join(', ')}. Set ${missing.length === 1 ? 'it' : 'them'} ` +
        `there, or run \`teamsapp provision --env ${env}\`, which writes them.`,
    );
  }
  // JSON-escape each value so a quote or backslash in it cannot break the manifest.
  return template.replace(PLACEHOLDER, (_match, name: string) =>
    JSON.stringify(values.get(name)).slice(1, -1),
  );
}

/** The bundled schema the manifest's $schema names; never fetched, so validation is offline. */
export function findBundledSchema(manifest: TeamsManifest): string {
  const match = /\/json-schemas\/teams\/(v[\d.]+)\/MicrosoftTeams\.schema\.json$/.exec(
    manifest.$schema,
  );
  if (match === null) {
    throw new PackageError(`$schema ${manifest.$schema} is not an official Teams manifest schema.`);
  }
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
  const schema = path.join(
    packageDir,
    'build/json-schemas/teams',
    match[1] as string,
    'MicrosoftTeams.schema.json',
  );
  if (!existsSync(schema)) {
    throw new PackageError(
      `@microsoft/app-manifest does not bundle the ${match[1]} schema, so it cannot be checked offline.`,
    );
  }
  return schema;
}

/** Schema errors as "path message" lines; empty when the manifest is valid. */
export async function validateManifest(manifest: TeamsManifest): Promise<string[]> {
  findBundledSchema(manifest);
  // The library's own manifest type is a union of every manifest kind; ours is checked by schema.
  type LibraryManifest = Parameters<typeof AppManifestUtils.validateAgainstSchema>[0];
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as LibraryManifest);
}

export interface BuildOptions {
  readonly rootDir: string;
  readonly env: string;
  /** Where the zip goes; appPackage/build by default. */
  readonly outDir?: string;
}

export async function buildTeamsPackage(options: BuildOptions): Promise<TeamsPackage> {
  const appPackageDir = path.join(options.rootDir, 'appPackage');
  const values = readEnvironment(options.rootDir, options.env);
  const template = readFileSync(path.join(appPackageDir, 'manifest.json'), 'utf8');
  const manifestText = fillPlaceholders(template, values, `env/.env.${options.env}`, options.env);
  const manifest = JSON.parse(manifestText) as TeamsManifest;

  const errors = await validateManifest(manifest);
  if (errors.length > 0) {
    throw new PackageError(
      `The manifest for ${options.env} does not match its schema:\n  ${errors.join('\n  ')}`,
    );
  }

  const files: Record<string, Uint8Array> = { 'manifest.json': Buffer.from(manifestText) };
  for (const icon of [manifest.icons.color, manifest.icons.outline]) {
    const iconPath = path.join(appPackageDir, icon);
    if (!existsSync(iconPath)) {
      throw new PackageError(
        `The manifest names ${icon}, which is not in appPackage/. Run npx tsx appPackage/scripts/make-icons.ts.`,
      );
    }
    files[icon] = readFileSync(iconPath);
  }

  const outDir = options.outDir ?? path.join(appPackageDir, 'build');
  mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, `appPackage.${options.env}.zip`);
  writeFileSync(zipPath, zipSync(files, { mtime: ZIP_MTIME }));
  return { zipPath, manifest };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rootDir = fileURLToPath(new URL('../..', import.meta.url));
  const env = process.argv[2] ?? DEFAULT_ENV;
  try {
    const { zipPath } = await buildTeamsPackage({ rootDir, env });
    console.log(`Wrote ${path.relative(rootDir, zipPath)}`);
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
