// The Teams app package as `npm run package:teams` builds it: a zip of exactly three files whose
// manifest passes the official schema (offline, the newest one bundled), keeps every URL inside
// validDomains, and asks for the meeting surfaces, bot scopes and RSC permissions the app uses.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { readPage } from '../../tab/src/app/route.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTeamsPackage,
  fillPlaceholders,
  listPlaceholders,
  parseEnvFile,
  validateManifest,
  type TeamsManifest,
} from '../../appPackage/scripts/package-teams.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

interface Manifest extends TeamsManifest {
  readonly id: string;
  readonly validDomains: readonly string[];
  readonly description: { readonly short: string; readonly full: string };
  readonly configurableTabs: readonly {
    readonly configurationUrl: string;
    readonly scopes: readonly string[];
    readonly context: readonly string[];
  }[];
  readonly bots: readonly { readonly botId: string; readonly scopes: readonly string[] }[];
  readonly webApplicationInfo: { readonly id: string; readonly resource: string };
  readonly authorization: {
    readonly permissions: {
      readonly resourceSpecific: readonly { readonly name: string; readonly type: string }[];
    };
  };
}

/** Every string in a JSON value, with its path. */
function* walkStrings(value: unknown, at = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [at, value];
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* walkStrings(item, `${at}/${i}`);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) yield* walkStrings(item, `${at}/${key}`);
  }
}

function isInValidDomains(host: string, validDomains: readonly string[]): boolean {
  return validDomains.some((domain) =>
    domain.startsWith('*.') ? host.endsWith(domain.slice(1)) : host === domain,
  );
}

/** A throwaway repo root: the real appPackage files and an env file written by the test. */
function makeRoot(envs: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'grow-package-'));
  mkdirSync(path.join(root, 'appPackage'));
  mkdirSync(path.join(root, 'env'));
  for (const file of ['manifest.json', 'color.png', 'outline.png']) {
    copyFileSync(path.join(ROOT, 'appPackage', file), path.join(root, 'appPackage', file));
  }
  for (const [name, text] of Object.entries(envs))
    writeFileSync(path.join(root, 'env', name), text);
  return root;
}

const localEnv = readFileSync(path.join(ROOT, 'env/.env.local'), 'utf8');

