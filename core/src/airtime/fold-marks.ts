import { isLanguageTag } from '../language/tags.js';
import type { EpochMs, MarkId, ParticipantId } from '../units.js';
import { clipInterval, hasLength, mergeIntervals } from './intervals.js';
import type { Mark, MarkSource, SpeechMark, Span, TagMark, TaggedUtterance } from './model.js';
import { compareText, orderSpans, orderUtterances } from './order.js';

// The airtime ledger: marks from every source folded into spans and tagged utterances. Marks may
// arrive late, twice or out of order (clients queue and replay them), so the fold depends only on
// the set of marks: duplicates collapse by id, undos are applied before anything else, and the
// rest is replayed in (atMs, id) order, never in arrival order.

export interface FoldOptions {
  /** People who opted out of airtime and language tracking: never given a span or an utterance. */
  readonly optedOut: ReadonlySet<ParticipantId> | readonly ParticipantId[];
  /** Open speech is closed here (the session's end, or `now` while live); later marks wait. */
  readonly untilMs: EpochMs;
  /** Speech before this (the session's start) is cut off, and earlier tags dropped. */
  readonly fromMs?: EpochMs;
}

/** Who a stream has speaking at `untilMs`, for the live panel. */
export interface OpenStream {
  readonly source: Exclude<MarkSource, 'silence-signal'>;
  readonly by: ParticipantId;
  readonly speaker: ParticipantId;
  readonly sinceMs: EpochMs;
}

export interface Ledger {
  /** One person's speech from every stream joined, in METRICS.md order. */
  readonly spans: Span[];
  readonly utterances: TaggedUtterance[];
  /** Everyone some stream has speaking at `untilMs`, sorted. */
  readonly speakingNow: ParticipantId[];
  readonly openStreams: OpenStream[];
}

export function foldMarks(marks: readonly Mark[], options: FoldOptions): Ledger {
  const optedOut = new Set(options.optedOut);
  const { untilMs } = options;
  const fromMs = options.fromMs ?? -Infinity;
  const replayable = applyUndos(keepFirstById(marks))
    .filter((mark) => Number.isFinite(mark.atMs) && mark.atMs <= untilMs)
    .sort((a, b) => a.atMs - b.atMs || compareText(a.id, b.id));

  const replay = replaySpeech(replayable.filter(isSpeechMark), optedOut, untilMs);
  const openStreams = replay.openStreams.map((open) => ({
    ...open,
    sinceMs: Math.max(open.sinceMs, fromMs),
  }));
  return {
    spans: joinSpansByParticipant(replay.spans)
      .map((span) => clipInterval(span, fromMs, untilMs))
      .filter((span) => span !== null),
    utterances: orderUtterances(
      replayable
        .filter(isTagMark)
        .filter((mark) => mark.atMs >= fromMs && !optedOut.has(mark.speaker))
        .filter((mark) => isLanguageTag(mark.tag))
        .map(({ speaker, atMs, tag, id }) => ({ participant: speaker, atMs, tag, key: id })),
    ),
    speakingNow: [...new Set(openStreams.map((open) => open.speaker))].sort(compareText),
    openStreams,
  };
}

/** A retried mark is an identical copy, so keeping the first one seen loses nothing. */
function keepFirstById(marks: readonly Mark[]): Mark[] {
  const byId = new Map<MarkId, Mark>();
  for (const mark of marks) if (!byId.has(mark.id)) byId.set(mark.id, mark);
  return [...byId.values()];
}

/**
 * Removes undo marks and what they target, whatever their times: an undo is a correction of the
 * record, not an event on the timeline. Undo is final, so an undo aimed at an undo does nothing,
 * and one aimed at an id never seen does nothing either.
 */
function applyUndos(marks: readonly Mark[]): Mark[] {
  const byId = new Map(marks.map((mark) => [mark.id, mark]));
  const undone = new Set<MarkId>();
  for (const mark of marks) {
    if (mark.kind === 'undo' && byId.get(mark.targetId)?.kind !== 'undo') undone.add(mark.targetId);
  }
  return marks.filter((mark) => mark.kind !== 'undo' && !undone.has(mark.id));
}

function isSpeechMark(mark: Mark): mark is SpeechMark {
  return mark.kind === 'speech';
}

function isTagMark(mark: Mark): mark is TagMark {
  return mark.kind === 'tag';
}

/**
 * Plays speech marks (in time order) through their streams. A stream is one source on one panel
 * (`source` + `by`) and has one speaker at a time; a mark names who speaks from then on, closing
 * the previous speaker's span. A silence signal closes every stream. Naming someone who opted out
 * still closes the previous speaker (they stopped) but opens nothing: that speech is never stored.
 */
function replaySpeech(
  marks: readonly SpeechMark[],
  optedOut: ReadonlySet<ParticipantId>,
  untilMs: EpochMs,
): { spans: Span[]; openStreams: OpenStream[] } {
  const streams = new Map<string, OpenStream>();
  const spans: Span[] = [];
  const close = (open: OpenStream, atMs: EpochMs) =>
    spans.push({ participant: open.speaker, startMs: open.sinceMs, endMs: atMs });

  for (const mark of marks) {
    if (mark.source === 'silence-signal') {
      streams.forEach((open) => close(open, mark.atMs));
      streams.clear();
      continue;
    }
    if (!isAllowedSpeaker(mark)) continue;
    const key = JSON.stringify([mark.source, mark.by]);
    const speaker = mark.speaker !== null && !optedOut.has(mark.speaker) ? mark.speaker : null;
    const open = streams.get(key);
    // The same speaker named again (a double tap, a repeated event) is one unbroken stretch.
    if ((open?.speaker ?? null) === speaker) continue;
    if (open !== undefined) close(open, mark.atMs);
    streams.delete(key);
    if (speaker !== null) {
      streams.set(key, { source: mark.source, by: mark.by, speaker, sinceMs: mark.atMs });
    }
  }
  streams.forEach((open) => close(open, untilMs));
  return { spans: spans.filter(hasLength), openStreams: sortStreams([...streams.values()]) };
}

/** A participant's own speaking state speaks only for them: anything else from it is ignored. */
function isAllowedSpeaker(mark: SpeechMark): boolean {
  return mark.source !== 'self-speaking' || mark.speaker === null || mark.speaker === mark.by;
}

function sortStreams(streams: OpenStream[]): OpenStream[] {
  return streams.sort((a, b) => compareText(a.source, b.source) || compareText(a.by, b.by));
}

/**
 * Joins each person's spans from all streams into their union. The same speech heard by the
 * observer and by the person's own speaking state is one stretch of talk: counting it twice would
 * inflate talk time, and keeping both spans would add turns and spans that nobody took.
 */
function joinSpansByParticipant(spans: readonly Span[]): Span[] {
  const byParticipant = new Map<ParticipantId, Span[]>();
  for (const span of spans) {
    const own = byParticipant.get(span.participant);
    if (own === undefined) byParticipant.set(span.participant, [span]);
    else own.push(span);
  }
  const joined = [...byParticipant].flatMap(([participant, own]) =>
    mergeIntervals(own).map((interval) => ({ participant, ...interval })),
  );
  return orderSpans(joined);
}
