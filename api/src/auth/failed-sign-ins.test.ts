import { describe, expect, it } from 'vitest';
import { createFailedSignIns } from './failed-sign-ins.js';

describe('failed sign-ins per address', () => {
  it('lets the limit through, then asks the address to wait until its window ends', () => {
    const failures = createFailedSignIns(3);
    expect([0, 1, 2].map((n) => failures.recordFailure('10.0.0.1', 1_000 + n))).toEqual([
      null,
      null,
      null,
    ]);
    expect(failures.recordFailure('10.0.0.1', 31_000)).toBe(30);
    expect(failures.recordFailure('10.0.0.2', 31_000)).toBeNull();
    expect(failures.recordFailure('10.0.0.1', 61_000)).toBeNull();
  });
});
