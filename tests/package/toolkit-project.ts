// Reads teamsapp.yml / teamsapp.local.yml the way the Microsoft 365 Agents Toolkit runs them, so
// the tests can follow each ${{VAR}} from where it is written to where it is read.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { listPlaceholders, parseEnvFile } from '../../appPackage/scripts/package-teams.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ACCESS_AS_USER_SCOPE_ID = 'AAD_APP_ACCESS_AS_USER_PERMISSION_ID';
export const LIFECYCLES = ['provision', 'deploy', 'publish'] as const;
export type Lifecycle = (typeof LIFECYCLES)[number];

export interface Step {
  readonly uses: string;
  readonly name?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly writeToEnvironmentFile?: Record<string, string>;
}

export interface ToolkitProject {
  readonly file: string;
  readonly text: string;
  readonly version: string;
  readonly environmentFolderPath: string;
  readonly lifecycles: Readonly<Record<Lifecycle, readonly Step[]>>;
}

export function readProject(file: string): ToolkitProject {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const document = parse(text) as Record<string, unknown>;
  const steps = (lifecycle: Lifecycle) => (document[lifecycle] ?? []) as Step[];
  return {
    file,
    text,
    version: String(document['version']),
    environmentFolderPath: String(document['environmentFolderPath']),
    lifecycles: {
      provision: steps('provision'),
      deploy: steps('deploy'),
      publish: steps('publish'),
    },
  };
}

/**
 * The arguments each action takes, from the toolkit's v1.8 YAML schema
 * (packages/fx-core/resource/yaml-schema/v1.8/yaml.schema.json in OfficeDev/teams-toolkit):
 * `required` must all be there, and nothing outside `required` and `optional`.
 */
export const ACTION_ARGUMENTS: Readonly<
  Record<string, { readonly required: readonly string[]; readonly optional: readonly string[] }>
> = {
  'teamsApp/create': { required: ['name'], optional: [] },
  'aadApp/create': {
    required: ['name', 'generateClientSecret', 'signInAudience'],
    optional: ['serviceManagementReference', 'clientSecretExpireDays', 'clientSecretDescription'],
  },
  'aadApp/update': { required: ['manifestPath', 'outputFilePath'], optional: [] },
  'botAadApp/create': { required: ['name'], optional: [] },
  'botFramework/create': {
    required: ['botId', 'name', 'messagingEndpoint'],
    optional: ['description', 'iconUrl', 'channels'],
  },
  'arm/deploy': {
    required: ['subscriptionId', 'resourceGroupName', 'templates'],
    optional: ['bicepCliVersion'],
  },
  'teamsApp/validateManifest': { required: ['manifestPath'], optional: [] },
  'teamsApp/zipAppPackage': {
    required: ['manifestPath', 'outputZipPath', 'outputFolder'],
    optional: [],
  },
  'teamsApp/update': { required: ['appPackagePath'], optional: [] },
  'teamsApp/publishAppPackage': { required: ['appPackagePath'], optional: [] },
  'cli/runNpmCommand': { required: ['args'], optional: ['workingDirectory'] },
  'azureAppService/zipDeploy': {
    required: ['artifactFolder', 'resourceId'],
    optional: ['workingDirectory', 'ignoreFile', 'dryRun', 'outputZipFile'],
  },
  'file/createOrUpdateEnvironmentFile': { required: ['envs', 'target'], optional: [] },
};

/** The files a step reads; the toolkit fills their ${{VAR}} placeholders too. */
export function listReadFiles(step: Step): string[] {
  const args = step.with ?? {};
  const files: string[] = [];
  if (typeof args['manifestPath'] === 'string') files.push(args['manifestPath']);
  if (typeof args['ignoreFile'] === 'string') files.push(args['ignoreFile']);
  const templates = (args['templates'] ?? []) as { path?: string; parameters?: string }[];
  for (const template of templates) {
    if (template.path !== undefined) files.push(template.path);
    if (template.parameters !== undefined) files.push(template.parameters);
  }
  return files;
}

