// The tags of shared/LANGUAGE.md. One primary tag per utterance; the observer's live tally and the
// automatic tagger use the same set.

export const LANGUAGE_TAGS = [
  'open-question',
  'closed-question',
  'leading-question',
  'advice',
  'feedforward',
  'observation',
  'interpretation',
  'appreciation',
  'commitment',
  'permission',
  'other',
] as const;
export type LanguageTag = (typeof LANGUAGE_TAGS)[number];

export const QUESTION_TAGS = [
  'open-question',
  'closed-question',
  'leading-question',
] as const satisfies readonly LanguageTag[];
export type QuestionTag = (typeof QUESTION_TAGS)[number];

export function isLanguageTag(value: unknown): value is LanguageTag {
  return typeof value === 'string' && (LANGUAGE_TAGS as readonly string[]).includes(value);
}

export function isQuestionTag(tag: LanguageTag): tag is QuestionTag {
  return (QUESTION_TAGS as readonly string[]).includes(tag);
}