describe('npm run package:teams', () => {
  let outDir: string;
  let files: Record<string, Uint8Array>;
  let manifest: Manifest;

  beforeAll(async () => {
    outDir = mkdtempSync(path.join(tmpdir(), 'grow-package-out-'));
    const built = await buildTeamsPackage({ rootDir: ROOT, env: 'local', outDir });
    files = unzipSync(readFileSync(built.zipPath));
    manifest = JSON.parse(Buffer.from(files['manifest.json'] ?? []).toString('utf8')) as Manifest;
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('packages the committed local env by default, from the root script, on a fresh clone', async () => {
    await run('npm', ['run', '--silent', 'package:teams'], { cwd: ROOT });
    const zip = unzipSync(readFileSync(path.join(ROOT, 'appPackage/build/appPackage.local.zip')));
    expect(Object.keys(zip).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
  });

  it('writes a zip of exactly the manifest and the two icons it names', () => {
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(
      Buffer.from(files['color.png'] ?? []).equals(readFileSync(`${ROOT}appPackage/color.png`)),
    ).toBe(true);
  });

  it('fills every placeholder from env/.env.local', () => {
    const text = Buffer.from(files['manifest.json'] ?? []).toString('utf8');
    expect(text).not.toContain('${{');
    const values = parseEnvFile(localEnv);
    expect(manifest.id).toBe(values.get('TEAMS_APP_ID'));
    expect(manifest.bots[0]?.botId).toBe(values.get('BOT_ID'));
    expect(manifest.webApplicationInfo.id).toBe(values.get('AAD_APP_CLIENT_ID'));
  });

  it('passes the official schema, checked offline', async () => {
    expect(await validateManifest(manifest)).toEqual([]);
  });

  it('uses the newest manifest schema @microsoft/app-manifest bundles', () => {
    const require = createRequire(import.meta.url);
    const schemas = path.join(
      path.dirname(require.resolve('@microsoft/app-manifest/package.json')),
      'build/json-schemas/teams',
    );
    const versions = readdirSync(schemas)
      .filter((name) => /^v\d+\.\d+$/.test(name))
      .map((name) => name.slice(1).split('.').map(Number) as [number, number])
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const newest = versions.at(-1)?.join('.');
    expect(manifest.manifestVersion).toBe(newest);
    expect(manifest.$schema).toContain(`/v${newest}/MicrosoftTeams.schema.json`);
  });

  it('keeps every URL and the SSO resource inside validDomains', () => {
    const urls = [...walkStrings(manifest)].filter(([, value]) => /^(https?|api):\/\//.test(value));
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const [at, value] of urls) {
      if (at === '/$schema') continue;
      const host = new URL(value.replace(/^api:/, 'https:')).host;
      expect(isInValidDomains(host, manifest.validDomains), `${at} ${value}`).toBe(true);
    }
    expect(manifest.webApplicationInfo.resource).toBe(
      `api://${manifest.validDomains[0]}/${manifest.webApplicationInfo.id}`,
    );
  });

  it('offers the tab in every meeting surface, the bot in every scope', () => {
    const [tab] = manifest.configurableTabs;
    expect(tab?.context).toEqual(
      expect.arrayContaining([
        'meetingSidePanel',
        'meetingStage',
        'meetingChatTab',
        'meetingDetailsTab',
      ]),
    );
    expect([...(tab?.scopes ?? [])].sort()).toEqual(['groupChat', 'team']);
    expect([...(manifest.bots[0]?.scopes ?? [])].sort()).toEqual(['groupChat', 'personal', 'team']);
  });

  it('opens the configuration page on the Teams host, as the panel reads its URL', () => {
    const url = new URL(manifest.configurableTabs[0]?.configurationUrl ?? '');
    // tab/src/host/detect-host.ts: `?host=teams` picks the Teams adapter without guessing.
    expect(url.searchParams.get('host')).toBe('teams');
    // Outside the settings frame (a browser preview) the URL alone must still say "config".
    expect(readPage(url.search, 'browser')).toBe('config');
    expect(readPage(url.search, 'settings')).toBe('config');
  });

  it('asks for the meeting RSC permissions, each with its type, for chat and channel meetings', () => {
    // Names and types from learn.microsoft.com, "Resource-specific consent for your Teams app".
    expect(manifest.authorization.permissions.resourceSpecific).toEqual([
      { name: 'OnlineMeeting.ReadBasic.Chat', type: 'Application' },
      { name: 'OnlineMeetingParticipant.Read.Chat', type: 'Application' },
      { name: 'OnlineMeetingTranscript.Read.Chat', type: 'Application' },
      { name: 'OnlineMeetingIncomingAudio.Detect.Chat', type: 'Delegated' },
      { name: 'MeetingStage.Write.Chat', type: 'Delegated' },
      { name: 'ChannelMeeting.ReadBasic.Group', type: 'Application' },
      { name: 'ChannelMeetingParticipant.Read.Group', type: 'Application' },
      { name: 'ChannelMeetingTranscript.Read.Group', type: 'Application' },
      { name: 'ChannelMeetingIncomingAudio.Detect.Group', type: 'Delegated' },
      { name: 'ChannelMeetingStage.Write.Group', type: 'Delegated' },
    ]);
  });

  it('says plainly what is measured and who sees it', () => {
    expect(manifest.description.full).toMatch(/What is measured:/);
    expect(manifest.description.full).toMatch(/Who sees it:/);
    expect(manifest.description.full).toMatch(/opt out/);
    expect(manifest.description.short).toMatch(/airtime/);
  });
});

describe('packaging refuses what Teams would refuse', () => {
  const roots: string[] = [];
  const packageIn = (envs: Record<string, string>, env: string) => {
    const root = makeRoot(envs);
    roots.push(root);
    return buildTeamsPackage({ rootDir: root, env });
  };
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('names the variables an env does not set', async () => {
    const partial = localEnv.replace(/^BOT_ID=.*$/m, 'BOT_ID=').replace(/^TAB_DOMAIN=.*$/m, '');
    await expect(packageIn({ '.env.try': partial }, 'try')).rejects.toThrow(
      /env\/\.env\.try has no value for BOT_ID, TAB_DOMAIN.*teamsapp provision --env try/,
    );
  });

  it('lists the known environments when asked for another', async () => {
    await expect(packageIn({ '.env.local': localEnv }, 'prod')).rejects.toThrow(
      'There is no env/.env.prod. Known environments: local.',
    );
  });

  it('fails schema validation for a bad value, with the field named', async () => {
    const badId = localEnv.replace(/^TEAMS_APP_ID=.*$/m, 'TEAMS_APP_ID=not-a-guid');
    await expect(packageIn({ '.env.bad': badId }, 'bad')).rejects.toThrow(
      /does not match its schema:[\s\S]*\/id must match pattern/,
    );
  });

  it('lets env/.env.<env>.user override the committed values, as the toolkit does', async () => {
    const built = await packageIn(
      { '.env.mine': localEnv, '.env.mine.user': 'TAB_DOMAIN=mine.example.org\n' },
      'mine',
    );
    expect(built.manifest['validDomains']).toEqual(['mine.example.org']);
  });

  it('escapes a value so it cannot break the JSON', () => {
    const filled = fillPlaceholders(
      '{"name":"${{NAME}}"}',
      new Map([['NAME', 'a "quoted" \\ name']]),
      'x',
      'x',
    );
    expect(JSON.parse(filled)).toEqual({ name: 'a "quoted" \\ name' });
    expect(listPlaceholders('${{A}} ${{ B }} ${{A}}')).toEqual(['A', 'B']);
  });
});
