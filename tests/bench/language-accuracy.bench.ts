// Tagging accuracy and speed on the labelled utterances (tests/fixtures/language/utterances.tsv).
// Prints per-tag precision, recall and F1 and the macro-F1, separately for the part the rules
// were tuned on and for the held-out part they never were, the most frequent confusions, and
// how many utterances a second the tagger reads. Run: npm run bench:language
import { performance } from 'node:perf_hooks';
import { findJargon, tagUtterance } from '@grow-together/core';
import {
  readLabelledUtterances,
  scoreTagger,
  type AccuracyReport,
  type LabelledUtterance,
} from '../language/labelled-utterances.js';

const HELD_OUT_TARGET_MACRO_F1 = 0.85;
const percent = (value: number): string => `${(value * 100).toFixed(1)}%`.padStart(6);

function printReport(title: string, report: AccuracyReport): void {
  console.log(`\n${title}: ${report.count} utterances`);
  console.log(`  ${'tag'.padEnd(18)} ${'n'.padStart(4)} precision recall     F1`);
  for (const score of report.perTag) {
    const cells = [score.precision, score.recall, score.f1].map(percent).join('    ');
    console.log(`  ${score.tag.padEnd(18)} ${String(score.support).padStart(4)}    ${cells}`);
  }
  console.log(`  accuracy ${percent(report.accuracy)}   macro-F1 ${report.macroF1.toFixed(3)}`);
  const top = report.confusions.slice(0, 8);
  if (top.length > 0) {
    console.log('  top confusions (expected → tagged):');
    for (const { expected, actual, count } of top)
      console.log(`    ${count} × ${expected} → ${actual}`);
  }
}

function measureSpeed(rows: readonly LabelledUtterance[]): void {
  const texts = rows.map((row) => row.text);
  const rounds = Math.max(1, Math.ceil(20_000 / texts.length));
  for (const text of texts) tagUtterance(text); // warm up: tables are built on first use
  const startMs = performance.now();
  for (let round = 0; round < rounds; round += 1) for (const text of texts) tagUtterance(text);
  const tagMs = performance.now() - startMs;
  const jargonStartMs = performance.now();
  for (let round = 0; round < rounds; round += 1) for (const text of texts) findJargon(text);
  const jargonMs = performance.now() - jargonStartMs;
  const count = rounds * texts.length;
  const perSecond = (ms: number): string => Math.round((count / ms) * 1000).toLocaleString('en');
  console.log(
    `\nspeed: tagUtterance ${perSecond(tagMs)} utterances/s (${((tagMs * 1000) / count).toFixed(1)} µs each),` +
      ` findJargon ${perSecond(jargonMs)} utterances/s (${((jargonMs * 1000) / count).toFixed(1)} µs each)`,
  );
}

const rows = readLabelledUtterances();
const tune = scoreTagger(
  rows.filter((row) => row.split === 'tune'),
  tagUtterance,
);
const heldOut = scoreTagger(
  rows.filter((row) => row.split === 'holdout'),
  tagUtterance,
);
printReport('tune (rules were developed on these)', tune);
printReport('held out (never tuned on)', heldOut);

// The file is in writing order: the held-out rows above the first tune row were written before any
// tagging rule existed; the later ones after the rules, and neither was ever tuned on.
const firstTuneLine = rows.find((row) => row.split === 'tune')?.line ?? Infinity;
const heldOutRows = rows.filter((row) => row.split === 'holdout');
const early = scoreTagger(
  heldOutRows.filter((row) => row.line < firstTuneLine),
  tagUtterance,
);
const late = scoreTagger(
  heldOutRows.filter((row) => row.line > firstTuneLine),
  tagUtterance,
);
console.log(
  `  of which written before any rule: ${early.count}, macro-F1 ${early.macroF1.toFixed(3)};` +
    ` written after the first rules: ${late.count}, macro-F1 ${late.macroF1.toFixed(3)}`,
);
measureSpeed(rows);
const verdict = heldOut.macroF1 >= HELD_OUT_TARGET_MACRO_F1 ? 'meets' : 'MISSES';
console.log(
  `\nheld-out macro-F1 ${heldOut.macroF1.toFixed(3)} ${verdict} the target of ${HELD_OUT_TARGET_MACRO_F1}`,
);
