import { SUFFIX_CLASSES, WORD_CLASS_LISTS } from './data/word-classes.js';
import { WORD_CLASS } from './word-class-bits.js';

export { WORD_CLASS } from './word-class-bits.js';

interface WordClassTable {
  readonly byWord: ReadonlyMap<string, number>;
  readonly bySuffix: ReadonlyMap<string, number>;
}

// Built on first use, not at import, so code that never tags pays nothing.
let table: WordClassTable | undefined;
// A transcript repeats its vocabulary: guesses for words the lexicon lacks are remembered, within
// a bound so memory stays flat.
const MAX_GUESSES_KEPT = 20_000;
const guessedByWord = new Map<string, number>();

function readTable(): WordClassTable {
  if (table !== undefined) return table;
  const byWord = new Map<string, number>();
  for (const [bits, words] of WORD_CLASS_LISTS) {
    for (const word of words.split(' ')) byWord.set(word, (byWord.get(word) ?? 0) | bits);
  }
  const bySuffix = new Map<string, number>();
  for (const entry of SUFFIX_CLASSES.split(' ')) {
    const [suffix = '', bits = '0'] = entry.split(':');
    bySuffix.set(suffix, Number(bits));
  }
  table = { byWord, bySuffix };
  return table;
}

// The distilled lexicon is American; peers write British as often. Each rule maps a British
// spelling to the American one the lexicon knows: apologise → apologize, behaviour → behavior,
// cancelled → canceled, practise → practice.
const BRITISH_TO_AMERICAN: readonly (readonly [RegExp, string])[] = [
  [/is(e|es|ed|ing|ation|ations)$/, 'iz$1'],
  [/our(s|ed|ing|ite|able)?$/, 'or$1'],
  [/ll(ed|ing|er)$/, 'l$1'],
  [/^practis/, 'practic'],
];

// Endings compromise's own patterns leave open, for words in neither its lexicon nor its patterns:
// most unknown words in a coaching conversation are adjectives ("defensive", "sloppy") or regular
// verb forms. Checked in order; the first match wins.
const FALLBACK_SUFFIXES: readonly (readonly [RegExp, number])[] = [
  [/(?:ive|ous|ful|less|able|ible|ish|ic|ional|ual|ial|ntal|ent|ant|ary)$/, WORD_CLASS.adjective],
  [/([bcdfgklmnprstz])\1y$|(?:sk|sh|ch|ck|mp|dg|rd|rt|st)y$/, WORD_CLASS.adjective],
  [/ed$/, WORD_CLASS.past],
  [/ing$/, WORD_CLASS.gerund],
  [/ly$/, WORD_CLASS.adverb],
  [/(?:ise|ize|ate|ify)$/, WORD_CLASS.verb],
];

function guessBySuffix(word: string, bySuffix: ReadonlyMap<string, number>): number | undefined {
  for (let length = Math.min(7, word.length - 1); length > 1; length -= 1) {
    const bits = bySuffix.get(word.slice(word.length - length));
    if (bits !== undefined) return bits;
  }
  return undefined;
}

function guessUnknownWord(word: string, bySuffix: ReadonlyMap<string, number>): number {
  const guess = guessBySuffix(word, bySuffix);
  if (guess !== undefined && guess !== 0) return guess;
  for (const [pattern, bits] of FALLBACK_SUFFIXES) if (pattern.test(word)) return bits;
  return guess ?? 0;
}

/**
 * The word classes of a lower-case word as bits of WORD_CLASS: from compromise's lexicon, then a
 * British-to-American respelling, then word endings for words it does not list.
 */
export function classifyWord(word: string): number {
  const { byWord } = readTable();
  const known = byWord.get(word) ?? guessedByWord.get(word);
  if (known !== undefined) return known;
  if (guessedByWord.size >= MAX_GUESSES_KEPT) guessedByWord.clear();
  const guess = guessWordClass(word);
  guessedByWord.set(word, guess);
  return guess;
}

function guessWordClass(word: string): number {
  const { byWord, bySuffix } = readTable();
  let american = word;
  for (const [pattern, replacement] of BRITISH_TO_AMERICAN) {
    if (pattern.test(word)) {
      american = word.replace(pattern, replacement);
      const respelt = byWord.get(american);
      if (respelt !== undefined) return respelt;
    }
  }
  // "double-check", "self-aware": a compound takes the class of its last part.
  const lastPart = american.includes('-') ? american.slice(american.lastIndexOf('-') + 1) : '';
  if (lastPart !== '') return classifyWord(lastPart);
  return guessUnknownWord(american, bySuffix);
}

export function hasWordClass(word: string, wordClass: number): boolean {
  return (classifyWord(word) & wordClass) !== 0;
}

export const isBaseVerb = (word: string): boolean => hasWordClass(word, WORD_CLASS.verb);
export const isPastVerb = (word: string): boolean => hasWordClass(word, WORD_CLASS.past);
export const isAdjective = (word: string): boolean => hasWordClass(word, WORD_CLASS.adjective);
