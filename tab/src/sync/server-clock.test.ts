import { describe, expect, it } from 'vitest';
import { createServerClock } from './server-clock.js';

function fakeClocks(wallMs: number) {
  let monotonicMs = 1_000;
  let wall = wallMs;
  return {
    readMonotonicMs: () => monotonicMs,
    readWallMs: () => wall,
    advance(ms: number) {
      monotonicMs += ms;
      wall += ms;
    },
    jumpWall(ms: number) {
      wall += ms;
    },
  };
}

describe('createServerClock', () => {
  it('is the local wall clock until the server has said its time', () => {
    const clocks = fakeClocks(1_700_000_000_000);
    const clock = createServerClock(clocks);
    clocks.advance(500);
    expect(clock.now()).toBe(1_700_000_000_500);
    expect(clock.offsetMs).toBe(0);
  });

  it('follows the server when the machine runs 90 s behind', () => {
    const clocks = fakeClocks(1_700_000_000_000);
    const clock = createServerClock(clocks);
    const serverAhead = 90_000;
    clocks.advance(40); // the message took 40 ms to arrive
    clock.observe(1_700_000_000_000 + serverAhead);
    clocks.advance(10_000);
    // Off by the one-way delay at most.
    expect(clock.now() - (1_700_000_010_040 + serverAhead)).toBeGreaterThanOrEqual(-40);
    expect(clock.now() - (1_700_000_010_040 + serverAhead)).toBeLessThanOrEqual(0);
    expect(clock.offsetMs).toBeCloseTo(serverAhead - 40, 5);
  });

  it('takes the least delayed of the recent samples', () => {
    const clocks = fakeClocks(0);
    const clock = createServerClock({ ...clocks, windowSize: 4 });
    // The server is 5 s ahead; messages arrive after 300, 20 and 150 ms.
    for (const delayMs of [300, 20, 150]) {
      const sentAtServer = clocks.readWallMs() + 5_000;
      clocks.advance(delayMs);
      clock.observe(sentAtServer);
    }
    expect(clock.offsetMs).toBe(5_000 - 20);
  });

  it('forgets samples older than its window, so a changed server clock is followed', () => {
    const clocks = fakeClocks(0);
    const clock = createServerClock({ ...clocks, windowSize: 2 });
    clock.observe(clocks.readWallMs() + 10_000);
    clock.observe(clocks.readWallMs() + 1_000);
    clock.observe(clocks.readWallMs() + 1_000);
    expect(clock.offsetMs).toBe(1_000);
    expect(clock.sampleCount).toBe(2);
  });

  it('keeps steady when the machine wall clock jumps (it runs on the monotonic clock)', () => {
    const clocks = fakeClocks(50_000);
    const clock = createServerClock(clocks);
    clock.observe(50_000);
    clocks.advance(1_000);
    clocks.jumpWall(3_600_000);
    expect(clock.now()).toBe(51_000);
  });

  it('ignores a server time that is not a number', () => {
    const clocks = fakeClocks(10);
    const clock = createServerClock(clocks);
    clock.observe(Number.NaN);
    expect(clock.sampleCount).toBe(0);
    expect(clock.now()).toBe(10);
  });
});
