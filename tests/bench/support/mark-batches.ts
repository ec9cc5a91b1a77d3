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

/**
 * `createTapBatch` as its JSON body, written straight to a string: the load generator runs this
 * for every request, on the same two cores as the server it measures, so it should cost the
 * server as little CPU as it can. Ids and speakers must need no JSON escaping (the benches' own
 * ids and the demo user ids don't); the test beside it checks it matches JSON.stringify.
 */
export function formatTapBatchJson(
  batchId: string,
  firstAtMs: number,
  count: number,
  speakers: readonly (string | null)[],
): string {
  let json = `{"batchId":"${batchId}","marks":[`;
  for (let index = 0; index < count; index += 1) {
    const speaker = speakers[index % speakers.length] ?? null;
    json +=
      `${index === 0 ? '' : ','}{"kind":"speech","id":"${batchId}.${index}",` +
      `"atMs":${firstAtMs + index * 1_000},"source":"observer",` +
      `"speaker":${speaker === null ? 'null' : `"${speaker}"`}}`;
  }
  return `${json}]}`;
}
