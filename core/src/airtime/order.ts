import type { Span, TaggedUtterance } from './model.js';

// The order of shared/METRICS.md. Sorting every input this way before computing means the order in
// which marks, spans or cues arrive can never change a metric.

/** Compares by UTF-16 code units, never by locale, so every machine sorts ids the same way. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

export function compareSpans(a: Span, b: Span): number {
  return a.startMs - b.startMs || a.endMs - b.endMs || compareText(a.participant, b.participant);
}

export function compareUtterances(a: TaggedUtterance, b: TaggedUtterance): number {
  return a.atMs - b.atMs || compareText(a.participant, b.participant) || compareText(a.key, b.key);
}

export function orderSpans(spans: readonly Span[]): Span[] {
  return [...spans].sort(compareSpans);
}

export function orderUtterances(utterances: readonly TaggedUtterance[]): TaggedUtterance[] {
  return [...utterances].sort(compareUtterances);
}
