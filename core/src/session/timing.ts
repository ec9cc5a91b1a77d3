import type { StageId, DurationMs, EpochMs } from '../units.js';
import type { SessionState, StageRun, StageRunOutcome } from './model.js';
import { currentRun, currentStage } from './stages.js';

// The stage clock is derived, never stored: from when the run started, the time spent paused and
// the time-box plus extensions. Every panel that has the same state and the same `now` shows the
// same clock.

/**
 * The time the machine reads for `now`: never earlier than the latest time it has already been
 * given, so a slightly late clock cannot run the timeline backwards. A non-finite `now` reads as
 * that latest time.
 */
export function effectiveNowMs(state: SessionState, now: EpochMs): EpochMs {
  const latestAtMs = state.latestAtMs;
  if (!Number.isFinite(now)) return latestAtMs ?? 0;
  return latestAtMs === null ? now : Math.max(now, latestAtMs);
}

/** Time the current stage has run, pauses excluded. 0 before the start and after the end. */
export function stageElapsedMs(state: SessionState, now: EpochMs): DurationMs {
  const run = currentRun(state);
  if (run === null) return 0;
  const untilMs = state.pause?.atMs ?? effectiveNowMs(state, now);
  return activeMs(run, untilMs);
}

/** The current stage's time-box plus whatever extends added to this run. */
export function stageAllowanceMs(state: SessionState): DurationMs {
  const stage = currentStage(state);
  if (stage === null) return 0;
  return stage.timeboxMs + (currentRun(state)?.extendedMs ?? 0);
}

/** Never negative: an overrun stage has 0 left, and its overrun is `stageOverrunMs`. */
export function stageRemainingMs(state: SessionState, now: EpochMs): DurationMs {
  return Math.max(0, stageAllowanceMs(state) - stageElapsedMs(state, now));
}

/** How far the current stage has run past its time-box and extensions; 0 when it has not. */
export function stageOverrunMs(state: SessionState, now: EpochMs): DurationMs {
  if (currentRun(state) === null) return 0;
  return Math.max(0, stageElapsedMs(state, now) - stageAllowanceMs(state));
}

export function isStageOverrun(state: SessionState, now: EpochMs): boolean {
  return stageOverrunMs(state, now) > 0;
}

/** A run's length with pauses taken out; an open run is measured up to `untilMs`. */
export function activeMs(run: StageRun, untilMs: EpochMs): DurationMs {
  const endMs = run.endedAtMs ?? untilMs;
  return Math.max(0, endMs - run.startedAtMs - run.pausedMs);
}

/** One run of a stage, measured: shared/METRICS.md `stageOverrunMs` is `actualMs − timeboxMs`. */
export interface StageRunReport extends StageRun {
  readonly stageName: string;
  readonly timeboxMs: DurationMs;
  readonly actualMs: DurationMs;
  /** Actual length minus the time-box (not counting extensions); negative when early. */
  readonly overrunMs: DurationMs;
}

export function measureStageRuns(state: SessionState, now: EpochMs): readonly StageRunReport[] {
  const open = currentRun(state);
  return state.timeline.map((run) => {
    const stage = state.framework.stages[run.stageIndex];
    const timeboxMs = stage?.timeboxMs ?? 0;
    const actualMs = run === open ? stageElapsedMs(state, now) : activeMs(run, run.startedAtMs);
    return {
      ...run,
      stageName: stage?.name ?? run.stageId,
      timeboxMs,
      actualMs,
      overrunMs: actualMs - timeboxMs,
    };
  });
}

/** Where a stage of the plan stands: how its last run ended, still running, or never reached. */
export type StagePlanStatus = StageRunOutcome | 'in-progress' | 'not-reached';

/** One stage of the framework, planned against actual, over all of its runs. */
export interface StagePlanVersusActual {
  readonly stageId: StageId;
  readonly stageIndex: number;
  readonly stageName: string;
  readonly plannedMs: DurationMs;
  readonly actualMs: DurationMs;
  readonly extendedMs: DurationMs;
  readonly pausedMs: DurationMs;
  readonly runCount: number;
  /** Actual minus planned (shared/METRICS.md `stageOverrunMs`); null for a stage never reached. */
  readonly overrunMs: DurationMs | null;
  readonly status: StagePlanStatus;
}

/** Every stage of the plan in order, for the summary's "planned vs actual" timeline. */
export function comparePlanWithActual(
  state: SessionState,
  now: EpochMs,
): readonly StagePlanVersusActual[] {
  const reports = measureStageRuns(state, now);
  return state.framework.stages.map((stage, stageIndex) => {
    const runs = reports.filter((report) => report.stageIndex === stageIndex);
    const actualMs = sumOf(runs, (run) => run.actualMs);
    const lastRun = runs.at(-1);
    return {
      stageId: stage.id,
      stageIndex,
      stageName: stage.name,
      plannedMs: stage.timeboxMs,
      actualMs,
      extendedMs: sumOf(runs, (run) => run.extendedMs),
      pausedMs: sumOf(runs, (run) => run.pausedMs),
      runCount: runs.length,
      overrunMs: lastRun === undefined ? null : actualMs - stage.timeboxMs,
      status: lastRun === undefined ? 'not-reached' : (lastRun.outcome ?? 'in-progress'),
    };
  });
}

function sumOf<T>(items: readonly T[], measure: (item: T) => number): number {
  return items.reduce((total, item) => total + measure(item), 0);
}
