import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_TAGS } from '../language/tags.js';
import { analyzeTranscript, analyzeTranscriptInSteps } from './analyze-transcript.js';
import { formatVttTimestamp, generateSampleTranscript } from './generate-sample-transcript.js';
import type { TranscriptProgress } from './model.js';

const file = [
  'WEBVTT',
  '',
  '00:00:02.000 --> 00:00:05.000',
  '<v Bo>What did you try first?</v>',
  '',
  '00:00:00.000 --> 00:00:02.000',
  '<v Ann>Thanks for coming.</v>',
  '',
  '00:00:05.000 --> 00:00:06.000',
  '[inaudible]',
  '',
  '00:00:07.000 --> 00:00:08.000',
  '<v Cy></v>',
].join('\n');

describe('analyzeTranscript', () => {
  const result = analyzeTranscript(file);
  if (!result.ok) throw new Error(result.error.message);
  const { analysis } = result;

  it('has exactly the JSON shape of the command line, keys in order', () => {
    expect(Object.keys(analysis)).toEqual([
      'format',
      'durationMs',
      'silentMs',
      'unattributedMs',
      'participants',
      'session',
      'utterances',
    ]);
    expect(Object.keys(analysis.session)).toEqual([
      'gini',
      'balance',
      'turnTakingIndex',
      'questionRatio',
      'openQuestionRate',
    ]);
    for (const participant of analysis.participants) {
      expect(Object.keys(participant)).toEqual([
        'name',
        'talkMs',
        'share',
        'turns',
        'longestMonologueMs',
        'interruptions',
        'questions',
        'questionRatio',
        'tags',
      ]);
      expect(Object.keys(participant.tags)).toEqual([...LANGUAGE_TAGS]);
    }
    for (const utterance of analysis.utterances) {
      expect(Object.keys(utterance)).toEqual([
        'speaker',
        'startMs',
        'endMs',
        'text',
        'tag',
        'jargon',
      ]);
    }
  });

  it('makes the roster from the speakers, in order of first appearance', () => {
    // Cy said nothing in words but was heard for 1 s: on the roster, with no utterance.
    expect(analysis.participants.map((p) => [p.name, p.talkMs])).toEqual([
      ['Ann', 2_000],
      ['Bo', 3_000],
      ['Cy', 1_000],
    ]);
    // 8 000 − 0 = 8 000 long; heard 0–6 000 and 7 000–8 000 → silent 1 000; unattributed 5–6 s.
    expect(analysis).toMatchObject({ durationMs: 8_000, silentMs: 1_000, unattributedMs: 1_000 });
  });

  it('tags every cue with text, the unattributed one too, but counts it for nobody', () => {
    expect(analysis.utterances.map((u) => u.speaker)).toEqual(['Ann', 'Bo', null]);
    const counted = analysis.participants.reduce(
      (sum, p) => sum + Object.values(p.tags).reduce((a, b) => a + b, 0),
      0,
    );
    expect(counted).toBe(2);
  });

  it('passes parse errors through with their line', () => {
    expect(analyzeTranscript('WEBVTT\n\n00:00:01.000 --> 0:0:0.5\nhi')).toEqual({
      ok: false,
      error: { line: 3, message: 'cue ends before it starts (00:00:01.000 --> 0:0:0.5)' },
    });
  });
});

describe('analyzeTranscriptInSteps', () => {
  it('does the work in small steps and returns the same analysis', () => {
    const text = generateSampleTranscript({ durationMs: 10 * 60_000, seed: 5 });
    const steps = analyzeTranscriptInSteps(text);
    const progress: TranscriptProgress[] = [];
    let step = steps.next();
    while (step.done !== true) {
      progress.push(step.value);
      step = steps.next();
    }
    expect(step.value).toEqual(analyzeTranscript(text));
    const tagSteps = progress.filter((p) => p.phase === 'tag');
    const cueCount = tagSteps[0]?.total ?? 0;
    // A step before every 10 cues tagged, then one metrics step.
    expect(tagSteps).toHaveLength(Math.ceil(cueCount / 10));
    expect(tagSteps.map((p) => p.done)).toEqual(tagSteps.map((_, index) => index * 10));
    expect(progress.filter((p) => p.phase === 'metrics')).toHaveLength(1);
  });
});

describe('shuffling the cues changes no metric', () => {
  const cue = fc.record({
    startMs: fc.integer({ min: 0, max: 60_000 }),
    lengthMs: fc.integer({ min: 0, max: 15_000 }),
    speakers: fc.subarray(['Ann', 'Bo', 'Cy Ray'], { maxLength: 2 }),
    text: fc.constantFrom('What now?', 'Did it work?', 'Thanks.', 'You should wait.', ''),
  });

  it('for any transcript, in any block order and line ending', () => {
    fc.assert(
      fc.property(
        fc.array(cue, { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(), { minLength: 20, maxLength: 20 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        (cues, keys, newline) => {
          const blocks = cues.map(({ startMs, lengthMs, speakers, text }) => {
            const timing = `${formatVttTimestamp(startMs)} --> ${formatVttTimestamp(startMs + lengthMs)}`;
            const voices = speakers.map((name) => `<v ${name}>${text}</v>`).join(' ');
            return `${timing}\n${speakers.length === 0 ? text : voices}`;
          });
          const shuffled = blocks
            .map((block, index) => ({ block, key: keys[index] ?? 0 }))
            .sort((a, b) => a.key - b.key)
            .map(({ block }) => block.replaceAll('\n', newline));
          const inOrder = analyzeTranscript(`WEBVTT\n\n${blocks.join('\n\n')}\n`);
          const outOfOrder = analyzeTranscript(
            `WEBVTT${newline}${newline}${shuffled.join(newline + newline)}`,
          );
          expect(outOfOrder).toEqual(inOrder);
        },
      ),
      { numRuns: 200 },
    );
  });
});
