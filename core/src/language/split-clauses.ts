import { isAdjective, isBaseVerb, isPastVerb } from './word-classes.js';

// Turns an utterance as people type or a transcript writes it into clauses of normalised words: lower
// case, contractions expanded ("don't" → "do not"), quoted speech reduced to one placeholder word,
// punctuation kept only as clause and sentence boundaries. Transcripts lose capitals and question
// marks often, so nothing downstream may depend on them; they are kept as hints only.

export interface Clause {
  /** Lower-case words, contractions expanded. */
  readonly words: readonly string[];
  /** Per word: written with a capital letter other than at a sentence start (a hint of a name). */
  readonly isCapitalised: readonly boolean[];
  /** The sentence this clause belongs to ends with a question mark. */
  readonly isInQuestion: boolean;
  /** The clause starts a sentence. */
  readonly isSentenceStart: boolean;
}

/** Quoted speech ("you said "I'm not sure" twice") is one word, so its words are not read as ours. */
export const QUOTE_WORD = 'quote';

// Longer utterances are monologues; their opening and their close carry the act (a question at the
// end, a preface at the start). Reading both ends keeps tagging time bounded for any input.
const MAX_READ_CHARS = 2_000;
const KEPT_END_CHARS = 600;

const TOKEN = /\d+(?:[.:,]\d+)*%?|[\p{L}]+(?:['-][\p{L}]+)*'?|[?!.;:,]/gu;
const SENTENCE_END = new Set(['?', '!', '.']);
const CLAUSE_BREAK = new Set([',', ';', ':']);

// "'s" reads as "is" only after these; after other words it is a possessive ("Jo's idea").
const IS_AFTER = new Set([
  'he',
  'she',
  'it',
  'that',
  'this',
  'there',
  'here',
  'what',
  'who',
  'where',
  'when',
  'how',
  'why',
  'everyone',
  'everybody',
  'someone',
  'somebody',
  'nobody',
  'nothing',
  'something',
  'everything',
  'one',
  'which',
]);
const WOULD_AFTER = new Set(['i', 'you', 'he', 'she', 'we', 'they', 'it', 'that', 'who', 'there']);

const WHOLE_WORD_EXPANSIONS: Readonly<Record<string, readonly string[]>> = {
  "can't": ['can', 'not'],
  cannot: ['can', 'not'],
  "won't": ['will', 'not'],
  "shan't": ['shall', 'not'],
  "ain't": ['is', 'not'],
  "let's": ['let', 'us'],
  "i'm": ['i', 'am'],
  gonna: ['going', 'to'],
  wanna: ['want', 'to'],
  gotta: ['got', 'to'],
  kinda: ['kind', 'of'],
  sorta: ['sort', 'of'],
  dunno: ['do', 'not', 'know'],
  lemme: ['let', 'me'],
  gimme: ['give', 'me'],
  innit: ['is', 'it', 'not'],
  ok: ['okay'],
  "y'all": ['you', 'all'],
  cos: ['because'],
  "'cause": ['because'],
  coz: ['because'],
  whilst: ['while'],
};

function expandContraction(word: string): readonly string[] {
  // Own keys only: a word such as "constructor" must not find Object.prototype's.
  const whole = Object.hasOwn(WHOLE_WORD_EXPANSIONS, word)
    ? WHOLE_WORD_EXPANSIONS[word]
    : undefined;
  if (whole !== undefined) return whole;
  if (!word.includes("'")) return [word];
  if (word.endsWith("n't")) return [word.slice(0, -3), 'not'];
  const match = /^(.+)'(s|re|ve|ll|d|m)$/.exec(word);
  if (match === null) return [word.replace(/'$/, '')];
  const [, stem = '', ending] = match;
  switch (ending) {
    case 's':
      return IS_AFTER.has(stem) ? [stem, 'is'] : [stem];
    case 're':
      return [stem, 'are'];
    case 've':
      return [stem, 'have'];
    case 'll':
      return [stem, 'will'];
    case 'm':
      return [stem, 'am'];
    default:
      // "'d" after a pronoun is "would" or "had" (settled below); on other words it is a past
      // tense written with an apostrophe ("cc'd").
      return WOULD_AFTER.has(stem) ? [stem, 'would'] : [word];
  }
}

const isPastOnly = (word: string): boolean =>
  isPastVerb(word) && !isAdjective(word) && !isBaseVerb(word);

/**
 * "'s" and "'d" are ambiguous: "he's dealt with it" is "has", "you'd better" and "you'd decided"
 * are "had". A past participle or "better" after them settles it.
 */
function settleAmbiguousContractions(words: string[], isContracted: readonly boolean[]): void {
  for (let index = 0; index < words.length - 1; index += 1) {
    if (!isContracted[index]) continue;
    let next = index + 1;
    while (['already', 'just', 'never', 'ever', 'really', 'also'].includes(words[next] ?? '')) {
      next += 1;
    }
    const following = words[next] ?? '';
    if (words[index] === 'is' && following !== 'been' && isPastOnly(following))
      words[index] = 'has';
    if (words[index] === 'is' && following === 'been') words[index] = 'has';
    if (words[index] === 'would' && (following === 'better' || isPastOnly(following))) {
      words[index] = 'had';
    }
  }
}

function readTokens(text: string): string[] {
  const bounded =
    text.length > MAX_READ_CHARS
      ? `${text.slice(0, MAX_READ_CHARS - KEPT_END_CHARS)} . ${text.slice(-KEPT_END_CHARS)}`
      : text;
  const plain = bounded
    .replace(/[\u2018\u2019\u02bc`\u00b4]/g, "'")
    .replace(/[\u201c\u201d\u201e]/g, '"')
    .replace(/\u2026/g, '.')
    .replace(/\s[\u2013\u2014-]+\s|[\u2013\u2014]/g, ' , ')
    .replace(/"[^"\n]{1,300}"/g, ` ${QUOTE_WORD} `);
  return plain.match(TOKEN) ?? [];
}

/** The clauses of an utterance, in order; clauses with no words are left out. */
export function splitClauses(text: string): Clause[] {
  const clauses: Clause[] = [];
  let sentence: { words: string[]; isCapitalised: boolean[]; isSentenceStart: boolean }[] = [];
  let words: string[] = [];
  let isCapitalised: boolean[] = [];
  let isContracted: boolean[] = [];
  let isAtSentenceStart = true;

  const closeClause = (): void => {
    if (words.length > 0) {
      settleAmbiguousContractions(words, isContracted);
      sentence.push({ words, isCapitalised, isSentenceStart: sentence.length === 0 });
    }
    words = [];
    isCapitalised = [];
    isContracted = [];
  };
  const closeSentence = (isQuestion: boolean): void => {
    closeClause();
    for (const clause of sentence) clauses.push({ ...clause, isInQuestion: isQuestion });
    sentence = [];
    isAtSentenceStart = true;
  };

  for (const token of readTokens(text)) {
    if (SENTENCE_END.has(token)) {
      closeSentence(token === '?');
    } else if (CLAUSE_BREAK.has(token)) {
      closeClause();
    } else {
      const lower = token.toLowerCase();
      const hasCapital = token !== lower && lower !== 'i' && !isAtSentenceStart;
      const expanded = expandContraction(lower);
      for (const word of expanded) {
        words.push(word);
        isCapitalised.push(hasCapital);
        isContracted.push(expanded.length > 1 && /'(?:s|d)$/.test(lower));
      }
      isAtSentenceStart = false;
    }
  }
  closeSentence(false);
  return clauses;
}
