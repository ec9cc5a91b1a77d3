import type { TaggedUtterance } from '../airtime/model.js';
import type { Stage } from '../frameworks/model.js';
import type { LanguageTag } from './tags.js';

export const STAGE_RULE_NAMES = [
  'questions-only',
  'observations-not-interpretations',
  'ask-before-advising',
] as const;
export type StageRuleName = (typeof STAGE_RULE_NAMES)[number];

/** An utterance that broke a rule of the stage it was said in. */
export interface RuleAlert {
  readonly rule: StageRuleName;
  readonly participant: TaggedUtterance['participant'];
  readonly atMs: number;
  readonly tag: LanguageTag;
  readonly message: string;
}

// What each rule flags, with a short, kind nudge per tag. Choices where the docs leave room:
// - questions-only flags advice, feedforward (a suggestion is advice in softer words, and the
//   action learning set keeps suggestions for its later "experiments" stage) and leading
//   questions. Other statements are not flagged: the challenger answers in statements, and the
//   rules cannot tell who holds which role.
// - ask-before-advising flags advice and feedforward unless the same person asked permission
//   earlier in the stage; one "Can I offer some ideas?" covers what that person offers after it.
const QUESTIONS_ONLY_MESSAGES: Partial<Record<LanguageTag, string>> = {
  advice: 'Advice during questions-only: try turning it into an open question.',
  feedforward: 'A suggestion during questions-only: try turning it into an open question.',
  'leading-question':
    'Leading question during questions-only: try asking it openly, without the answer inside.',
};
const OBSERVATION_MESSAGES: Partial<Record<LanguageTag, string>> = {
  interpretation: 'An interpretation here: try describing only what you saw or heard.',
};
const ASK_FIRST_MESSAGES: Partial<Record<LanguageTag, string>> = {
  advice: 'Advice before asking: next time try "Can I offer an idea?" first.',
  feedforward: 'A suggestion before asking: next time try "Can I offer an idea?" first.',
};

function byTimeThenKey(a: TaggedUtterance, b: TaggedUtterance): number {
  return a.atMs - b.atMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * The alerts a stage's rules raise for the utterances said during it, in time order. A stage with
 * no rules raises none; an utterance can break more than one rule.
 */
export function checkStageRules(
  stage: Pick<Stage, 'rules'>,
  utterances: readonly TaggedUtterance[],
): RuleAlert[] {
  const { rules } = stage;
  const alerts: RuleAlert[] = [];
  const hasAskedPermission = new Set<TaggedUtterance['participant']>();
  const raise = (rule: StageRuleName, utterance: TaggedUtterance, message: string): void => {
    const { participant, atMs, tag } = utterance;
    alerts.push({ rule, participant, atMs, tag, message });
  };

  for (const utterance of [...utterances].sort(byTimeThenKey)) {
    const { tag, participant } = utterance;
    const questionsOnly = QUESTIONS_ONLY_MESSAGES[tag];
    if (rules.questionsOnly === true && questionsOnly !== undefined) {
      raise('questions-only', utterance, questionsOnly);
    }
    const observations = OBSERVATION_MESSAGES[tag];
    if (rules.observationsNotInterpretations === true && observations !== undefined) {
      raise('observations-not-interpretations', utterance, observations);
    }
    if (tag === 'permission') hasAskedPermission.add(participant);
    const askFirst = ASK_FIRST_MESSAGES[tag];
    if (
      rules.askBeforeAdvising === true &&
      askFirst !== undefined &&
      !hasAskedPermission.has(participant)
    ) {
      raise('ask-before-advising', utterance, askFirst);
    }
  }
  return alerts;
}
