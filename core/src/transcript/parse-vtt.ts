import { compareText } from '../airtime/order.js';
import type {
  ParseVttResult,
  TranscriptCue,
  TranscriptError,
  TranscriptFormat,
  TranscriptProgress,
} from './model.js';
import { parseTimestamp } from './parse-timestamp.js';
import { readCueText, readPlainText, splitSpeakerPrefix } from './read-cue-text.js';
import type { VoiceSegment } from './read-cue-text.js';

// WebVTT as Teams, Graph and Zoom write it (shared/METRICS.md), read block by block the way the
// WebVTT spec does: a header, then blocks split by blank lines, each a NOTE, STYLE or REGION
// block (skipped) or a cue (optional id line, timing line, text lines). Two liberties, both seen
// in the wild: a cue may follow the header without a blank line, and a line with "-->" inside a
// cue's text starts the next cue (the spec does this too). Whatever else is not WebVTT is an
// error naming its line, never skipped in silence.
//
// Several voice spans in one cue become one cue each, sharing the cue's timing: each voice spoke
// in that stretch, and a first-speaker-wins rule would hand everyone's words to one person.

const LINE_BREAK = /\r\n|\r|\n/;
const LINES_PER_STEP = 1_000;
const CUES_PER_STEP = 250;
const MAX_QUOTED = 40;
const TIMESTAMP_START = /^\s*\d{1,9}:\d/;

interface RawCue {
  readonly id: string | undefined;
  readonly startMs: number;
  readonly endMs: number;
  readonly isPadded: boolean;
  readonly lines: string[];
}

type Timing = Pick<RawCue, 'startMs' | 'endMs' | 'isPadded'>;

function quote(text: string): string {
  const clipped = text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
  return JSON.stringify(clipped);
}

function isBlank(line: string): boolean {
  return line.trim() === '';
}

/** A line that meant to be a timing line: an arrow of some kind, or a leading timestamp. */
function looksLikeTiming(line: string): boolean {
  return line.includes('->') || TIMESTAMP_START.test(line);
}

function isHeader(line: string): boolean {
  return line.startsWith('WEBVTT') && (line.length === 6 || line[6] === ' ' || line[6] === '\t');
}

function isSkippedBlock(line: string): boolean {
  return ['NOTE', 'STYLE', 'REGION'].some(
    (keyword) =>
      line.startsWith(keyword) &&
      (line.length === keyword.length || isBlank(line.charAt(keyword.length))),
  );
}

function parseTiming(line: string, lineNumber: number): Timing | TranscriptError {
  const arrow = line.indexOf('-->');
  const startText = line.slice(0, arrow).trim();
  const afterArrow = line.slice(arrow + 3).trimStart();
  let endLength = 0;
  while (endLength < afterArrow.length && !isBlank(afterArrow.charAt(endLength))) endLength += 1;
  // Whatever follows the end time is cue settings (position, align…), which say nothing about who
  // spoke when.
  const endText = afterArrow.slice(0, endLength);

  if (startText === '') return { line: lineNumber, message: 'missing start time before "-->"' };
  if (endText === '') return { line: lineNumber, message: 'missing end time after "-->"' };
  const start = parseTimestamp(startText);
  if (start === null) return { line: lineNumber, message: `broken timestamp ${quote(startText)}` };
  const end = parseTimestamp(endText);
  if (end === null) return { line: lineNumber, message: `broken timestamp ${quote(endText)}` };
  if (end.ms < start.ms) {
    return {
      line: lineNumber,
      message: `cue ends before it starts (${startText} --> ${endText})`,
    };
  }
  return { startMs: start.ms, endMs: end.ms, isPadded: start.isPadded && end.isPadded };
}

function isError(value: Timing | TranscriptError): value is TranscriptError {
  return 'message' in value;
}

function fail(error: TranscriptError): ParseVttResult {
  return { ok: false, error };
}

/** The same order as airtime spans: start, end, speaker (nobody first), then text. */
export function compareCues(a: TranscriptCue, b: TranscriptCue): number {
  if (a.startMs !== b.startMs) return a.startMs - b.startMs;
  if (a.endMs !== b.endMs) return a.endMs - b.endMs;
  if (a.speaker !== b.speaker) {
    if (a.speaker === null) return -1;
    if (b.speaker === null) return 1;
    return compareText(a.speaker, b.speaker);
  }
  return compareText(a.text, b.text);
}

