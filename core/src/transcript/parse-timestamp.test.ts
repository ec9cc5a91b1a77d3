import { describe, expect, it } from 'vitest';
import { parseTimestamp } from './parse-timestamp.js';

describe('parseTimestamp', () => {
  it.each([
    // text, ms, isPadded
    ['00:00:05.320', 5_320, true],
    ['01:02:03.004', 3_723_004, true],
    ['100:00:00.000', 360_000_000, true],
    ['02:03.004', 123_004, true],
    // Graph: 0 h 0 min 5.32 s, the fraction is decimal: .32 s = 320 ms.
    ['0:0:5.32', 5_320, false],
    ['0:0:0.0', 0, false],
    ['1:2:3.4', 3_723_400, false],
    // Seven fraction digits (Graph metadata) are cut to whole milliseconds.
    ['00:00:01.2345678', 1_234, false],
    ['00:00:07', 7_000, false],
    // Without hours, minutes may run past 59: 75 min = 4 500 000 ms.
    ['75:00.000', 4_500_000, true],
  ])('reads %s as %d ms', (text, ms, isPadded) => {
    expect(parseTimestamp(text)).toEqual({ ms, isPadded });
  });

  it.each([
    '',
    '5',
    '00:0x:01.000',
    '00:00:01.00a',
    '1:2:3:4',
    '-1:00.000',
    '00:60:00.000',
    '00:00:60.000',
    '00:00:05.',
    '00:00:.500',
    ' 00:00:01.000',
    '00:00:01,000',
    '1234567890:00:00.000',
  ])('refuses %j', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });
});
