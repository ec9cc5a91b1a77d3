// teamsapp.yml and teamsapp.local.yml, read as the Agents Toolkit reads them: the schema header,
// the actions and their argument names, the files they point at, and every ${{VAR}} traced to
// the step or env template that provides it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOutputs } from '../infra/bicep-source.js';
import {
  ACTION_ARGUMENTS,
  LIFECYCLES,
  ROOT,
  checkVariableFlow,
  listConsumedVariables,
  listProducedVariables,
  listReadFiles,
  readEnvTemplate,
  readProject,
  type ToolkitProject,
} from './toolkit-project.js';

const PROJECTS = [
  { file: 'teamsapp.yml', env: 'dev' },
  { file: 'teamsapp.local.yml', env: 'local' },
] as const;

const stepsOf = (project: ToolkitProject) =>
  LIFECYCLES.flatMap((lifecycle) => project.lifecycles[lifecycle]);

describe.each(PROJECTS)('$file', ({ file, env }) => {
  const project = readProject(file);
  const template = readEnvTemplate(project.environmentFolderPath, env);

  it('declares its schema version in the header the toolkit and editors read', () => {
    const [firstLine] = project.text.split('\n');
    expect(firstLine).toBe(
      `# yaml-language-server: $schema=https://aka.ms/teams-toolkit/${project.version}/yaml.schema.json`,
    );
    expect(project.version).toMatch(/^v1\.\d+$/);
    expect(project.environmentFolderPath).toBe('./env');
    expect(existsSync(path.join(ROOT, 'env', `.env.${env}`))).toBe(true);
  });

  it('uses only known actions, each with the arguments the toolkit schema allows', () => {
    for (const step of stepsOf(project)) {
      const spec = ACTION_ARGUMENTS[step.uses];
      expect(spec, `${step.uses} is not an action this test knows`).toBeDefined();
      const given = Object.keys(step.with ?? {});
      expect(given, step.uses).toEqual(expect.arrayContaining([...(spec?.required ?? [])]));
      for (const argument of given) {
        expect(
          [...(spec?.required ?? []), ...(spec?.optional ?? [])],
          `${step.uses}.${argument}`,
        ).toContain(argument);
      }
      for (const variable of Object.values(step.writeToEnvironmentFile ?? {})) {
        expect(variable).toMatch(/^[A-Z][A-Z0-9_]*$/);
      }
    }
  });

  it('points only at files that exist', () => {
    const files = stepsOf(project).flatMap(listReadFiles);
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const relative of files)
      expect(existsSync(path.join(ROOT, relative)), relative).toBe(true);
  });

  it('keeps secrets in SECRET_ variables, which the toolkit writes to the git-ignored .user file', () => {
    for (const step of stepsOf(project)) {
      for (const [output, variable] of Object.entries(step.writeToEnvironmentFile ?? {})) {
        if (/secret|password/i.test(output)) expect(variable).toMatch(/^SECRET_/);
      }
    }
    const committed = readFileSync(path.join(ROOT, 'env', `.env.${env}`), 'utf8');
    expect(committed).not.toMatch(/^SECRET_/m);
    expect(readFileSync(path.join(ROOT, '.gitignore'), 'utf8')).toMatch(/^env\/\.env\.\*\.user$/m);
  });

  it('gets every ${{VAR}} from an earlier step or the env template', () => {
    expect(checkVariableFlow(project, template, readOutputs)).toEqual([]);
  });

  it('lists in the env template only variables that some step or file uses or writes', () => {
    const steps = stepsOf(project);
    const used = new Set([
      ...steps.flatMap(listConsumedVariables),
      ...steps.flatMap((step) => listProducedVariables(step, readOutputs)),
      'TEAMSFX_ENV',
    ]);
    const stale = [...template.values.keys()].filter((key) => !used.has(key));
    expect(stale).toEqual([]);
  });
});

