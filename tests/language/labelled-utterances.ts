// Reads the labelled utterances of tests/fixtures/language/utterances.tsv and scores a tagger on
// them. Shared by the accuracy bench and the floor test, so both report the same figures.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LANGUAGE_TAGS, isLanguageTag } from '@grow-together/core';
import type { LanguageTag } from '@grow-together/core';

export type Split = 'tune' | 'holdout';

export interface LabelledUtterance {
  readonly split: Split;
  readonly tag: LanguageTag;
  readonly text: string;
  /** 1-based line in the file, for messages. */
  readonly line: number;
}

export const UTTERANCES_PATH = fileURLToPath(
  new URL('../fixtures/language/utterances.tsv', import.meta.url),
);

export function readLabelledUtterances(path = UTTERANCES_PATH): LabelledUtterance[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const rows: LabelledUtterance[] = [];
  lines.forEach((content, index) => {
    if (index === 0 || content.trim() === '') return; // header, trailing newline
    const [split, tag, text, ...rest] = content.split('\t');
    if ((split !== 'tune' && split !== 'holdout') || !isLanguageTag(tag) || !text || rest.length) {
      throw new Error(`${path}:${index + 1}: expected "tune|holdout<TAB>tag<TAB>text"`);
    }
    rows.push({ split, tag, text, line: index + 1 });
  });
  return rows;
}

/** Lower case, letters and digits only: how "the same text" is judged across the two splits. */
export function normaliseForComparison(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface TagScore {
  readonly tag: LanguageTag;
  readonly support: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface Confusion {
  readonly expected: LanguageTag;
  readonly actual: LanguageTag;
  readonly count: number;
}

export interface AccuracyReport {
  readonly count: number;
  readonly accuracy: number;
  readonly macroF1: number;
  readonly perTag: readonly TagScore[];
  /** Most frequent mistakes first. */
  readonly confusions: readonly Confusion[];
}

export function scoreTagger(
  rows: readonly LabelledUtterance[],
  tag: (text: string) => LanguageTag,
): AccuracyReport {
  const predictions = rows.map((row) => ({ expected: row.tag, actual: tag(row.text) }));
  const perTag = LANGUAGE_TAGS.map((current): TagScore => {
    const truePositives = predictions.filter((p) => p.expected === current && p.actual === current);
    const predicted = predictions.filter((p) => p.actual === current).length;
    const support = predictions.filter((p) => p.expected === current).length;
    const precision = predicted === 0 ? 0 : truePositives.length / predicted;
    const recall = support === 0 ? 0 : truePositives.length / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { tag: current, support, precision, recall, f1 };
  });
  const scored = perTag.filter((score) => score.support > 0);
  const confusionCounts = new Map<string, Confusion>();
  for (const { expected, actual } of predictions) {
    if (expected === actual) continue;
    const key = `${expected}>${actual}`;
    const count = (confusionCounts.get(key)?.count ?? 0) + 1;
    confusionCounts.set(key, { expected, actual, count });
  }
  return {
    count: rows.length,
    accuracy:
      rows.length === 0
        ? 0
        : predictions.filter((p) => p.expected === p.actual).length / rows.length,
    macroF1:
      scored.length === 0 ? 0 : scored.reduce((sum, score) => sum + score.f1, 0) / scored.length,
    perTag,
    confusions: [...confusionCounts.values()].sort(
      (a, b) =>
        b.count - a.count ||
        a.expected.localeCompare(b.expected) ||
        a.actual.localeCompare(b.actual),
    ),
  };
}
