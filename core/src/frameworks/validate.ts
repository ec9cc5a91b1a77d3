// Checks a framework a circle has edited before it is used. The api hands us whatever JSON a person
// sent, so the input is `unknown`: every problem becomes an issue with a path and a message the
// person can act on, and nothing here throws. What passes comes back rebuilt from the checked
// fields (trimmed, unknown fields dropped), so the caller never keeps a value it did not validate.
import { ACTION_LEARNING_ROLES, COACHING_ROLES, ROLES } from '../roles/model.js';
import type { Role } from '../roles/model.js';
import { MINUTE_MS, SECOND_MS } from '../units.js';
import type { DurationMs } from '../units.js';
import {
  MAX_FRAMEWORK_TOTAL_MS,
  MAX_PROMPT_LENGTH,
  MAX_STAGE_TIMEBOX_MS,
  GROUP_SIZE_LIMITS,
  MIN_STAGE_TIMEBOX_MS,
} from './limits.js';
import type {
  Framework,
  FrameworkKind,
  Stage,
  StageKind,
  StagePrompts,
  StageRules,
} from './model.js';
import { checkWording } from './wording.js';

export type FrameworkIssueCode =
  | 'INVALID_FIELD'
  | 'EMPTY_NAME'
  | 'EMPTY_PURPOSE'
  | 'INVALID_PEOPLE_RANGE'
  | 'NO_STAGES'
  | 'DUPLICATE_STAGE_ID'
  | 'UNKNOWN_STAGE'
  | 'NO_PROMPTS'
  | 'EMPTY_PROMPT'
  | 'PROMPT_TOO_LONG'
  | 'UNKNOWN_PROMPT_ROLE'
  | 'UNKNOWN_RULE'
  | 'TIMEBOX_OUT_OF_RANGE'
  | 'TOTAL_TOO_LONG'
  | 'MISSING_CONSENT_ALTERNATIVE'
  | 'MISSING_OPENING_STAGE'
  | 'MISSING_CLOSING_STAGE'
  | 'MISPLACED_STAGE_KIND'
  | 'EXCLUSIONARY_WORDING';

export interface FrameworkIssue {
  readonly code: FrameworkIssueCode;
  /** Where the problem is, e.g. `stages[2].timeboxMs` or `stages[0].prompts.coach[1]`; `''` is the whole framework. */
  readonly path: string;
  readonly message: string;
}

export type FrameworkValidation =
  | { readonly ok: true; readonly framework: Framework }
  | { readonly ok: false; readonly errors: readonly FrameworkIssue[] };

export interface ValidateFrameworkOptions {
  /** The wording check is on by default; `'skip'` is for callers that only need the structure. */
  readonly wording?: 'check' | 'skip';
}

const FRAMEWORK_KINDS: readonly FrameworkKind[] = ['coaching', 'action-learning'];
const STAGE_KINDS: readonly StageKind[] = ['opening', 'closing'];
const BOOLEAN_RULES = [
  'questionsOnly',
  'observationsNotInterpretations',
  'askBeforeAdvising',
] as const;

const AUDIENCES_BY_KIND: Readonly<Record<FrameworkKind, readonly (Role | 'everyone')[]>> = {
  coaching: ['everyone', ...COACHING_ROLES],
  'action-learning': ['everyone', ...ACTION_LEARNING_ROLES],
};

type Issues = FrameworkIssue[];

export function validateFramework(
  input: unknown,
  options: ValidateFrameworkOptions = {},
): FrameworkValidation {
  const issues: Issues = [];
  if (!isRecord(input)) {
    return fail([
      { code: 'INVALID_FIELD', path: '', message: 'A framework must be an object with stages.' },
    ]);
  }

  const id = readId(input, 'id', 'framework', issues);
  const name = readText(input, 'name', 'EMPTY_NAME', 'Give the framework a name.', issues);
  const kind = readFrameworkKind(input, issues);
  const summary = readSummary(input, issues);
  const people = readPeopleRange(input, kind, issues);
  const basedOn = readBasedOn(input, issues);
  const stages = readStages(input, kind, issues);

  if (options.wording !== 'skip') {
    issues.push(...checkFrameworkWording(input));
  }

  if (
    issues.length > 0 ||
    id === undefined ||
    name === undefined ||
    kind === undefined ||
    summary === undefined ||
    people === undefined ||
    stages === undefined
  ) {
    return fail(issues);
  }
  const framework: Framework = {
    id,
    name,
    kind,
    summary,
    minPeople: people.minPeople,
    maxPeople: people.maxPeople,
    stages,
    ...(basedOn === undefined ? {} : { basedOn }),
  };
  return { ok: true, framework };
}

