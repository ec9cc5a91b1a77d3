// infra/azure.bicep checked without a Bicep compiler (none installs offline): containers against
// the store's source, parameters against the parameters file, outputs against teamsapp.yml, and
// the site's app settings against the variables api/src/config.ts reads.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TAB_DIR, loadConfig } from '../../api/src/config.js';
import {
  CONTAINERS,
  DATABASE_NAME_DEFAULT,
  SECONDS_PER_DAY,
} from '../../api/src/store/containers.js';
import { computeDefaultTtlSeconds } from '../../api/src/store/document-rules.js';
import { ROOT, listConsumedVariables, readProject } from '../package/toolkit-project.js';
import {
  BICEP_PATH,
  PARAMETERS_PATH,
  readBicep,
  readConditionalKeys,
  readObjectVariable,
  readOutputs,
  readParams,
  stripComments,
} from './bicep-source.js';

const bicep = readBicep();
const code = stripComments(bicep);
const parametersFile = JSON.parse(readFileSync(PARAMETERS_PATH, 'utf8')) as {
  parameters: Record<string, { value: unknown }>;
};

describe('Cosmos DB containers', () => {
  const layoutPath = /^var storeLayout = loadJsonContent\('([^']+)'\)$/m.exec(code)?.[1];
  const layout = JSON.parse(
    readFileSync(path.resolve(path.dirname(BICEP_PATH), layoutPath ?? 'missing'), 'utf8'),
  ) as {
    database: string;
    secondsPerDay: number;
    containers: Record<string, { partitionKey: string; retention: string }>;
  };

  it('come from the same JSON file the store imports', () => {
    expect(path.resolve(path.dirname(BICEP_PATH), layoutPath ?? '')).toBe(
      path.join(ROOT, 'api/src/store/containers.json'),
    );
    const store = readFileSync(path.join(ROOT, 'api/src/store/containers.ts'), 'utf8');
    expect(store).toMatch(/^import layout from '\.\/containers\.json' with \{ type: 'json' \};$/m);
    expect(layout.containers).toEqual(CONTAINERS);
    expect(layout.database).toBe(DATABASE_NAME_DEFAULT);
    expect(layout.secondsPerDay).toBe(SECONDS_PER_DAY);
  });

  it('are made one per entry, with the partition key path the store writes', () => {
    expect(code).toMatch(/for container in items\(storeLayout\.containers\): \{/);
    expect(code).toMatch(/name: container\.key\n/);
    expect(code).toContain("paths: [ '/${container.value.partitionKey}' ]");
    expect(code).toMatch(/name: storeLayout\.database\n/);
    // No container is named by hand, so none can drift from the JSON.
    for (const name of Object.keys(CONTAINERS)) expect(code).not.toContain(`'${name}'`);
  });

  it("take their default TTL by the store's own rule", () => {
    const expression = /^\s*defaultTtl: (.+)$/m.exec(code)?.[1] ?? 'missing';
    // The Bicep expression is also valid JavaScript: evaluate it for each container and retention.
    const evaluate = new Function(
      'container',
      'retentionDays',
      'storeLayout',
      `return ${expression};`,
    ) as (
      container: { key: string; value: unknown },
      retentionDays: number,
      storeLayout: unknown,
    ) => number;
    for (const retentionDays of [0, 1, 30, 365]) {
      for (const [name, spec] of Object.entries(CONTAINERS)) {
        expect(
          evaluate({ key: name, value: spec }, retentionDays, layout),
          `${name} ${retentionDays}`,
        ).toBe(computeDefaultTtlSeconds(name as keyof typeof CONTAINERS, retentionDays));
      }
    }
  });

  it('are serverless by default, with a parameter for autoscale', () => {
    const mode = readParams(bicep).find((param) => param.name === 'cosmosCapacityMode');
    expect(mode?.allowed).toEqual(['serverless', 'autoscale']);
    expect(mode?.defaultValue).toBe("'serverless'");
    expect(code).toContain("capabilities: isServerless ? [ { name: 'EnableServerless' } ] : []");
    expect(code).toContain('autoscaleSettings: { maxThroughput: cosmosAutoscaleMaxThroughput }');
  });

  it('are reached with the managed identity and data-plane RBAC, never a key', () => {
    expect(code).toContain('disableLocalAuth: true');
    expect(code).toMatch(/'Microsoft\.DocumentDB\/databaseAccounts\/sqlRoleAssignments@[\d-]+'/);
    expect(code).toContain(
      "var cosmosDataContributorRoleId = '00000000-0000-0000-0000-000000000002'",
    );
    expect(code).toContain('principalId: identity.properties.principalId');
    expect(code).not.toMatch(/listKeys|primaryMasterKey|COSMOS_KEY/);
  });
});

