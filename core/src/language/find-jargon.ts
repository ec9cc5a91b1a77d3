import { BUILT_IN_GLOSSARY } from './built-in-glossary.js';
import type { GlossaryEntry, JargonHit } from './model.js';

interface CompiledGlossary {
  readonly pattern: RegExp | undefined;
  /** The entry behind each capture group of `pattern`, in group order. */
  readonly entries: readonly GlossaryEntry[];
  /** How each term's first word starts ("leve" for leverage): a cheap check before the pattern. */
  readonly firstWordStarts: ReadonlySet<string>;
  readonly startLengths: readonly number[];
  /** A term that does not start with a letter or digit defeats the check: always scan. */
  readonly isAlwaysScanned: boolean;
}

const WORD = /[\p{L}\p{N}]+/gu;
const START_LENGTH = 4;

// Words inside a phrase that never take an ending ("move the needle", "take it offline").
const FIXED_WORDS = new Set([
  'a',
  'an',
  'the',
  'to',
  'of',
  'in',
  'on',
  'for',
  'and',
  'with',
  'back',
]);
// A phrasal verb often wraps its object: "take it offline", "circle this back".
const OPTIONAL_OBJECT = '(?:(?:it|this|that|them|these|those)[\\s-]+)?';
const IRREGULAR_FORMS: Readonly<Record<string, readonly string[]>> = {
  take: ['took', 'taken'],
  think: ['thought'],
  make: ['made'],
  run: ['ran'],
  go: ['went', 'gone'],
  do: ['did', 'done'],
  get: ['got', 'gotten'],
  bring: ['brought'],
  hold: ['held'],
  give: ['gave', 'given'],
  dive: ['dove'],
};

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "bandwidth" → "bandwidth", " Circle  back" → "circle back": how terms are compared. */
export function normaliseTerm(term: string): string {
  return term.trim().toLowerCase().replace(/\s+/g, ' ');
}

// Own keys only: a glossary term such as "constructor" must not find Object.prototype's.
function readIrregularForms(word: string): readonly string[] {
  return Object.hasOwn(IRREGULAR_FORMS, word) ? (IRREGULAR_FORMS[word] ?? []) : [];
}

/** A pattern for one word and its simple inflections: leverage(s|d), leveraging, synergies. */
function inflectWord(word: string): string {
  const literal = escapeRegex(word);
  if (FIXED_WORDS.has(word) || !/^[a-z]+$/.test(word)) return literal;
  const irregular = readIrregularForms(word).map(escapeRegex);
  const last = word.at(-1) ?? '';
  let forms: string;
  if (last === 'e') {
    forms = `${literal.slice(0, -1)}(?:e|es|ed|ing)`;
  } else if (last === 'y' && !/[aeiou]y$/.test(word)) {
    forms = `${literal.slice(0, -1)}(?:y|ies|ied|ying)`;
  } else {
    // Covers plain endings and a doubled final consonant ("pinged", "dropping").
    forms = `${literal}(?:s|es|ed|ing|${last}ed|${last}ing)?`;
  }
  return irregular.length > 0 ? `(?:${forms}|${irregular.join('|')})` : forms;
}

// `\b` is several times faster than a Unicode look-around, so it is used wherever a term starts or
// ends with an ASCII letter or digit; other edges ("café", "c++") get the look-around.
const NOT_AFTER_WORD_CHAR = '(?<![A-Za-z0-9\\u00C0-\\uFFFF])';
const NOT_BEFORE_WORD_CHAR = '(?![A-Za-z0-9\\u00C0-\\uFFFF])';

function compileTerm(term: string): string {
  const normal = normaliseTerm(term);
  const words = normal.split(/[\s-]+/).filter((word) => word !== '');
  const body = words.map(inflectWord).join(`[\\s-]+${OPTIONAL_OBJECT}`);
  const before = /^[a-z0-9]/.test(normal) ? '' : NOT_AFTER_WORD_CHAR;
  const after = /[a-z0-9]$/.test(normal) ? '\\b' : NOT_BEFORE_WORD_CHAR;
  return `${before}${body}${after}`;
}

/**
 * Where a term may start: a word boundary, or any character that starts a term without an ASCII
 * first letter. Tried once per position instead of once per term, this keeps a long glossary cheap.
 */
function compileTermStart(terms: readonly string[]): string {
  const isAsciiStart = (term: string): boolean => /^[a-z0-9]/.test(term);
  const asciiLetters = [...new Set(terms.filter(isAsciiStart).map((term) => term.charAt(0)))];
  const starts = asciiLetters.length > 0 ? [`\\b(?=[${asciiLetters.join('')}])`] : [];
  if (terms.some((term) => !isAsciiStart(term))) starts.push('(?=[^A-Za-z0-9])');
  return `(?:${starts.join('|')})`;
}

