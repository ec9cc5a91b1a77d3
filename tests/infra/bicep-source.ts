// Reads the parts of infra/azure.bicep that can be checked without a Bicep compiler (none can be
// installed offline): parameters with their defaults and decorators, outputs, and object-literal
// variables such as the app settings.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BICEP_PATH = fileURLToPath(new URL('../../infra/azure.bicep', import.meta.url));
export const PARAMETERS_PATH = fileURLToPath(
  new URL('../../infra/azure.parameters.json', import.meta.url),
);

export interface BicepParam {
  readonly name: string;
  readonly type: string;
  readonly defaultValue: string | null;
  readonly isSecure: boolean;
  readonly allowed: readonly string[] | null;
}

export function readBicep(): string {
  return readFileSync(BICEP_PATH, 'utf8');
}

/** Drops `//` comments (outside strings) so they cannot fake a match. */
export function stripComments(source: string): string {
  return source
    .split('\n')
    .map((line) => {
      let inString = false;
      for (let i = 0; i < line.length; i += 1) {
        const char = line[i];
        if (char === '\\' && inString) i += 1;
        else if (char === "'") inString = !inString;
        else if (!inString && char === '/' && line[i + 1] === '/') return line.slice(0, i);
      }
      return line;
    })
    .join('\n');
}

export function readParams(source: string): BicepParam[] {
  const lines = stripComments(source).split('\n');
  const params: BicepParam[] = [];
  let decorators: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').trim();
    if (line.startsWith('@')) {
      // A decorator may span lines (@allowed([...])); gather it up to its closing bracket.
      let decorator = line;
      while (decorator.includes('([') && !decorator.includes('])') && i + 1 < lines.length) {
        i += 1;
        decorator += ` ${(lines[i] ?? '').trim()}`;
      }
      decorators.push(decorator);
      continue;
    }
    const match = /^param (\w+) (\w+)(?: = (.+))?$/.exec(line);
    if (match !== null) {
      const allowed = decorators.find((d) => d.startsWith('@allowed('));
      params.push({
        name: match[1] as string,
        type: match[2] as string,
        defaultValue: match[3] ?? null,
        isSecure: decorators.some((d) => d.startsWith('@secure(')),
        allowed:
          allowed === undefined
            ? null
            : [...allowed.matchAll(/'([^']*)'/g)].map((m) => m[1] as string),
      });
    }
    if (line !== '') decorators = [];
  }
  return params;
}

export function readOutputs(source: string): string[] {
  return [...stripComments(source).matchAll(/^output (\w+) \w+ =/gm)].map((m) => m[1] as string);
}

/** The `key: value` lines of `var <name> = { ... }` (one level, one line each). */
export function readObjectVariable(source: string, name: string): Map<string, string> {
  const text = stripComments(source);
  const start = text.search(new RegExp(`^var ${name} = \\{$`, 'm'));
  if (start < 0) throw new Error(`infra/azure.bicep has no multi-line object variable ${name}.`);
  const body = text.slice(start).split('\n').slice(1);
  const entries = new Map<string, string>();
  for (const line of body) {
    if (line.trim() === '}') break;
    const match = /^\s*(\w+): (.+)$/.exec(line);
    if (match !== null) entries.set(match[1] as string, (match[2] as string).trim());
  }
  return entries;
}

/** Every key of single-line object literals in `var <name> = cond ? { KEY: ... } : {}`. */
export function readConditionalKeys(source: string, name: string): string[] {
  const match = new RegExp(`^var ${name} = .+$`, 'm').exec(stripComments(source));
  if (match === null) throw new Error(`infra/azure.bicep has no variable ${name}.`);
  return [...match[0].matchAll(/\{ (\w+):/g)].map((m) => m[1] as string);
}
