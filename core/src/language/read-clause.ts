import {
  ADVERBS_BEFORE_VERB,
  AUXILIARIES,
  FILLER_PAIRS,
  FILLERS,
  NUMBER_WORDS,
  PERSON_NOUNS,
  PERSONAL_PRONOUNS,
  WH_WORDS,
} from './cue-words.js';
import { splitClauses } from './split-clauses.js';
import { WORD_CLASS, classifyWord } from './word-classes.js';

/** One clause as the tagger reads it. */
export interface ClauseView {
  /** All the clause's words, for phrases that may sit anywhere ("well done", "next time"). */
  readonly allWords: readonly string[];
  /** The words after opening fillers, hedges and a vocative name: where structure is read. */
  readonly words: readonly string[];
  /** `words` joined and padded with spaces, for phrase patterns (" you should "). */
  readonly phrase: string;
  /** Per word of `words`: looks like a person's name. */
  readonly isName: readonly boolean[];
  readonly isInQuestion: boolean;
  readonly isLastInSentence: boolean;
}

export interface Utterance {
  readonly clauses: readonly ClauseView[];
  /** Every word of the utterance, clauses separated by " , ", padded with spaces. */
  readonly phrase: string;
}

// Words that are first names in the lexicon but far more often ordinary words in a meeting.
const COMMON_NOT_NAMES = new Set([
  'will',
  'may',
  'mark',
  'grace',
  'hope',
  'joy',
  'faith',
  'sue',
  'bill',
  'pat',
  'rob',
  'chase',
  'jack',
  'frank',
  'june',
  'april',
  'august',
  'art',
  'drew',
  'grant',
  'lance',
  'nick',
  'skip',
  'rich',
  'sandy',
  'brown',
  'earnest',
  'page',
  'summer',
  'win',
  'ray',
  'dawn',
  'guy',
  'max',
]);

function isNameWord(word: string, isCapitalised: boolean): boolean {
  if (word.length < 2 || PERSONAL_PRONOUNS.has(word) || AUXILIARIES.has(word)) return false;
  if (COMMON_NOT_NAMES.has(word)) return isCapitalised;
  if (isCapitalised) return true;
  return (classifyWord(word) & WORD_CLASS.name) !== 0;
}

function skipOpeners(words: readonly string[], isName: readonly boolean[]): number {
  let index = 0;
  for (;;) {
    const word = words[index] ?? '';
    if (FILLERS.has(word)) {
      index += 1;
    } else if (FILLER_PAIRS.has(`${word}_${words[index + 1] ?? ''}`)) {
      index += 2;
    } else if (
      isName[index] === true &&
      (index + 1 >= words.length ||
        WH_WORDS.has(words[index + 1] ?? '') ||
        AUXILIARIES.has(words[index + 1] ?? ''))
    ) {
      // A vocative: "Sam, what did you try?", "Sam what did you try", "Great question, Aisha."
      index += 1;
    } else {
      return index;
    }
  }
}

export function readUtterance(text: string): Utterance {
  const rawClauses = splitClauses(typeof text === 'string' ? text : '');
  const clauses: ClauseView[] = [];
  rawClauses.forEach((clause, clauseIndex) => {
    const isName = clause.words.map((word, index) =>
      isNameWord(word, clause.isCapitalised[index] === true),
    );
    const start = skipOpeners(clause.words, isName);
    const words = clause.words.slice(start);
    const next = rawClauses[clauseIndex + 1];
    clauses.push({
      allWords: clause.words,
      words,
      phrase: ` ${words.join(' ')} `,
      isName: isName.slice(start),
      isInQuestion: clause.isInQuestion,
      isLastInSentence: next === undefined || next.isSentenceStart,
    });
  });
  const phrase = ` ${rawClauses.map((clause) => clause.words.join(' ')).join(' , ')} `;
  return { clauses, phrase };
}

/** Who or what a clause is about, read from its first words. */
export type SubjectKind =
  /** I, we, my notes: the speaker talks about themself. */
  | 'speaker'
  /** you, your slides: the listener. */
  | 'listener'
  /** he, she, they, Tom, your manager, the client. */
  | 'person'
  /** it, that, the report, this meeting. */
  | 'thing'
  | 'none';

