export * from './model.js';
export * from './tags.js';
export { tagUtterance } from './tag-utterance.js';
export { findJargon, mergeGlossary } from './find-jargon.js';
export { BUILT_IN_GLOSSARY } from './built-in-glossary.js';
export { checkStageRules, STAGE_RULE_NAMES } from './check-stage-rules.js';
export type { RuleAlert, StageRuleName } from './check-stage-rules.js';
