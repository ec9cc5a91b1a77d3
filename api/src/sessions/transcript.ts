import { createHash } from 'node:crypto';
import {
  matchTranscriptSpeakers,
  type SessionSummary,
  type TranscriptAnalysis,
} from '@grow-together/core';
import { analyzeTranscriptWithoutBlocking } from '../analysis/analyze-without-blocking.js';
import type { Caller } from '../auth/caller.js';
import type { StoredCircle } from '../circles/circle-store.js';
import { appError } from '../errors.js';
import { publishSaved, type SessionDeps } from './deps.js';
import {
  formatTranscriptId,
  toSessionView,
  type SessionView,
  type TranscriptDocument,
} from './model.js';
import { readSession, updateSession } from './session-store.js';
import { buildSessionSummary } from './summary.js';

/** A full day of meetings is about 15,000 cues; beyond this a file is not one session's. */
export const MAX_TRANSCRIPT_CUES = 20_000;
export const MAX_TRANSCRIPT_BYTES = 5 * 1024 * 1024;
/** Under Cosmos DB's 2 MB per item, with room for the fields around the analysis. */
const MAX_ANALYSIS_CHARS = 1_500_000;

export interface TranscriptOutcome {
  readonly session: SessionView;
  readonly summary: SessionSummary;
}

/**
 * Analyses an uploaded WebVTT transcript without blocking the server, keeps the analysis with the
 * session, and answers with the summary it now gives (the transcript's exact airtime replaces the
 * observer's taps there). What people who opted out of tracking said is not kept.
 */
export async function uploadTranscript(
  deps: SessionDeps,
  circle: StoredCircle,
  sessionId: string,
  caller: Caller,
  text: string,
): Promise<TranscriptOutcome> {
  const { store } = deps;
  const session = await readSession(store, circle.id, sessionId);
  const cueCount = countCues(text);
  if (cueCount > MAX_TRANSCRIPT_CUES) {
    throw appError(
      'UNPROCESSABLE',
      `The transcript has ${cueCount} cues; one session's transcript has at most ${MAX_TRANSCRIPT_CUES}.`,
      { field: 'body' },
    );
  }
  const optedOut = Object.values(session.state.participants).filter((p) => p.optedOutOfTracking);
  // A resend (a retry after a lost answer) of what is already kept is answered without a write,
  // so the session's version and every open panel stay as they are.
  const sourceHash = hashSource(text, optedOut, circle.glossary);
  const kept = await store.read<TranscriptDocument>(
    'circles',
    circle.id,
    formatTranscriptId(sessionId),
  );
  if (kept?.sourceHash === sourceHash && session.transcript !== null) {
    return {
      session: toSessionView(session),
      summary: await buildSessionSummary(store, circle, session, deps.readNowMs()),
    };
  }
  const result = await analyzeTranscriptWithoutBlocking(text, { glossary: circle.glossary });
  if (!result.ok) {
    throw appError(
      'UNPROCESSABLE',
      `The transcript is not WebVTT we can read: line ${result.error.line}: ${result.error.message}`,
      { field: 'body', line: result.error.line },
    );
  }
  const analysis = fitInOneDocument(
    withoutTextsOf(result.analysis, optedOut, session.state.participants),
  );
  const nowMs = deps.readNowMs();
  await store.upsert<TranscriptDocument>('circles', {
    id: formatTranscriptId(sessionId),
    circleId: circle.id,
    type: 'transcript',
    sessionId,
    uploadedAtMs: nowMs,
    sourceHash,
    analysis,
  });
  const saved = await updateSession(
    store,
    circle.id,
    sessionId,
    (current) => ({
      kind: 'save',
      next: {
        ...current,
        transcript: {
          uploadedAtMs: nowMs,
          uploadedBy: caller.userId,
          format: analysis.format,
          durationMs: analysis.durationMs,
          utteranceCount: analysis.utterances.length,
          hasTexts: analysis.utterances.some((utterance) => utterance.text !== ''),
        },
      },
      answer: (document) => document,
    }),
    { nowMs: deps.readNowMs, onSaved: (document) => publishSaved(deps, document) },
  );
  return {
    session: toSessionView(saved),
    summary: await buildSessionSummary(store, circle, saved, deps.readNowMs()),
  };
}

/** What the analysis depends on: the text, who had opted out, and the circle's glossary. */
function hashSource(
  text: string,
  optedOut: readonly { readonly id: string }[],
  glossary: StoredCircle['glossary'],
): string {
  const ids = optedOut.map((person) => person.id).sort();
  return createHash('sha256')
    .update(text)
    .update('\u0000')
    .update(ids.join('\u0000'))
    .update('\u0000')
    .update(JSON.stringify(glossary))
    .digest('hex');
}

function countCues(text: string): number {
  let count = 0;
  for (let at = text.indexOf('-->'); at !== -1; at = text.indexOf('-->', at + 3)) count += 1;
  return count;
}

/** Speakers are matched to people as the summary matches them, so the same people are left out. */
function withoutTextsOf(
  analysis: TranscriptAnalysis,
  optedOut: readonly { readonly id: string }[],
  participants: Readonly<Record<string, { readonly id: string; readonly displayName: string }>>,
): TranscriptAnalysis {
  if (optedOut.length === 0) return analysis;
  const speakers = analysis.utterances.flatMap((u) => (u.speaker === null ? [] : [u.speaker]));
  const match = matchTranscriptSpeakers(speakers, Object.values(participants));
  const optedOutIds = new Set(optedOut.map((person) => person.id));
  return {
    ...analysis,
    utterances: analysis.utterances.map((utterance) => {
      const id = utterance.speaker === null ? undefined : match.idBySpeaker.get(utterance.speaker);
      return id !== undefined && optedOutIds.has(id) ? { ...utterance, text: '' } : utterance;
    }),
  };
}

/** The metrics, tags and jargon are what the summary needs; the texts go when they do not fit. */
function fitInOneDocument(analysis: TranscriptAnalysis): TranscriptAnalysis {
  if (JSON.stringify(analysis).length <= MAX_ANALYSIS_CHARS) return analysis;
  const withoutTexts = {
    ...analysis,
    utterances: analysis.utterances.map((u) => ({ ...u, text: '' })),
  };
  if (JSON.stringify(withoutTexts).length > MAX_ANALYSIS_CHARS) {
    throw appError(
      'PAYLOAD_TOO_LARGE',
      'The transcript is too long to keep with one session: upload one meeting at a time.',
    );
  }
  return withoutTexts;
}
