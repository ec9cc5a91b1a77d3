import { performance } from 'node:perf_hooks';
import { setImmediate as waitForEventLoop } from 'node:timers/promises';
import { analyzeTranscriptInSteps } from '@grow-together/core';
import type {
  AnalyzeTranscriptOptions,
  AnalyzeTranscriptResult,
  TranscriptProgress,
} from '@grow-together/core';

// core does the transcript work as a generator of small steps and keeps no clock; this is the
// host's half. It runs steps until about `sliceMs` of work has passed, then lets the event loop
// serve whatever is waiting (requests, bot activities) before going on. A slice overruns by at
// most one step, and core's steps are bounded (ten cues tagged, a few hundred read), so even an
// 8-hour transcript never holds the loop near the 50 ms that issue 3 allows.

export const DEFAULT_SLICE_MS = 10;

export interface RunWithoutBlockingOptions<TStep> {
  readonly sliceMs?: number;
  /** Stops between steps; the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (step: TStep) => void;
}

export async function runWithoutBlocking<TStep, TResult>(
  steps: Generator<TStep, TResult, void>,
  options: RunWithoutBlockingOptions<TStep> = {},
): Promise<TResult> {
  const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
  let sliceStartMs = performance.now();
  for (;;) {
    options.signal?.throwIfAborted();
    const step = steps.next();
    if (step.done === true) return step.value;
    options.onProgress?.(step.value);
    if (performance.now() - sliceStartMs >= sliceMs) {
      await waitForEventLoop();
      sliceStartMs = performance.now();
    }
  }
}

export function analyzeTranscriptWithoutBlocking(
  text: string,
  options: AnalyzeTranscriptOptions & RunWithoutBlockingOptions<TranscriptProgress> = {},
): Promise<AnalyzeTranscriptResult> {
  const { sliceMs, signal, onProgress, ...analysisOptions } = options;
  return runWithoutBlocking(analyzeTranscriptInSteps(text, analysisOptions), {
    ...(sliceMs === undefined ? {} : { sliceMs }),
    ...(signal === undefined ? {} : { signal }),
    ...(onProgress === undefined ? {} : { onProgress }),
  });
}
