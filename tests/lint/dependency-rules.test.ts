import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORE_ALLOWED_PACKAGES } from '../../eslint.config.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** Lints `code` as if it were the file at `filePath`, and returns the ids of the rules that fired. */
async function firedRules(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`);
  const fatal = result.messages.find((message) => message.fatal);
  if (fatal) throw new Error(`${filePath} did not parse: ${fatal.message}`);
  return result.messages.map((message) => message.ruleId ?? 'unknown');
}

describe('core stays pure', () => {
  it('rejects the fixture that imports @azure/cosmos from core', async () => {
    const fixture = await readFile(`${root}/tests/lint/fixtures/core-imports-cosmos.ts`, 'utf8');
    expect(await firedRules('core/src/store-leak.ts', fixture)).toContain('no-restricted-imports');
  });

  it.each([
    ["import nlp from 'compromise';\nexport const n = nlp;", 'no-restricted-imports'],
    ["import { readFile } from 'node:fs';\nexport const r = readFile;", 'no-restricted-imports'],
    ["import fs from 'fs';\nexport const r = fs;", 'no-restricted-imports'],
    ["import { App } from 'botbuilder';\nexport const a = App;", 'no-restricted-imports'],
    ["import { app } from '@grow-together/api';\nexport const a = app;", 'no-restricted-imports'],
    ["export const load = () => fetch('https://example.com');", 'no-restricted-globals'],
    ['export const stamp = () => Date.now();', 'no-restricted-properties'],
    ['export const roll = () => Math.random();', 'no-restricted-properties'],
    ['export const today = () => new Date();', 'no-restricted-syntax'],
    ['export const later = (f: () => void) => setTimeout(f, 10);', 'no-restricted-globals'],
  ])('rejects %s', async (code, rule) => {
    expect(await firedRules('core/src/feature/bad.ts', code)).toContain(rule);
  });

  it('accepts relative imports, the allowed pure libraries and a clock passed in', async () => {
    const code = [
      "import { unified } from 'unified';",
      "import retextEnglish from 'retext-english';",
      "import type { EpochMs } from '../units.js';",
      'export const at = (now: EpochMs) => new Date(now).toISOString();',
      'export const parse = () => unified().use(retextEnglish);',
    ].join('\n');
    expect(await firedRules('core/src/feature/good.ts', code)).toEqual([]);
  });

  it("lists only allowed pure libraries in core's package.json", async () => {
    const manifest = JSON.parse(await readFile(`${root}/core/package.json`, 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const dependencies = Object.keys(manifest.dependencies ?? {});
    expect(dependencies.filter((name) => !CORE_ALLOWED_PACKAGES.includes(name))).toEqual([]);
  });
});

describe('dependencies point one way: tab → core, bot → core, api → bot → core', () => {
  it('lets the tab import types, and only types, from the api', async () => {
    expect(
      await firedRules(
        'tab/src/api-client.ts',
        "import type { Session } from '@grow-together/api';\nexport type S = Session;",
      ),
    ).toEqual([]);
    expect(
      await firedRules(
        'tab/src/api-client.ts',
        "import { buildApp } from '@grow-together/api';\nexport const b = buildApp;",
      ),
    ).toContain('no-restricted-imports');
  });

  it.each([
    ['tab/src/view.ts', "import { bot } from '@grow-together/bot';\nexport const b = bot;"],
    [
      'tab/src/view.ts',
      "import { CosmosClient } from '@azure/cosmos';\nexport const c = CosmosClient;",
    ],
    [
      'bot/src/handlers.ts',
      "import { buildApp } from '@grow-together/api';\nexport const b = buildApp;",
    ],
    [
      'bot/src/handlers.ts',
      "import { CosmosClient } from '@azure/cosmos';\nexport const c = CosmosClient;",
    ],
    [
      'api/src/routes/sessions.ts',
      "import { CosmosClient } from '@azure/cosmos';\nexport const c = CosmosClient;",
    ],
    [
      'api/src/routes/sessions.ts',
      "import { Panel } from '@grow-together/tab';\nexport const p = Panel;",
    ],
    [
      'api/src/routes/sessions.ts',
      "import { x } from '@grow-together/core/src/units.js';\nexport const y = x;",
    ],
  ])('rejects %s importing across the line', async (filePath, code) => {
    expect(await firedRules(filePath, code)).toContain('no-restricted-imports');
  });

  it('lets the Cosmos store adapter, and only it, import @azure/cosmos', async () => {
    const code = "import { CosmosClient } from '@azure/cosmos';\nexport const c = CosmosClient;";
    expect(await firedRules('api/src/store/cosmos/cosmos-store.ts', code)).toEqual([]);
  });

  it('lets only the config module read process.env', async () => {
    const code = 'export const port = process.env.PORT;';
    expect(await firedRules('api/src/server.ts', code)).toContain('no-restricted-properties');
    expect(await firedRules('bot/src/bot.ts', code)).toContain('no-restricted-properties');
    expect(await firedRules('api/src/config.ts', code)).toEqual([]);
  });
});