/** Placeholders a step uses: in its own arguments and in the files it renders. */
export function listConsumedVariables(step: Step): string[] {
  const own = listPlaceholders(JSON.stringify([step.with ?? {}, step.env ?? {}]));
  const rendered = listReadFiles(step)
    .filter((file) => /\.json$/.test(file))
    .flatMap((file) => listPlaceholders(readFileSync(path.join(ROOT, file), 'utf8')));
  return [...new Set([...own, ...rendered])];
}

/**
 * Variables a step writes to the env file: `writeToEnvironmentFile`, the outputs of the Bicep
 * templates arm/deploy runs (upper-case names are kept as they are), and the scope id
 * aadApp/update generates when the Entra manifest uses it.
 */
export function listProducedVariables(
  step: Step,
  readOutputs: (bicep: string) => string[],
): string[] {
  const produced = Object.values(step.writeToEnvironmentFile ?? {});
  if (step.uses === 'arm/deploy') {
    for (const file of listReadFiles(step).filter((f) => f.endsWith('.bicep'))) {
      produced.push(...readOutputs(readFileSync(path.join(ROOT, file), 'utf8')));
    }
  }
  if (step.uses === 'aadApp/update') produced.push(ACCESS_AS_USER_SCOPE_ID);
  return produced;
}

export interface EnvTemplate {
  /** Every key the committed template lists, with its value ('' when provision fills it). */
  readonly values: ReadonlyMap<string, string>;
}

/** env/.env.<env> plus, for secrets, env/.env.<env>.user.example when it exists. */
export function readEnvTemplate(environmentFolderPath: string, env: string): EnvTemplate {
  const values = new Map<string, string>();
  for (const file of [`.env.${env}`, `.env.${env}.user.example`]) {
    const full = path.join(ROOT, environmentFolderPath, file);
    if (!existsSync(full)) continue;
    for (const [key, value] of parseEnvFile(readFileSync(full, 'utf8'))) values.set(key, value);
  }
  return { values };
}

export interface FlowProblem {
  readonly lifecycle: Lifecycle;
  readonly step: string;
  readonly variable: string;
  readonly problem: string;
}

/**
 * Walks the lifecycles in the order the toolkit runs them. A variable a step uses must be written
 * by an earlier step, or set in the env template, or be an input the template lists and no step
 * writes (subscription, resource group, a secret the person provides). A variable some step
 * writes but that is used before it, with no value in the template, is a problem.
 */
export function checkVariableFlow(
  project: ToolkitProject,
  template: EnvTemplate,
  readOutputs: (bicep: string) => string[],
): FlowProblem[] {
  const all = LIFECYCLES.flatMap((lifecycle) => project.lifecycles[lifecycle]);
  const writtenAnywhere = new Set(all.flatMap((step) => listProducedVariables(step, readOutputs)));
  const written = new Set<string>();
  const problems: FlowProblem[] = [];
  for (const lifecycle of LIFECYCLES) {
    for (const step of project.lifecycles[lifecycle]) {
      // aadApp/update makes up the scope id when it is empty, before it renders the manifest.
      if (step.uses === 'aadApp/update') written.add(ACCESS_AS_USER_SCOPE_ID);
      for (const variable of listConsumedVariables(step)) {
        const templateValue = template.values.get(variable);
        const isInput = templateValue !== undefined && !writtenAnywhere.has(variable);
        if (written.has(variable) || (templateValue ?? '') !== '' || isInput) continue;
        problems.push({
          lifecycle,
          step: step.name ?? step.uses,
          variable,
          problem: writtenAnywhere.has(variable)
            ? 'is used before the step that writes it'
            : 'is written by no step and is not in the env template',
        });
      }
      for (const variable of listProducedVariables(step, readOutputs)) written.add(variable);
    }
  }
  return problems;
}
