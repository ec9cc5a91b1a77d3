// The dependency rules of shared/DESIGN.md, enforced. `tests/lint/dependency-rules.test.ts` proves
// that each boundary below fires, so a loosened rule fails the test run.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Packages `core` may import: pure computation only (a wording checker, an NLP model).
export const CORE_ALLOWED_PACKAGES = ['unified', 'retext-english', 'retext-equality'];

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const coreAllowed = CORE_ALLOWED_PACKAGES.map(escapeRegex).join('|');

const noProcessEnv = {
  object: 'process',
  property: 'env',
  message: 'Read configuration through api/src/config.ts, the only module that reads process.env.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/build/**',
      'coverage/**',
      'tests/artifacts/**',
      'tests/lint/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.es2023 } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-empty': ['error', { allowEmptyCatch: false }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['api/**', 'bot/**', 'tests/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['tab/**'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // core: the domain. Relative imports and the allow-listed pure libraries only; no clock, no
  // randomness, no network. Time and ids are arguments.
  {
    files: ['core/src/**/*.ts'],
    ignores: ['core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(?!\\.{1,2}/|(?:${coreAllowed})(?:/|$))`,
              message:
                'core imports only relative modules and the pure libraries allowed in eslint.config.js (no framework, SDK, Node built-in or I/O).',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...['fetch', 'XMLHttpRequest', 'WebSocket', 'setTimeout', 'setInterval', 'setImmediate']
          .concat(['process', 'require', 'performance', 'crypto', 'localStorage', 'indexedDB'])
          .map((name) => ({
            name,
            message: `core is pure: ${name} is I/O, a clock or a host API. Pass what you need in as an argument.`,
          })),
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'core reads no clock: take `now` as an argument.',
        },
        {
          object: 'Math',
          property: 'random',
          message: 'core is deterministic: take ids or a seed as arguments.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'core reads no clock: `new Date()` without an argument reads the time.',
        },
        {
          selector: 'ImportExpression',
          message: 'core loads no modules at run time.',
        },
      ],
    },
  },
  {
    files: ['core/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?:node:|@grow-together/(?!core$))',
              message: 'core tests stay pure: no Node built-ins, no other workspaces.',
            },
          ],
        },
      ],
    },
  },

  // tab → core only; it may `import type` the api's request and response schemas.
  {
    files: ['tab/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@grow-together/api', '@grow-together/api/*'],
              allowTypeImports: true,
              message: 'The tab talks to the api over HTTP; it may only `import type` its schemas.',
            },
            {
              regex: '^(?:@grow-together/bot|@azure/cosmos|botbuilder|@microsoft/teams-ai|node:)',
              message: 'The tab depends on core only (and host SDKs); no bot, store or Node code.',
            },
          ],
        },
      ],
      'no-restricted-properties': ['error', noProcessEnv],
    },
  },

  // bot → core only; the api implements the port the bot declares.
  {
    files: ['bot/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?:@grow-together/(?:api|tab)|@azure/cosmos)(?:/|$)',
              message: 'The bot depends on core only; declare a port and let the api implement it.',
            },
          ],
        },
      ],
      'no-restricted-properties': ['error', noProcessEnv],
    },
  },

  // api → bot → core; only the Cosmos adapter imports @azure/cosmos; only config reads process.env.
  {
    files: ['api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@grow-together/tab(?:/|$)',
              message:
                'The api serves the built tab from a configured folder; it never imports it.',
            },
            {
              regex: '^@azure/cosmos(?:/|$)',
              message:
                'Only the Cosmos store adapter (api/src/store/cosmos/) imports @azure/cosmos.',
            },
            {
              regex: '^@grow-together/[a-z-]+/.+',
              message: 'Import a workspace through its package entry, not its internals.',
            },
          ],
        },
      ],
      'no-restricted-properties': ['error', noProcessEnv],
    },
  },
  {
    files: ['api/src/store/cosmos/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^@grow-together/tab(?:/|$)', message: 'The api never imports the tab.' },
          ],
        },
      ],
    },
  },
  {
    files: ['api/src/config.ts', 'api/scripts/**', 'tests/**', '**/*.test.ts', '*.config.*'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
