import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeTranscript } from '@grow-together/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// METRICS.md: the order in which cues arrive never changes a metric. Every fixture, its blocks
// (cues, NOTE and STYLE blocks) shuffled any way and written with any line ending, analyses the
// same as the file as written.

const fixturesDir = fileURLToPath(new URL('../fixtures/transcripts/', import.meta.url));

function splitBlocks(text: string): { header: string[]; blocks: string[][] } {
  const groups: string[][] = [[]];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') groups.push([]);
    else groups.at(-1)?.push(line);
  }
  const [header = [], ...blocks] = groups.filter((group) => group.length > 0);
  return { header, blocks };
}

describe.each(['teams.vtt', 'graph.vtt', 'zoom.vtt', 'plain.vtt'])('%s', (name) => {
  const text = readFileSync(`${fixturesDir}${name}`, 'utf8');
  const asWritten = analyzeTranscript(text);

  it('parses as written', () => {
    expect(asWritten.ok).toBe(true);
  });

  it('analyses the same whatever the order of its blocks', () => {
    const { header, blocks } = splitBlocks(text);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(blocks, { minLength: blocks.length, maxLength: blocks.length }),
        fc.constantFrom('\n', '\r\n', '\r'),
        (shuffled, newline) => {
          const rewritten = [header, ...shuffled]
            .map((block) => block.join(newline))
            .join(newline + newline);
          expect(analyzeTranscript(rewritten)).toEqual(asWritten);
        },
      ),
      { numRuns: 100 },
    );
  });
});
