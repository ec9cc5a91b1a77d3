export * from './model.js';
export { BUILT_IN_FRAMEWORKS, findBuiltInFramework } from './built-in/index.js';
export { copyFramework, editFramework } from './copy-and-edit.js';
export type { FrameworkEdit, FrameworkEditResult, StageChanges } from './copy-and-edit.js';
export {
  MAX_FRAMEWORK_TOTAL_MS,
  MAX_PROMPT_LENGTH,
  MAX_STAGE_TIMEBOX_MS,
  MIN_STAGE_TIMEBOX_MS,
  frameworkTotalMs,
} from './limits.js';
export { validateFramework } from './validate.js';
export type {
  FrameworkIssue,
  FrameworkIssueCode,
  FrameworkValidation,
  ValidateFrameworkOptions,
} from './validate.js';
export { checkWording } from './wording.js';
export type { WordingIssue } from './wording.js';