function fail(errors: Issues): FrameworkValidation {
  // An input that is wrong in a way no rule describes must still never pass.
  const nonEmpty: Issues =
    errors.length > 0
      ? errors
      : [{ code: 'INVALID_FIELD', path: '', message: 'This framework could not be read.' }];
  return { ok: false, errors: nonEmpty };
}

function readId(
  record: Readonly<Record<string, unknown>>,
  key: string,
  what: string,
  issues: Issues,
  path = key,
): string | undefined {
  const value = ownField(record, key);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  issues.push({
    code: 'INVALID_FIELD',
    path,
    message: `The ${what} needs an id (a non-empty text).`,
  });
  return undefined;
}

function readText(
  record: Readonly<Record<string, unknown>>,
  key: string,
  code: FrameworkIssueCode,
  message: string,
  issues: Issues,
  path = key,
): string | undefined {
  const value = ownField(record, key);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  issues.push({ code, path, message });
  return undefined;
}

function readFrameworkKind(
  record: Readonly<Record<string, unknown>>,
  issues: Issues,
): FrameworkKind | undefined {
  const value = ownField(record, 'kind');
  const kind = FRAMEWORK_KINDS.find((candidate) => candidate === value);
  if (kind === undefined) {
    issues.push({
      code: 'INVALID_FIELD',
      path: 'kind',
      message: 'Choose whether this is a coaching framework or an action learning set.',
    });
  }
  return kind;
}

function readSummary(
  record: Readonly<Record<string, unknown>>,
  issues: Issues,
): string | undefined {
  const value = ownField(record, 'summary');
  if (value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  issues.push({
    code: 'INVALID_FIELD',
    path: 'summary',
    message: 'The summary must be text (it may be empty).',
  });
  return undefined;
}

function readBasedOn(
  record: Readonly<Record<string, unknown>>,
  issues: Issues,
): string | undefined {
  if (ownField(record, 'basedOn') === undefined) return undefined;
  return readId(record, 'basedOn', 'framework this was copied from', issues);
}

function readPeopleRange(
  record: Readonly<Record<string, unknown>>,
  kind: FrameworkKind | undefined,
  issues: Issues,
): { readonly minPeople: number; readonly maxPeople: number } | undefined {
  const { minPeople: lowest, maxPeople: highest } = GROUP_SIZE_LIMITS[kind ?? 'coaching'];
  const minPeople = ownField(record, 'minPeople');
  const maxPeople = ownField(record, 'maxPeople');
  const before = issues.length;
  if (!isWholeNumber(minPeople) || minPeople < lowest || minPeople > highest) {
    issues.push({
      code: 'INVALID_PEOPLE_RANGE',
      path: 'minPeople',
      message: `The smallest circle must be a whole number of people from ${lowest} to ${highest}.`,
    });
  }
  if (!isWholeNumber(maxPeople) || maxPeople < lowest || maxPeople > highest) {
    issues.push({
      code: 'INVALID_PEOPLE_RANGE',
      path: 'maxPeople',
      message: `The largest circle must be a whole number of people from ${lowest} to ${highest}.`,
    });
  }
  if (issues.length > before || !isWholeNumber(minPeople) || !isWholeNumber(maxPeople)) {
    return undefined;
  }
  if (minPeople > maxPeople) {
    issues.push({
      code: 'INVALID_PEOPLE_RANGE',
      path: 'maxPeople',
      message: `The largest circle (${maxPeople}) is smaller than the smallest (${minPeople}).`,
    });
    return undefined;
  }
  return { minPeople, maxPeople };
}

function readStages(
  record: Readonly<Record<string, unknown>>,
  kind: FrameworkKind | undefined,
  issues: Issues,
): readonly Stage[] | undefined {
  const value = ownField(record, 'stages');
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({
      code: 'NO_STAGES',
      path: 'stages',
      message: 'Add at least one stage: an opening, the conversation itself, and a close.',
    });
    return undefined;
  }
  // More stages than could each get a minute can never fit; stop before reading them all.
  if (value.length > MAX_FRAMEWORK_TOTAL_MS / MIN_STAGE_TIMEBOX_MS) {
    issues.push({
      code: 'TOTAL_TOO_LONG',
      path: 'stages',
      message: `There are ${value.length} stages; even at one minute each they cannot fit in ${formatDuration(MAX_FRAMEWORK_TOTAL_MS)}. Remove some.`,
    });
    return undefined;
  }

  const before = issues.length;
  // Array.from visits holes too, so a sparse array cannot slip a missing stage past the checks.
  const stages = Array.from(value as readonly unknown[], (item, index) =>
    readStage(item, index, kind, issues),
  );
  checkStageIdsAreUnique(stages, issues);
  checkOpeningAndClosing(stages, issues);
  checkTotal(stages, issues);
  if (issues.length > before) return undefined;
  return stages.filter((stage): stage is Stage => stage !== undefined);
}