describe('teamsapp.yml', () => {
  const project = readProject('teamsapp.yml');
  const uses = (lifecycle: 'provision' | 'deploy' | 'publish') =>
    project.lifecycles[lifecycle].map((step) => step.uses);

  it('provisions the Teams app, the SSO and bot registrations and Azure, then packages', () => {
    expect(uses('provision')).toEqual([
      'teamsApp/create',
      'aadApp/create',
      'botAadApp/create',
      'arm/deploy',
      'aadApp/update',
      'teamsApp/validateManifest',
      'teamsApp/zipAppPackage',
      'teamsApp/update',
    ]);
    const arm = project.lifecycles.provision.find((step) => step.uses === 'arm/deploy');
    expect(arm?.with?.['templates']).toEqual([
      expect.objectContaining({
        path: './infra/azure.bicep',
        parameters: './infra/azure.parameters.json',
      }),
    ]);
  });

  it('builds with npm and zip-deploys the one site that runs everything', () => {
    expect(uses('deploy')).toEqual([
      'cli/runNpmCommand',
      'cli/runNpmCommand',
      'azureAppService/zipDeploy',
    ]);
    const zipDeploy = project.lifecycles.deploy.at(-1);
    expect(zipDeploy?.with?.['resourceId']).toBe('${{API_AZURE_APP_SERVICE_RESOURCE_ID}}');
  });

  it('publishes the same package to the Teams admin center', () => {
    expect(uses('publish')).toContain('teamsApp/publishAppPackage');
  });
});

describe('the variable check', () => {
  // The check has to be able to fail: a synthetic project that reads a variable too early.
  it('reports a variable used before the step that writes it', () => {
    const project = readProject('teamsapp.yml');
    const early: ToolkitProject = {
      ...project,
      lifecycles: {
        ...project.lifecycles,
        provision: [
          { uses: 'teamsApp/update', with: { appPackagePath: './x-${{TEAMS_APP_ID}}.zip' } },
          ...project.lifecycles.provision,
          { uses: 'teamsApp/create', with: { name: '${{NOT_ANYWHERE}}' } },
        ],
      },
    };
    const template = readEnvTemplate('./env', 'dev');
    expect(checkVariableFlow(early, template, readOutputs)).toEqual([
      expect.objectContaining({
        variable: 'TEAMS_APP_ID',
        problem: 'is used before the step that writes it',
      }),
      expect.objectContaining({
        variable: 'NOT_ANYWHERE',
        problem: 'is written by no step and is not in the env template',
      }),
    ]);
  });
});

describe('aad.manifest.json', () => {
  const manifest = JSON.parse(readFileSync(path.join(ROOT, 'aad.manifest.json'), 'utf8')) as {
    oauth2Permissions: { value: string; id: string; type: string }[];
    preAuthorizedApplications: { appId: string; permissionIds: string[] }[];
    identifierUris: string[];
  };

  it('exposes access_as_user, the scope the server requires', () => {
    const config = readFileSync(path.join(ROOT, 'api/src/config.ts'), 'utf8');
    expect(config).toContain("read.text('ENTRA_REQUIRED_SCOPE', 'access_as_user')");
    expect(manifest.oauth2Permissions).toEqual([
      expect.objectContaining({
        value: 'access_as_user',
        type: 'User',
        id: '${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}',
      }),
    ]);
  });

  it('pre-authorises the Teams desktop, mobile and web clients for that scope', () => {
    const teamsClients = [
      '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
      '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
    ];
    for (const appId of teamsClients) {
      expect(manifest.preAuthorizedApplications).toContainEqual({
        appId,
        permissionIds: ['${{AAD_APP_ACCESS_AS_USER_PERMISSION_ID}}'],
      });
    }
  });

  it('uses the application id URI the server accepts as audience and the manifest names', () => {
    expect(manifest.identifierUris).toEqual(['api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}']);
    const teams = readFileSync(path.join(ROOT, 'appPackage/manifest.json'), 'utf8');
    expect(teams).toContain('"resource": "api://${{TAB_DOMAIN}}/${{AAD_APP_CLIENT_ID}}"');
  });
});
