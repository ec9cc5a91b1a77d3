// The word classes the tagger reads from the distilled compromise lexicon (data/word-classes.ts).
// Bits, because one word often has several ("bored" is an adjective and a past tense).
export const WORD_CLASS = {
  verb: 1,
  past: 2,
  gerund: 4,
  present: 8,
  adjective: 16,
  adverb: 32,
  name: 64,
  noun: 128,
} as const;
