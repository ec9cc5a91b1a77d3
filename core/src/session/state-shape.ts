import type { SessionState } from './model.js';
import { isId, isRecord } from './guards.js';

// The state comes back from the store, where a hand edit or an old document shape could have
// changed it. The machine checks the shape it relies on before reading it, so a damaged document
// gets an INVALID_STATE refusal rather than an exception or a wrong move.

const STATUSES: readonly unknown[] = ['not-started', 'running', 'paused', 'ended'];
const OUTCOMES: readonly unknown[] = ['done', 'skipped', 'went-back', 'session-ended', null];
const KINDS: readonly unknown[] = ['coaching', 'action-learning'];

export function isSessionState(value: unknown): value is SessionState {
  if (!isRecord(value)) return false;
  return (
    isId(value['id']) &&
    isFramework(value['framework']) &&
    STATUSES.includes(value['status']) &&
    Array.isArray(value['timeline']) &&
    value['timeline'].every(isStageRun) &&
    isPause(value['pause']) &&
    isTimeOrNull(value['startedAtMs']) &&
    isTimeOrNull(value['endedAtMs']) &&
    isTimeOrNull(value['latestAtMs']) &&
    isRecord(value['participants']) &&
    Object.entries(value['participants']).every(([id, p]) => isParticipant(p, id)) &&
    isStageIndexInRange(value) &&
    isConsistent(value as unknown as SessionState)
  );
}

function isFramework(value: unknown): boolean {
  if (!isRecord(value) || !KINDS.includes(value['kind'])) return false;
  const stages = value['stages'];
  return Array.isArray(stages) && stages.every(isStage);
}

function isStage(value: unknown): boolean {
  return (
    isRecord(value) &&
    isId(value['id']) &&
    typeof value['name'] === 'string' &&
    isDuration(value['timeboxMs']) &&
    isRecord(value['rules'])
  );
}

function isStageRun(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value['stageId'] === 'string' &&
    Number.isInteger(value['stageIndex']) &&
    isTime(value['startedAtMs']) &&
    isTimeOrNull(value['endedAtMs']) &&
    isDuration(value['pausedMs']) &&
    isDuration(value['extendedMs']) &&
    OUTCOMES.includes(value['outcome'])
  );
}

function isPause(value: unknown): boolean {
  return value === null || (isRecord(value) && isTime(value['atMs']) && isId(value['by']));
}

function isParticipant(value: unknown, key: string): boolean {
  if (!isRecord(value)) return false;
  const consent = value['consent'];
  return (
    value['id'] === key &&
    typeof value['displayName'] === 'string' &&
    (value['role'] === null || typeof value['role'] === 'string') &&
    (value['presence'] === 'present' || value['presence'] === 'absent') &&
    typeof value['isGuest'] === 'boolean' &&
    typeof value['optedOutOfTracking'] === 'boolean' &&
    isRecord(consent) &&
    Object.values(consent).every((answer) => answer === 'given' || answer === 'declined')
  );
}

function isStageIndexInRange(value: Readonly<Record<string, unknown>>): boolean {
  const index = value['stageIndex'];
  const stageCount = (value['framework'] as { stages: readonly unknown[] }).stages.length;
  return (
    Number.isInteger(index) && (index as number) >= 0 && (index as number) < Math.max(1, stageCount)
  );
}

/** The invariants the moves rely on: a running or paused session has its current run open. */
function isConsistent(state: SessionState): boolean {
  const lastRun = state.timeline.at(-1);
  const hasOpenRun = lastRun !== undefined && lastRun.endedAtMs === null;
  const isUnderway = state.status === 'running' || state.status === 'paused';
  if ((state.status === 'paused') !== (state.pause !== null)) return false;
  if (state.status === 'not-started') return state.timeline.length === 0;
  if (!isUnderway) return !hasOpenRun;
  return hasOpenRun && lastRun.stageIndex === state.stageIndex && state.startedAtMs !== null;
}

function isTime(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value);
}

function isTimeOrNull(value: unknown): boolean {
  return value === null || isTime(value);
}

function isDuration(value: unknown): boolean {
  return isTime(value) && (value as number) >= 0;
}
