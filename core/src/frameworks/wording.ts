// The wording check for framework scripts: retext-equality's maintained rules for biased or
// exclusionary English, configured so that it does not nag people who are already writing with care.
import retextEnglish from 'retext-english';
import retextEquality from 'retext-equality';
import { unified } from 'unified';

export interface WordingIssue {
  /** The words as written, e.g. "guys". */
  readonly phrase: string;
  /** One sentence a person can act on. */
  readonly message: string;
  /** Wording to use instead; empty when the advice is to drop the word. */
  readonly suggestions: readonly string[];
  /** retext-equality's rule id, e.g. "gals-man". */
  readonly ruleId: string;
}

/**
 * Phrases we deliberately do not flag, each a false positive in this product:
 * - "host", "hosts": the meeting host is a role in Teams and Zoom; the rule is about "hostess",
 *   and its suggestions (presenter, emcee) would mislead.
 * - "mental": "a mental note", "mental health", "a mental model" are neutral in coaching. The
 *   derogatory phrases ("mental case", "mentally ill", "crazy", "insane") are separate entries
 *   and stay flagged.
 * - "just": in prompts it almost always means "only" ("just one skill", "just listen"). The
 *   minimising "why don't you just…" is caught where it matters, as a leading question in the
 *   language tags, not in the script.
 */
const IGNORED_PHRASES = ['host', 'hosts', 'mental', 'just'];

/**
 * `binary: true` accepts pairs written on purpose, such as "he or she" or "women and men": telling
 * someone who wrote them that they were exclusionary would annoy more than it helps. A lone "he",
 * "she", "his" or "her" is still flagged, because a script speaks to roles whose gender nobody
 * knows, and "they" or the role's name fits every reader.
 */
const processor = unified()
  .use(retextEnglish)
  .use(retextEquality, { binary: true, ignore: IGNORED_PHRASES })
  .freeze();

/** Pronoun rules suggest "it" for a person; we never offer that. */
const UNFIT_SUGGESTIONS = new Set(['it']);

/** A check that failed must not pass silently as "no issues": the text is held back instead. */
const UNCHECKED: WordingIssue = {
  phrase: '',
  message: 'This text could not be checked for exclusionary wording. Try rephrasing it.',
  suggestions: [],
  ruleId: 'unchecked',
};

export function checkWording(text: string): readonly WordingIssue[] {
  if (text.trim() === '') return [];
  const tree = processor.parse(text);
  let issues: readonly WordingIssue[] = [UNCHECKED];
  // `run` calls back synchronously when every plugin is synchronous, as these are; this is the
  // same guarantee `runSync` relies on, and the callback is what hands us the file's messages.
  processor.run(tree, text, (error, _tree, file) => {
    if (error !== undefined && error !== null) return;
    issues = (file?.messages ?? []).map((message) =>
      toWordingIssue(
        message.actual ?? '',
        message.expected ?? [],
        message.ruleId ?? 'unknown',
        message.note,
      ),
    );
  });
  return issues;
}

function toWordingIssue(
  phrase: string,
  expected: readonly string[],
  ruleId: string,
  note: string | undefined,
): WordingIssue {
  const suggestions = expected.filter((word) => !UNFIT_SUGGESTIONS.has(word.toLowerCase()));
  const advice =
    suggestions.length > 0
      ? `Try ${suggestions
          .slice(0, 4)
          .map((word) => `“${word}”`)
          .join(', ')} instead.`
      : 'Try leaving it out or saying what you mean more directly.';
  const reason = note === undefined ? '' : ` ${stripSource(note)}`;
  return {
    phrase,
    message: `“${phrase}” may exclude or hurt some readers.${reason} ${advice}`.replace(
      /\s+/g,
      ' ',
    ),
    suggestions,
    ruleId,
  };
}

/** retext-equality's notes end with "(source: https://…)", which is noise in a side panel. */
function stripSource(note: string): string {
  return note
    .replace(/\(?source:\s*\S+\)?\.?/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
}
