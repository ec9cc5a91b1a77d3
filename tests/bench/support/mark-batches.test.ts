import { describe, expect, it } from 'vitest';
import { createTapBatch, formatTapBatchJson } from './mark-batches.js';

describe('formatTapBatchJson', () => {
  it('writes exactly what JSON.stringify writes for the same batch', () => {
    const speakers = ['demo-ana', null, 'demo-ben', 'demo-cai'];
    for (const count of [0, 1, 20]) {
      expect(formatTapBatchJson('run1-42', 1_764_000_000_000, count, speakers)).toBe(
        JSON.stringify(createTapBatch('run1-42', 1_764_000_000_000, count, speakers)),
      );
    }
  });

  it('parses back to unique mark ids within the batch', () => {
    const body = JSON.parse(formatTapBatchJson('b7', 0, 20, [null])) as {
      marks: { id: string; speaker: null }[];
    };
    expect(new Set(body.marks.map((mark) => mark.id)).size).toBe(20);
    expect(body.marks.every((mark) => mark.speaker === null)).toBe(true);
  });
});