/** The built-in list with the circle's entries on top: a circle entry replaces a built-in one. */
export function mergeGlossary(circleGlossary: readonly GlossaryEntry[] = []): GlossaryEntry[] {
  const byTerm = new Map<string, GlossaryEntry>();
  for (const entry of [...BUILT_IN_GLOSSARY, ...circleGlossary]) {
    const key = normaliseTerm(entry.term);
    if (key !== '' && /[\p{L}\p{N}]/u.test(key)) {
      byTerm.delete(key);
      byTerm.set(key, entry);
    }
  }
  return [...byTerm.values()];
}

/**
 * The starts a word using the term may have: its first letters up to the part an ending can
 * change ("tak" for take/taking), and those of its irregular forms ("took").
 */
function readFirstWordStarts(term: string): string[] {
  // Only the letters and digits a word match can see: "c" for "c++".
  const firstWord = /^[\p{L}\p{N}]+/u.exec(normaliseTerm(term))?.[0] ?? '';
  const forms = [firstWord, ...readIrregularForms(firstWord)];
  return forms.map((form) => {
    const stem = /[a-z]{2,}[ey]$/.test(form) ? form.slice(0, -1) : form;
    return stem.slice(0, START_LENGTH);
  });
}

function compileGlossary(circleGlossary: readonly GlossaryEntry[] | undefined): CompiledGlossary {
  // Longer terms first, so "action item" wins over a circle's own "action".
  const entries = mergeGlossary(circleGlossary).sort(
    (a, b) => normaliseTerm(b.term).length - normaliseTerm(a.term).length,
  );
  const firstWordStarts = new Set(entries.flatMap((entry) => readFirstWordStarts(entry.term)));
  const startLengths = [...new Set([...firstWordStarts].map((start) => start.length))];
  const isAlwaysScanned = entries.some(
    (entry) => !/^[\p{L}\p{N}]/u.test(normaliseTerm(entry.term)),
  );
  const check = { firstWordStarts, startLengths, isAlwaysScanned };
  if (entries.length === 0) return { pattern: undefined, entries, ...check };
  const alternatives = entries.map((entry) => `(${compileTerm(entry.term)})`).join('|');
  const start = compileTermStart(entries.map((entry) => normaliseTerm(entry.term)));
  return { pattern: new RegExp(`${start}(?:${alternatives})`, 'gi'), entries, ...check };
}

// A transcript tags thousands of utterances against the same glossary: compile it once per array.
const compiledByGlossary = new WeakMap<readonly GlossaryEntry[], CompiledGlossary>();
let compiledBuiltIn: CompiledGlossary | undefined;

function readCompiled(circleGlossary: readonly GlossaryEntry[] | undefined): CompiledGlossary {
  if (circleGlossary === undefined || circleGlossary.length === 0) {
    compiledBuiltIn ??= compileGlossary(undefined);
    return compiledBuiltIn;
  }
  let compiled = compiledByGlossary.get(circleGlossary);
  if (compiled === undefined) {
    compiled = compileGlossary(circleGlossary);
    compiledByGlossary.set(circleGlossary, compiled);
  }
  return compiled;
}

/**
 * The glossary terms an utterance uses, each once, in the order they first appear. Matching is
 * whole-word, case-insensitive and allows simple inflections ("leveraging", "circled back").
 */
function mayUseATerm(text: string, compiled: CompiledGlossary): boolean {
  if (compiled.isAlwaysScanned) return true;
  for (const [word] of text.toLowerCase().matchAll(WORD)) {
    for (const length of compiled.startLengths) {
      if (compiled.firstWordStarts.has(word.slice(0, length))) return true;
    }
  }
  return false;
}

export function findJargon(text: string, glossary?: readonly GlossaryEntry[]): JargonHit[] {
  const compiled = readCompiled(glossary);
  const { pattern, entries } = compiled;
  if (pattern === undefined || typeof text !== 'string' || text === '') return [];
  if (!mayUseATerm(text, compiled)) return [];
  const hits: JargonHit[] = [];
  const seen = new Set<GlossaryEntry>();
  for (const match of text.matchAll(pattern)) {
    const groupIndex = match.findIndex((group, index) => index > 0 && group !== undefined);
    const entry = entries[groupIndex - 1];
    if (entry !== undefined && !seen.has(entry)) {
      seen.add(entry);
      hits.push({ term: entry.term, plain: entry.plain });
    }
  }
  return hits;
}
