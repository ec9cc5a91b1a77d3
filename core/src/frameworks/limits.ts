import { MINUTE_MS } from '../units.js';
import type { DurationMs } from '../units.js';
import type { Framework } from './model.js';

// The limits an edited framework must keep (issue 2): a stage long enough to matter and short
// enough to keep energy, and a whole session that fits in a meeting slot.
export const MIN_STAGE_TIMEBOX_MS: DurationMs = 1 * MINUTE_MS;
export const MAX_STAGE_TIMEBOX_MS: DurationMs = 60 * MINUTE_MS;
export const MAX_FRAMEWORK_TOTAL_MS: DurationMs = 120 * MINUTE_MS;

/** A prompt is read in a 320-px panel while someone is talking. */
export const MAX_PROMPT_LENGTH = 200;

/** The circle sizes each kind of framework may be written for: the sizes rotation can seat. */
export { GROUP_SIZE_LIMITS } from '../roles/group-roles.js';

export function frameworkTotalMs(framework: Pick<Framework, 'stages'>): DurationMs {
  return framework.stages.reduce((totalMs, stage) => totalMs + stage.timeboxMs, 0);
}