describe('parameters', () => {
  const params = readParams(bicep);

  it('each have a value in azure.parameters.json or a default', () => {
    expect(params.length).toBeGreaterThanOrEqual(10);
    for (const param of params) {
      const hasValue = param.name in parametersFile.parameters;
      expect(hasValue || param.defaultValue !== null, param.name).toBe(true);
    }
  });

  it('are the only names azure.parameters.json sets', () => {
    const names = new Set(params.map((param) => param.name));
    for (const name of Object.keys(parametersFile.parameters))
      expect(names.has(name), name).toBe(true);
  });

  it('take secrets only from SECRET_ variables, and mark them @secure', () => {
    for (const [name, { value }] of Object.entries(parametersFile.parameters)) {
      const param = params.find((candidate) => candidate.name === name);
      if (typeof value === 'string' && value.includes('${{SECRET_'))
        expect(param?.isSecure, name).toBe(true);
      if (param?.isSecure) expect(value, name).toMatch(/^\$\{\{SECRET_[A-Z0-9_]+\}\}$/);
    }
  });

  it('use allowed values where a parameter restricts them', () => {
    for (const param of params.filter((candidate) => candidate.allowed !== null)) {
      const given = parametersFile.parameters[param.name]?.value;
      if (given !== undefined) expect(param.allowed, param.name).toContain(given);
    }
  });
});

describe('outputs', () => {
  const outputs = readOutputs(bicep);
  const project = readProject('teamsapp.yml');
  const consumed = new Set(
    (['provision', 'deploy', 'publish'] as const).flatMap((lifecycle) =>
      project.lifecycles[lifecycle].flatMap(listConsumedVariables),
    ),
  );

  it('are each read by teamsapp.yml or a file it renders', () => {
    expect(outputs).toEqual(['TAB_DOMAIN', 'TAB_ENDPOINT', 'API_AZURE_APP_SERVICE_RESOURCE_ID']);
    for (const output of outputs) expect(consumed.has(output), output).toBe(true);
  });

  it('are named the way arm/deploy writes them to the env file', () => {
    for (const output of outputs) expect(output).toMatch(/^[A-Z][A-Z0-9_]*$/);
    const envDev = readFileSync(path.join(ROOT, 'env/.env.dev'), 'utf8');
    for (const output of outputs) expect(envDev).toMatch(new RegExp(`^${output}=$`, 'm'));
  });
});

