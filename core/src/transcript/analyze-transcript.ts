import { computeMetrics } from '../airtime/compute-metrics.js';
import type { Interval, Span, TaggedUtterance } from '../airtime/model.js';
import { findJargon } from '../language/find-jargon.js';
import { tagUtterance } from '../language/tag-utterance.js';
import type { ParticipantId } from '../units.js';
import type {
  AnalyzeTranscriptOptions,
  AnalyzeTranscriptResult,
  TranscriptAnalysis,
  TranscriptCue,
  TranscriptProgress,
  TranscriptUtterance,
} from './model.js';
import { parseVttInSteps } from './parse-vtt.js';

// A transcript on its own: the roster is the speakers found in it (a participant's id is the
// display name as written), cues with a speaker are spans, cues without one are unattributed time.
// Every cue with text is tagged, unattributed ones too; only attributed ones count for a person.
// The metrics come from computeMetrics, the same code the live ledger uses.
//
// The work is a generator so a host can spread an 8-hour file over many turns of its event loop:
// each yield comes after a bounded slice (a few thousand lines, a few hundred cues read, a few
// ten cues tagged). core keeps no clock: the host decides when to pause.

const CUES_PER_TAG_STEP = 10;

/** In order of first appearance on the file's timeline, so shuffled cues give the same roster. */
function findSpeakers(cues: readonly TranscriptCue[]): ParticipantId[] {
  const speakers = new Set<ParticipantId>();
  for (const { speaker } of cues) if (speaker !== null) speakers.add(speaker);
  return [...speakers];
}

function measureDurationMs(cues: readonly TranscriptCue[]): number {
  if (cues.length === 0) return 0;
  let startMs = Infinity;
  let endMs = -Infinity;
  for (const cue of cues) {
    startMs = Math.min(startMs, cue.startMs);
    endMs = Math.max(endMs, cue.endMs);
  }
  return endMs - startMs;
}

export function* analyzeTranscriptInSteps(
  text: string,
  options: AnalyzeTranscriptOptions = {},
): Generator<TranscriptProgress, AnalyzeTranscriptResult, void> {
  const parsed = yield* parseVttInSteps(text);
  if (!parsed.ok) return parsed;
  const { cues, format } = parsed;

  const utterances: TranscriptUtterance[] = [];
  for (const [index, cue] of cues.entries()) {
    if (index % CUES_PER_TAG_STEP === 0) yield { phase: 'tag', done: index, total: cues.length };
    if (cue.text === '') continue;
    utterances.push({
      speaker: cue.speaker,
      startMs: cue.startMs,
      endMs: cue.endMs,
      text: cue.text,
      tag: tagUtterance(cue.text),
      jargon: findJargon(cue.text, options.glossary),
    });
  }

  yield { phase: 'metrics', done: 0, total: 1 };
  const spans: Span[] = [];
  const unattributed: Interval[] = [];
  for (const { speaker, startMs, endMs } of cues) {
    if (speaker === null) unattributed.push({ startMs, endMs });
    else spans.push({ participant: speaker, startMs, endMs });
  }
  const tagged: TaggedUtterance[] = [];
  for (const { speaker, startMs, tag, text: said } of utterances) {
    if (speaker !== null) tagged.push({ participant: speaker, atMs: startMs, tag, key: said });
  }
  const metrics = computeMetrics({
    roster: findSpeakers(cues),
    spans,
    unattributed,
    utterances: tagged,
    durationMs: measureDurationMs(cues),
  });

  const { session } = metrics;
  const analysis: TranscriptAnalysis = {
    format,
    durationMs: session.durationMs,
    silentMs: session.silentMs,
    unattributedMs: session.unattributedMs,
    participants: metrics.participants.map((person) => ({
      name: person.participant,
      talkMs: person.talkMs,
      share: person.share,
      turns: person.turns,
      longestMonologueMs: person.longestMonologueMs,
      interruptions: person.interruptions,
      questions: person.questions,
      questionRatio: person.questionRatio,
      tags: person.tags,
    })),
    session: {
      gini: session.gini,
      balance: session.balance,
      turnTakingIndex: session.turnTakingIndex,
      questionRatio: session.questionRatio,
      openQuestionRate: session.openQuestionRate,
    },
    utterances,
  };
  return { ok: true, analysis };
}

/** The whole analysis in one go; `analyzeTranscriptInSteps` does the same work in slices. */
export function analyzeTranscript(
  text: string,
  options: AnalyzeTranscriptOptions = {},
): AnalyzeTranscriptResult {
  const steps = analyzeTranscriptInSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}