export interface Subject {
  readonly kind: SubjectKind;
  /** Index of the first word after the subject (and any adverbs before the verb). */
  readonly verbAt: number;
}

const DETERMINERS = new Set([
  'the',
  'that',
  'this',
  'these',
  'those',
  'a',
  'an',
  'her',
  'his',
  'their',
  'our',
  'your',
  'my',
  'its',
]);
const QUANTIFIERS = new Set([
  'all',
  'both',
  'most',
  'some',
  'half',
  'none',
  'several',
  'many',
  'few',
  'each',
  'every',
]);
const THING_PRONOUNS = new Set(['it', 'that', 'this', 'there', 'these', 'those', 'which', 'what']);

function skipAdverbs(words: readonly string[], from: number): number {
  let index = from;
  while (ADVERBS_BEFORE_VERB.has(words[index] ?? '')) index += 1;
  return index;
}

/** Skips a noun phrase's adjectives and nouns: "the new client", "your last two reports". */
function skipNounPhrase(words: readonly string[], from: number): number {
  let index = from;
  while (index < words.length && index < from + 4) {
    const word = words[index] ?? '';
    if (AUXILIARIES.has(word) || ADVERBS_BEFORE_VERB.has(word)) break;
    const bits = classifyWord(word);
    const isVerbLike = (bits & (WORD_CLASS.past | WORD_CLASS.present)) !== 0;
    if (index > from && isVerbLike && (bits & WORD_CLASS.noun) === 0) break;
    index += 1;
  }
  return index;
}

export function readSubject(words: readonly string[], isName: readonly boolean[]): Subject {
  const first = words[0] ?? '';
  if (first === 'i' || first === 'we') return { kind: 'speaker', verbAt: skipAdverbs(words, 1) };
  if (first === 'you') return { kind: 'listener', verbAt: skipAdverbs(words, 1) };
  if (PERSONAL_PRONOUNS.has(first) || first === 'everyone' || first === 'nobody') {
    return { kind: 'person', verbAt: skipAdverbs(words, 1) };
  }
  if (isName[0] === true) {
    // "Tom", "Priya and Sam"
    let end = 1;
    while (words[end] === 'and' && isName[end + 1] === true) end += 2;
    return { kind: 'person', verbAt: skipAdverbs(words, end) };
  }
  const second = words[1] ?? '';
  const isPronounUse =
    AUXILIARIES.has(second) ||
    ADVERBS_BEFORE_VERB.has(second) ||
    (classifyWord(second) & (WORD_CLASS.past | WORD_CLASS.present)) !== 0;
  if (THING_PRONOUNS.has(first) && (!DETERMINERS.has(first) || isPronounUse)) {
    return { kind: 'thing', verbAt: skipAdverbs(words, 1) };
  }
  if (DETERMINERS.has(first)) {
    const end = skipNounPhrase(words, 1);
    const head = words[end - 1] ?? '';
    const isPerson =
      PERSON_NOUNS.has(head) || words.slice(1, end).some((word) => PERSON_NOUNS.has(word));
    const kind: SubjectKind =
      first === 'my' || first === 'our'
        ? isPerson
          ? 'person'
          : 'speaker'
        : first === 'your' && !isPerson
          ? 'listener'
          : isPerson
            ? 'person'
            : 'thing';
    return { kind, verbAt: skipAdverbs(words, end) };
  }
  if (PERSON_NOUNS.has(first)) return { kind: 'person', verbAt: skipAdverbs(words, 1) };
  if (QUANTIFIERS.has(first) || NUMBER_WORDS.has(first) || /^\d/.test(first)) {
    // "Two people left", "all three reports were late"
    const end = skipNounPhrase(words, 1);
    const isPerson = words.slice(1, end).some((word) => PERSON_NOUNS.has(word));
    return { kind: isPerson ? 'person' : 'thing', verbAt: skipAdverbs(words, end) };
  }
  return { kind: 'none', verbAt: 0 };
}