describe('the App Service site', () => {
  const base = readObjectVariable(bicep, 'baseSettings');
  const settingNames = [
    ...base.keys(),
    ...readConditionalKeys(bicep, 'botTenantSettings'),
    ...readConditionalKeys(bicep, 'zoomSettings'),
  ];
  // Variables App Service, its Node image or the Application Insights agent read, not the api.
  const platformSettings = new Set([
    'AZURE_CLIENT_ID',
    'APPLICATIONINSIGHTS_CONNECTION_STRING',
    'ApplicationInsightsAgent_EXTENSION_VERSION',
    'WEBSITE_RUN_FROM_PACKAGE',
    'SCM_DO_BUILD_DURING_DEPLOYMENT',
  ]);
  const configSource = readFileSync(path.join(ROOT, 'api/src/config.ts'), 'utf8');
  const configVariables = new Set(
    [...configSource.matchAll(/read\.\w+\(\s*'([A-Z_]+)'/g)].map((match) => match[1] as string),
  );

  it('runs Node 22 LTS on Linux', () => {
    expect(code).toContain("linuxFxVersion: 'NODE|22-lts'");
    expect(code).toMatch(
      /kind: 'linux'\n\s+sku: \{\n\s+name: webAppSku\n\s+\}\n\s+properties: \{\n\s+reserved: true/,
    );
    expect(code).toContain("healthCheckPath: '/api/health'");
  });

  it('sets only variables the api reads, or the platform does', () => {
    expect(configVariables.size).toBeGreaterThan(15);
    for (const name of settingNames) {
      expect(configVariables.has(name) || platformSettings.has(name), name).toBe(true);
    }
  });

  it('keeps secrets in Key Vault references, read with the managed identity', () => {
    expect(base.get('MICROSOFT_APP_PASSWORD')).toBe(
      "'${keyVaultReference}${botPasswordSecretName})'",
    );
    expect(code).toMatch(/ZOOM_CLIENT_SECRET: '\$\{keyVaultReference\}\$\{zoomSecretName\}\)'/);
    expect(code).toContain(
      "var keyVaultReference = '@Microsoft.KeyVault(VaultName=${vault.name};SecretName='",
    );
    expect(code).toContain('keyVaultReferenceIdentity: identity.id');
    expect(code).toContain(
      "var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'",
    );
    expect(code).toContain('enableRbacAuthorization: true');
  });

  it('are settings the api accepts in production', () => {
    // Values Bicep works out at deploy time, as they will look.
    const deployTimeValues: Record<string, string> = {
      PUBLIC_URL: 'https://grow1a2b3c.azurewebsites.net',
      ENTRA_CLIENT_ID: '00000000-0000-4000-8000-0000000000c1',
      ENTRA_ALLOWED_TENANTS: '00000000-0000-4000-8000-0000000000e1',
      MICROSOFT_APP_ID: '00000000-0000-4000-8000-0000000000b1',
      MICROSOFT_APP_PASSWORD: 'resolved-from-key-vault',
      MICROSOFT_APP_TENANT_ID: '00000000-0000-4000-8000-0000000000e1',
      COSMOS_ENDPOINT: 'https://grow1a2b3c-cosmos.documents.azure.com:443/',
      COSMOS_DATABASE: DATABASE_NAME_DEFAULT,
      AZURE_CLIENT_ID: '00000000-0000-4000-8000-0000000000f1',
      RETENTION_DAYS: '365',
      APPLICATIONINSIGHTS_CONNECTION_STRING:
        'InstrumentationKey=00000000-0000-0000-0000-000000000000',
      ZOOM_CLIENT_SECRET: 'resolved-from-key-vault',
      TEAMS_APP_ID: '00000000-0000-4000-8000-0000000000a1',
      // The stricter of the two: Graph transcripts need the bot registration as well.
      GRAPH_TRANSCRIPTS: 'true',
    };
    const env: Record<string, string> = {};
    for (const name of settingNames) {
      const literal = /^'([^'$]*)'$/.exec(base.get(name) ?? '');
      const value = literal?.[1] ?? deployTimeValues[name];
      expect(value, `a deploy-time example for ${name}`).toBeDefined();
      env[name] = value ?? '';
    }
    const config = loadConfig(env);
    expect(config.environment).toBe('production');
    expect(config.auth.devMode).toBe(false);
    expect(config.store).toEqual({
      kind: 'cosmos',
      endpoint: 'https://grow1a2b3c-cosmos.documents.azure.com:443',
      key: null,
      // The App Service's user-assigned identity signs in to Cosmos DB: no key anywhere.
      managedIdentityClientId: '00000000-0000-4000-8000-0000000000f1',
      database: DATABASE_NAME_DEFAULT,
      createContainers: false,
    });
    expect(config.bot?.tenantId).toBe('00000000-0000-4000-8000-0000000000e1');
    expect(config.tabDir).toBe(DEFAULT_TAB_DIR);
    expect(config.companion.teamsAppId).toBe('00000000-0000-4000-8000-0000000000a1');
    expect(config.companion.graphTranscripts).not.toBeNull();
  });
});

describe('Azure Bot', () => {
  it("points at the site's /api/messages with the bot registration and the Teams channel", () => {
    expect(code).toContain("endpoint: 'https://${site.properties.defaultHostName}/api/messages'");
    expect(code).toContain('msaAppId: botAadAppClientId');
    expect(code).toContain("channelName: 'MsTeamsChannel'");
    expect(code).toContain("kind: 'azurebot'");
  });
});