function readStage(
  item: unknown,
  index: number,
  kind: FrameworkKind | undefined,
  issues: Issues,
): Stage | undefined {
  const path = `stages[${index}]`;
  if (!isRecord(item)) {
    issues.push({
      code: 'INVALID_FIELD',
      path,
      message: `Stage ${index + 1} is not a stage: it needs a name, a purpose, prompts and a time-box.`,
    });
    return undefined;
  }
  const label = stageLabel(item, index);
  const before = issues.length;

  const id = readId(item, 'id', `stage ${label}`, issues, `${path}.id`);
  const stageKind = readStageKind(item, label, issues, path);
  const name = readText(
    item,
    'name',
    'EMPTY_NAME',
    `Give stage ${index + 1} a name.`,
    issues,
    `${path}.name`,
  );
  const purpose = readText(
    item,
    'purpose',
    'EMPTY_PURPOSE',
    `Say in a sentence what the stage ${label} is for.`,
    issues,
    `${path}.purpose`,
  );
  const timeboxMs = readTimebox(item, label, issues, path);
  const prompts = readPrompts(item, kind, label, issues, path);
  const rules = readRules(item, label, issues, path);
  const consentAlternative = readConsentAlternative(item, rules, label, issues, path);

  if (
    issues.length > before ||
    id === undefined ||
    name === undefined ||
    purpose === undefined ||
    timeboxMs === undefined ||
    prompts === undefined ||
    rules === undefined
  ) {
    return undefined;
  }
  return {
    id,
    ...(stageKind === undefined ? {} : { kind: stageKind }),
    name,
    purpose,
    timeboxMs,
    prompts,
    rules,
    ...(consentAlternative === undefined ? {} : { consentAlternative }),
  };
}

/** How a message names a stage: by its name when it has one, otherwise by its position. */
function stageLabel(item: Readonly<Record<string, unknown>>, index: number): string {
  const name = ownField(item, 'name');
  return typeof name === 'string' && name.trim() !== ''
    ? `“${name.trim()}”`
    : `number ${index + 1}`;
}

function readStageKind(
  item: Readonly<Record<string, unknown>>,
  label: string,
  issues: Issues,
  path: string,
): StageKind | undefined {
  const value = ownField(item, 'kind');
  if (value === undefined) return undefined;
  const kind = STAGE_KINDS.find((candidate) => candidate === value);
  if (kind === undefined) {
    issues.push({
      code: 'INVALID_FIELD',
      path: `${path}.kind`,
      message: `The stage ${label} can be marked 'opening' or 'closing', or not marked at all.`,
    });
  }
  return kind;
}

function readTimebox(
  item: Readonly<Record<string, unknown>>,
  label: string,
  issues: Issues,
  path: string,
): DurationMs | undefined {
  const value = ownField(item, 'timeboxMs');
  if (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= MIN_STAGE_TIMEBOX_MS &&
    value <= MAX_STAGE_TIMEBOX_MS
  ) {
    return value;
  }
  const now =
    typeof value === 'number' && Number.isFinite(value) ? ` (it is ${formatDuration(value)})` : '';
  issues.push({
    code: 'TIMEBOX_OUT_OF_RANGE',
    path: `${path}.timeboxMs`,
    message: `Give the stage ${label} a time-box between ${formatDuration(MIN_STAGE_TIMEBOX_MS)} and ${formatDuration(MAX_STAGE_TIMEBOX_MS)}${now}.`,
  });
  return undefined;
}

