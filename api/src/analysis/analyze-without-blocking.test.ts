import { analyzeTranscript, generateSampleTranscript } from '@grow-together/core';
import type { TranscriptProgress } from '@grow-together/core';
import { describe, expect, it } from 'vitest';
import {
  analyzeTranscriptWithoutBlocking,
  runWithoutBlocking,
} from './analyze-without-blocking.js';

const HOUR_MS = 3_600_000;
const MAX_BLOCK_MS = 50;

/**
 * Ticks every few ms and keeps the longest stretch between two ticks. The main thread's busy time
 * in a stretch is at most its wall-clock length and at most the CPU time the whole process spent
 * in it, so the smaller of the two is a sound bound on how long the event loop was blocked. Each
 * alone overstates it on a busy machine: wall-clock time counts the time the OS gave the core to
 * another test file (the suite runs files in parallel on two cores), and process CPU time counts
 * the process's other threads (garbage collection, the JIT, the SQLite writer). The wall-clock
 * figure on a quiet machine is printed by `npm run bench:transcript`.
 */
function startProbe(): { stop: () => number } {
  const cpuMs = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1_000;
  };
  let lastCpuMs = cpuMs();
  let lastWallMs = performance.now();
  let longestMs = 0;
  const measure = () => {
    const nowCpuMs = cpuMs();
    const nowWallMs = performance.now();
    longestMs = Math.max(longestMs, Math.min(nowCpuMs - lastCpuMs, nowWallMs - lastWallMs));
    lastCpuMs = nowCpuMs;
    lastWallMs = nowWallMs;
  };
  const timer = setInterval(measure, 2);
  return {
    stop: () => {
      clearInterval(timer);
      measure();
      return longestMs;
    },
  };
}

describe('analyzeTranscriptWithoutBlocking', () => {
  it('analyses an 8-hour, 6-speaker transcript without blocking the event loop for 50 ms', async () => {
    const text = generateSampleTranscript({ durationMs: 8 * HOUR_MS, seed: 42 });
    // Warm the code up first, so the figure is about the slicing and not about the JIT.
    analyzeTranscript(generateSampleTranscript({ durationMs: HOUR_MS, seed: 1 }));

    const probe = startProbe();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const result = await analyzeTranscriptWithoutBlocking(text);
    const longestBlockMs = probe.stop();

    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.analysis.participants).toHaveLength(6);
    expect(result.analysis.durationMs).toBeGreaterThanOrEqual(8 * HOUR_MS);
    expect(longestBlockMs).toBeLessThan(MAX_BLOCK_MS);
    // Same answer as the analysis in one go.
    expect(result).toEqual(analyzeTranscript(text));
  });

  it('reports progress and returns parse errors as results', async () => {
    const phases = new Set<string>();
    const result = await analyzeTranscriptWithoutBlocking('WEBVTT\n\n00:00:01.000 --> nope\n', {
      onProgress: (step: TranscriptProgress) => phases.add(step.phase),
    });
    expect(result).toEqual({ ok: false, error: { line: 3, message: 'broken timestamp "nope"' } });

    const ok = await analyzeTranscriptWithoutBlocking(
      generateSampleTranscript({ durationMs: 60_000, seed: 2 }),
      { onProgress: (step) => phases.add(step.phase) },
    );
    expect(ok.ok).toBe(true);
    expect([...phases].sort()).toEqual(['metrics', 'read', 'tag']);
  });
});

describe('runWithoutBlocking', () => {
  function* countTo(n: number, log: string[]): Generator<number, string, void> {
    for (let i = 1; i <= n; i += 1) {
      log.push(`step ${i}`);
      yield i;
    }
    return 'done';
  }

  it('lets waiting callbacks run between slices', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('waiting callback'));
    // A zero-length slice gives the loop a turn after every step.
    expect(await runWithoutBlocking(countTo(3, log), { sliceMs: 0 })).toBe('done');
    expect(log).toEqual(['step 1', 'waiting callback', 'step 2', 'step 3']);
  });

  it('runs a whole short job in one slice', async () => {
    const log: string[] = [];
    setImmediate(() => log.push('waiting callback'));
    expect(await runWithoutBlocking(countTo(3, log), { sliceMs: 60_000 })).toBe('done');
    expect(log).toEqual(['step 1', 'step 2', 'step 3']);
  });

  it('stops between steps when aborted', async () => {
    const controller = new AbortController();
    const log: string[] = [];
    const running = runWithoutBlocking(countTo(1_000, log), {
      sliceMs: 0,
      signal: controller.signal,
      onProgress: (step) => {
        if (step === 2) controller.abort(new Error('client went away'));
      },
    });
    await expect(running).rejects.toThrow('client went away');
    expect(log).toEqual(['step 1', 'step 2']);
  });
});
