import type { LanguageTag } from './tags.js';

/** A glossary entry pairs a term with its plain-language wording ("bandwidth" → "time"). */
export interface GlossaryEntry {
  readonly term: string;
  readonly plain: string;
}

/** A jargon term found in an utterance, with the plain words to use instead. */
export interface JargonHit {
  readonly term: string;
  readonly plain: string;
}

export interface TaggedText {
  readonly text: string;
  readonly tag: LanguageTag;
  readonly jargon: readonly JargonHit[];
}