function readPrompts(
  item: Readonly<Record<string, unknown>>,
  kind: FrameworkKind | undefined,
  label: string,
  issues: Issues,
  path: string,
): StagePrompts | undefined {
  const value = ownField(item, 'prompts');
  const promptsPath = `${path}.prompts`;
  if (!isRecord(value)) {
    issues.push({
      code: 'NO_PROMPTS',
      path: promptsPath,
      message: `Write at least one prompt for the stage ${label}, for everyone or for a role.`,
    });
    return undefined;
  }

  const audiences: readonly string[] =
    kind === undefined ? ['everyone', ...ROLES] : AUDIENCES_BY_KIND[kind];
  const before = issues.length;
  const prompts: Partial<Record<Role | 'everyone', readonly string[]>> = {};
  let count = 0;
  for (const audience of Object.keys(value)) {
    const audiencePath = `${promptsPath}.${audience}`;
    const list = value[audience];
    if (!isAudience(audience) || !audiences.includes(audience)) {
      issues.push({
        code: 'UNKNOWN_PROMPT_ROLE',
        path: audiencePath,
        message: `Nobody would see prompts for “${audience}” in this framework. Write them for ${audiences.join(', ')}.`,
      });
      continue;
    }
    if (!Array.isArray(list)) {
      issues.push({
        code: 'INVALID_FIELD',
        path: audiencePath,
        message: `The prompts for ${audience} must be a list of sentences.`,
      });
      continue;
    }
    const texts = Array.from(list as readonly unknown[], (prompt, index) =>
      readPrompt(prompt, `${audiencePath}[${index}]`, audience, label, issues),
    );
    count += texts.length;
    prompts[audience] = texts.filter((text): text is string => text !== undefined);
  }
  if (issues.length > before) return undefined;
  if (count === 0) {
    issues.push({
      code: 'NO_PROMPTS',
      path: promptsPath,
      message: `Write at least one prompt for the stage ${label}, for everyone or for a role.`,
    });
    return undefined;
  }
  return prompts;
}

function readPrompt(
  prompt: unknown,
  path: string,
  audience: string,
  label: string,
  issues: Issues,
): string | undefined {
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    issues.push({
      code: 'EMPTY_PROMPT',
      path,
      message: `A prompt for ${audience} in the stage ${label} is empty. Write it or remove it.`,
    });
    return undefined;
  }
  const text = prompt.trim();
  if (text.length > MAX_PROMPT_LENGTH) {
    issues.push({
      code: 'PROMPT_TOO_LONG',
      path,
      message: `A prompt for ${audience} in the stage ${label} has ${text.length} characters; keep it under ${MAX_PROMPT_LENGTH} so it can be read at a glance, or split it in two.`,
    });
    return undefined;
  }
  return text;
}

function readRules(
  item: Readonly<Record<string, unknown>>,
  label: string,
  issues: Issues,
  path: string,
): StageRules | undefined {
  const value = ownField(item, 'rules');
  const rulesPath = `${path}.rules`;
  if (value === undefined) return {};
  if (!isRecord(value)) {
    issues.push({
      code: 'INVALID_FIELD',
      path: rulesPath,
      message: `The rules of the stage ${label} must be a set of named rules.`,
    });
    return undefined;
  }

  const before = issues.length;
  let rules: StageRules = {};
  for (const key of Object.keys(value)) {
    const rule = value[key];
    const booleanRule = BOOLEAN_RULES.find((candidate) => candidate === key);
    if (booleanRule !== undefined) {
      if (typeof rule !== 'boolean') {
        issues.push({
          code: 'INVALID_FIELD',
          path: `${rulesPath}.${key}`,
          message: `The rule ${key} is either on (true) or off (false).`,
        });
      } else if (rule) {
        rules = { ...rules, [booleanRule]: true };
      }
    } else if (key === 'consent') {
      if (rule === 'role-play') {
        rules = { ...rules, consent: 'role-play' };
      } else if (rule !== undefined) {
        issues.push({
          code: 'INVALID_FIELD',
          path: `${rulesPath}.consent`,
          message: `The only consent a stage can ask for is 'role-play'.`,
        });
      }
    } else {
      issues.push({
        code: 'UNKNOWN_RULE',
        path: `${rulesPath}.${key}`,
        message: `“${key}” is not a rule. The rules are ${[...BOOLEAN_RULES, 'consent'].join(', ')}.`,
      });
    }
  }
  return issues.length > before ? undefined : rules;
}

function readConsentAlternative(
  item: Readonly<Record<string, unknown>>,
  rules: StageRules | undefined,
  label: string,
  issues: Issues,
  path: string,
): string | undefined {
  const value = ownField(item, 'consentAlternative');
  const alternativePath = `${path}.consentAlternative`;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (rules?.consent !== undefined) {
    issues.push({
      code: 'MISSING_CONSENT_ALTERNATIVE',
      path: alternativePath,
      message: `The stage ${label} asks for consent to a role-play. Say what someone who declines does instead, e.g. observe, or talk it through.`,
    });
  } else if (value !== undefined && typeof value !== 'string') {
    issues.push({
      code: 'INVALID_FIELD',
      path: alternativePath,
      message: `The alternative to the role-play in the stage ${label} must be text.`,
    });
  }
  return undefined;
}

