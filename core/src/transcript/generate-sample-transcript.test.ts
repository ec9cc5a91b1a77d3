import { describe, expect, it } from 'vitest';
import {
  formatVttTimestamp,
  generateSampleTranscript,
  SAMPLE_SPEAKERS,
} from './generate-sample-transcript.js';
import { parseVtt } from './parse-vtt.js';

describe('generateSampleTranscript', () => {
  it('writes a Teams transcript of about the asked length with every speaker in it', () => {
    const hourMs = 3_600_000;
    const text = generateSampleTranscript({ durationMs: hourMs, seed: 7 });
    const result = parseVtt(text);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.format).toBe('teams');
    const lastEndMs = Math.max(...result.cues.map((cue) => cue.endMs));
    expect(lastEndMs).toBeGreaterThanOrEqual(hourMs);
    expect(lastEndMs).toBeLessThan(hourMs + 10_000);
    expect(new Set(result.cues.map((cue) => cue.speaker))).toEqual(new Set(SAMPLE_SPEAKERS));
  });

  it('is the same file for the same seed and another for another seed', () => {
    const options = { durationMs: 120_000, speakers: ['A', 'B'] };
    expect(generateSampleTranscript({ ...options, seed: 3 })).toBe(
      generateSampleTranscript({ ...options, seed: 3 }),
    );
    expect(generateSampleTranscript({ ...options, seed: 3 })).not.toBe(
      generateSampleTranscript({ ...options, seed: 4 }),
    );
  });
});

describe('formatVttTimestamp', () => {
  it('pads every part', () => {
    // 1 h + 2 min + 3 s + 4 ms = 3 723 004 ms
    expect(formatVttTimestamp(3_723_004)).toBe('01:02:03.004');
    expect(formatVttTimestamp(0)).toBe('00:00:00.000');
  });
});
