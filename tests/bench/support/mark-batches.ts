// The observer's taps as the marks route takes them: a speaking mark per tap, naming who speaks
// from then on, or nobody (silence).
import type { MarkInput } from '../../../api/src/sessions/schemas.js';

export interface MarksBody {
  readonly batchId: string;
  readonly marks: readonly MarkInput[];
}

export function createObserverTap(id: string, atMs: number, speaker: string | null): MarkInput {
  return { kind: 'speech', id, atMs, source: 'observer', speaker };
}

/** `count` taps one second apart, cycling through `speakers` (null is silence); ids are unique per `batchId`. */
export function createTapBatch(
  batchId: string,
  firstAtMs: number,
  count: number,
  speakers: readonly (string | null)[],
): MarksBody {
  const marks = Array.from({ length: count }, (_, index) =>
    createObserverTap(
      `${batchId}.${index}`,
      firstAtMs + index * 1_000,
      speakers[index % speakers.length] ?? null,
    ),
  );
  return { batchId, marks };
}
