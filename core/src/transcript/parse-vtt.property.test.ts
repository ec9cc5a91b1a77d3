import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatVttTimestamp } from './generate-sample-transcript.js';
import type { ParseVttResult, TranscriptCue } from './model.js';
import { compareCues, parseVtt } from './parse-vtt.js';

const TOKENS = [
  'WEBVTT',
  '\n',
  '\r\n',
  '\r',
  '\n\n',
  '-->',
  ' --> ',
  '00:00:01.000',
  '0:0:5.32',
  '99:99.999',
  '<v ',
  '<v.loud ',
  '<',
  '>',
  '</v>',
  '<00:00:01.000>',
  '&amp;',
  '&',
  ':',
  'Ann: ',
  'NOTE',
  'STYLE',
  'text',
  '\uFEFF',
  '1',
  ' ',
];
const tokenSoup = fc
  .array(fc.constantFrom(...TOKENS), { maxLength: 60 })
  .map((tokens) => tokens.join(''));
const anyText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ maxLength: 200 }).map((text) => `WEBVTT\n\n${text}`),
  tokenSoup,
  tokenSoup.map((text) => `WEBVTT\n\n${text}`),
);

function countLines(text: string): number {
  return text.split(/\r\n|\r|\n/).length;
}

function withoutIds(result: ParseVttResult): unknown {
  if (!result.ok) return result;
  return {
    ...result,
    cues: result.cues.map(({ startMs, endMs, speaker, text }) => ({
      startMs,
      endMs,
      speaker,
      text,
    })),
  };
}

const WORDS = ['yes', 'what now?', 'thanks', 'idea: go', 'a < b', 'Q&A'];
const cueArbitrary = fc.record({
  startMs: fc.integer({ min: 0, max: 100_000 }),
  lengthMs: fc.integer({ min: 0, max: 20_000 }),
  speaker: fc.constantFrom('Ann', 'Bo Li', 'Cy', null),
  words: fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 3 }),
});
type GeneratedCue = typeof cueArbitrary extends fc.Arbitrary<infer T> ? T : never;

function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
}

function writeTeamsBlock(cue: GeneratedCue, index: number): string {
  const timing = `${formatVttTimestamp(cue.startMs)} --> ${formatVttTimestamp(cue.startMs + cue.lengthMs)}`;
  const body = cue.words.map(escapeText).join('\n');
  const text = cue.speaker === null ? body : `<v ${cue.speaker}>${body}</v>`;
  return `guid/${index}-0\n${timing}\n${text}`;
}

function expectedCue(cue: GeneratedCue): TranscriptCue {
  return {
    startMs: cue.startMs,
    endMs: cue.startMs + cue.lengthMs,
    speaker: cue.speaker,
    text: cue.words.join(' '),
  };
}

describe('parseVtt properties', () => {
  it('never throws, and an error names a line of the input', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = parseVtt(text);
        if (!result.ok) {
          expect(result.error.line).toBeGreaterThanOrEqual(1);
          expect(result.error.line).toBeLessThanOrEqual(countLines(text));
          expect(result.error.message).not.toMatch(/[\r\n]/);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('gives back the cues it was written from, sorted, whatever their order in the file', () => {
    fc.assert(
      fc.property(
        // With a voice somewhere the file is Teams; with none, "idea: go" would rightly be Zoom.
        fc
          .array(cueArbitrary, { minLength: 1, maxLength: 25 })
          .filter((cues) => cues.some((cue) => cue.speaker !== null)),
        fc.array(fc.nat(), { minLength: 25, maxLength: 25 }),
        (cues, shuffleKeys) => {
          const blocks = cues.map(writeTeamsBlock);
          const shuffled = blocks
            .map((block, index) => ({ block, key: shuffleKeys[index] ?? 0 }))
            .sort((a, b) => a.key - b.key)
            .map(({ block }) => block);
          const inOrder = parseVtt(`WEBVTT\n\n${blocks.join('\n\n')}\n`);
          const outOfOrder = parseVtt(`WEBVTT\r\n\r\n${shuffled.join('\r\n\r\n')}`);
          expect(withoutIds(outOfOrder)).toEqual(withoutIds(inOrder));
          const expected = cues.map(expectedCue).sort(compareCues);
          expect(withoutIds(inOrder)).toMatchObject({ ok: true, cues: expected });
        },
      ),
      { numRuns: 300 },
    );
  });
});