function checkStageIdsAreUnique(stages: readonly (Stage | undefined)[], issues: Issues): void {
  const seen = new Set<string>();
  stages.forEach((stage, index) => {
    if (stage === undefined) return;
    if (seen.has(stage.id)) {
      issues.push({
        code: 'DUPLICATE_STAGE_ID',
        path: `stages[${index}].id`,
        message: `Another stage already has the id “${stage.id}”. Give the stage “${stage.name}” its own id.`,
      });
    }
    seen.add(stage.id);
  });
}

/** Every framework opens with norms, signals and consent, and closes with commitments and appreciation. */
function checkOpeningAndClosing(stages: readonly (Stage | undefined)[], issues: Issues): void {
  const lastIndex = stages.length - 1;
  stages.forEach((stage, index) => {
    if (stage === undefined) return;
    if (index === 0 && stage.kind !== 'opening') {
      issues.push({
        code: 'MISSING_OPENING_STAGE',
        path: 'stages[0]',
        message:
          'Start with an opening stage (kind "opening") where the circle agrees norms, signals and consent.',
      });
    }
    if (index === lastIndex && stage.kind !== 'closing') {
      issues.push({
        code: 'MISSING_CLOSING_STAGE',
        path: `stages[${index}]`,
        message: 'End with a closing stage (kind "closing") for commitments and appreciation.',
      });
    }
    if (index !== 0 && index !== lastIndex && stage.kind !== undefined) {
      issues.push({
        code: 'MISPLACED_STAGE_KIND',
        path: `stages[${index}].kind`,
        message: `The stage “${stage.name}” is marked as the ${stage.kind}, but it is in the middle. Move it to the ${stage.kind === 'opening' ? 'start' : 'end'} or remove the marker.`,
      });
    }
  });
}

function checkTotal(stages: readonly (Stage | undefined)[], issues: Issues): void {
  const totalMs = stages.reduce((sumMs, stage) => sumMs + (stage?.timeboxMs ?? 0), 0);
  if (totalMs > MAX_FRAMEWORK_TOTAL_MS) {
    issues.push({
      code: 'TOTAL_TOO_LONG',
      path: 'stages',
      message: `The stages add up to ${formatDuration(totalMs)}; a session can last at most ${formatDuration(MAX_FRAMEWORK_TOTAL_MS)}. Shorten or remove a stage.`,
    });
  }
}

/** Every text a person reads, with its path, checked for biased or exclusionary wording. */
function checkFrameworkWording(input: Readonly<Record<string, unknown>>): Issues {
  return collectTexts(input).flatMap(({ path, text }) =>
    checkWording(text).map((issue) => ({
      code: 'EXCLUSIONARY_WORDING' as const,
      path,
      message: issue.message,
    })),
  );
}

function collectTexts(
  input: Readonly<Record<string, unknown>>,
): readonly { readonly path: string; readonly text: string }[] {
  const texts: { path: string; text: string }[] = [];
  const add = (path: string, value: unknown): void => {
    if (typeof value === 'string') texts.push({ path, text: value });
  };
  add('name', ownField(input, 'name'));
  add('summary', ownField(input, 'summary'));
  const stages = ownField(input, 'stages');
  if (!Array.isArray(stages)) return texts;
  stages.forEach((stage: unknown, index) => {
    if (!isRecord(stage)) return;
    const path = `stages[${index}]`;
    add(`${path}.name`, ownField(stage, 'name'));
    add(`${path}.purpose`, ownField(stage, 'purpose'));
    add(`${path}.consentAlternative`, ownField(stage, 'consentAlternative'));
    const prompts = ownField(stage, 'prompts');
    if (!isRecord(prompts)) return;
    for (const audience of Object.keys(prompts)) {
      const list = prompts[audience];
      if (!Array.isArray(list)) continue;
      list.forEach((prompt: unknown, promptIndex) =>
        add(`${path}.prompts.${audience}[${promptIndex}]`, prompt),
      );
    }
  });
  return texts;
}

function formatDuration(durationMs: DurationMs): string {
  if (Math.abs(durationMs) < MINUTE_MS) {
    // Rounded down, so a time-box just under a minute never reads as "60 seconds".
    const seconds = Math.floor(durationMs / SECOND_MS);
    return `${seconds} second${seconds === 1 ? '' : 's'}`;
  }
  const minutes = Math.round((durationMs / MINUTE_MS) * 10) / 10;
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own fields only: a key like "constructor" must not be read from the prototype. */
function ownField(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function isAudience(value: string): value is Role | 'everyone' {
  return value === 'everyone' || (ROLES as readonly string[]).includes(value);
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}