/** Splits the file into raw cues; the text of each is read afterwards, once the format is known. */
function* scanBlocks(
  lines: readonly string[],
): Generator<TranscriptProgress, RawCue[] | TranscriptError, void> {
  const cues: RawCue[] = [];
  let state: 'header' | 'between' | 'cue' | 'skip' = 'header';
  const openCue = (
    id: string | undefined,
    line: string,
    lineNumber: number,
  ): TranscriptError | null => {
    const timing = parseTiming(line, lineNumber);
    if (isError(timing)) return timing;
    cues.push({ id, ...timing, lines: [] });
    return null;
  };

  let stepStart = 1;
  for (let index = 1; index < lines.length; index += 1) {
    if (index - stepStart >= LINES_PER_STEP) {
      yield { phase: 'parse', done: index, total: lines.length };
      stepStart = index;
    }
    const line = lines[index] ?? '';
    const lineNumber = index + 1;
    let error: TranscriptError | null = null;

    if (isBlank(line)) {
      state = 'between';
    } else if (state === 'skip') {
      continue;
    } else if (state === 'header' || state === 'cue') {
      if (line.includes('-->')) {
        error = openCue(undefined, line, lineNumber);
        state = 'cue';
      } else if (state === 'cue') {
        cues[cues.length - 1]?.lines.push(line);
      }
    } else if (isSkippedBlock(line)) {
      state = 'skip';
    } else if (line.includes('-->')) {
      error = openCue(undefined, line, lineNumber);
      state = 'cue';
    } else {
      const next = lines[index + 1];
      if (next !== undefined && next.includes('-->')) {
        index += 1;
        error = openCue(line.trim(), next, lineNumber + 1);
        state = 'cue';
      } else if (next === undefined || isBlank(next) || looksLikeTiming(line)) {
        error = {
          line: lineNumber,
          message: `expected a cue timing line like "00:00:01.000 --> 00:00:04.000", found ${quote(line)}`,
        };
      } else {
        error = {
          line: lineNumber + 1,
          message: `expected a cue timing line after the cue id ${quote(line.trim())}, found ${quote(next)}`,
        };
      }
    }
    if (error !== null) return error;
  }
  return cues;
}

interface ReadCue {
  readonly raw: RawCue;
  readonly segments: readonly VoiceSegment[];
}

/** Zoom's `Name: text` on a cue's first line; the rest of the cue is that person's too. */
function readZoomCue(raw: RawCue): VoiceSegment {
  const [first = '', ...rest] = raw.lines;
  const firstText = readPlainText(first);
  const restText = readPlainText(rest.join('\n'));
  const prefix = splitSpeakerPrefix(firstText);
  const join = (a: string, b: string): string => (a === '' ? b : b === '' ? a : `${a} ${b}`);
  return prefix === null
    ? { speaker: null, text: join(firstText, restText) }
    : { speaker: prefix.speaker, text: join(prefix.rest, restText) };
}

function countZoomPrefixes(read: readonly ReadCue[]): { named: number; withText: number } {
  let named = 0;
  let withText = 0;
  for (const { raw, segments } of read) {
    if (segments.every((segment) => segment.text === '')) continue;
    withText += 1;
    if (splitSpeakerPrefix(readPlainText(raw.lines[0] ?? '')) !== null) named += 1;
  }
  return { named, withText };
}

export function* parseVttInSteps(
  text: string,
): Generator<TranscriptProgress, ParseVttResult, void> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split(LINE_BREAK);
  if (!isHeader(lines[0] ?? '')) {
    return fail({ line: 1, message: 'not a WebVTT file: the first line must be "WEBVTT"' });
  }
  const scanned = yield* scanBlocks(lines);
  if (!Array.isArray(scanned)) return fail(scanned);

  const read: ReadCue[] = [];
  let hasVoice = false;
  for (const raw of scanned) {
    if (read.length % CUES_PER_STEP === 0) {
      yield { phase: 'read', done: read.length, total: scanned.length };
    }
    const cueText = readCueText(raw.lines.join('\n'));
    hasVoice ||= cueText.hasVoice;
    read.push({ raw, segments: cueText.segments });
  }

  // Zoom's `Name:` counts only in a file without voice tags ("One idea for next time: …" inside a
  // Teams cue is speech), and only when at least half the cues carry it, so a plain caption file
  // with one "Note: …" line is not mistaken for a meeting of Note.
  let format: TranscriptFormat;
  if (hasVoice) {
    format = scanned.every((raw) => raw.isPadded) ? 'teams' : 'graph';
  } else {
    const { named, withText } = countZoomPrefixes(read);
    format = named > 0 && named * 2 >= withText ? 'zoom' : 'webvtt';
  }

  yield { phase: 'read', done: read.length, total: scanned.length };
  const cues: TranscriptCue[] = [];
  for (const { raw, segments } of read) {
    const said = format === 'zoom' ? [readZoomCue(raw)] : segments;
    for (const { speaker, text: cueText } of said) {
      const cue = { startMs: raw.startMs, endMs: raw.endMs, speaker, text: cueText };
      cues.push(raw.id === undefined ? cue : { ...cue, id: raw.id });
    }
  }
  cues.sort(compareCues);
  return { ok: true, format, cues };
}

/** Parses a whole file in one go; `parseVttInSteps` does the same work in bounded slices. */
export function parseVtt(text: string): ParseVttResult {
  const steps = parseVttInSteps(text);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}
