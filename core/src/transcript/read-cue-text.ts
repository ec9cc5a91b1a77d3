// Cue text to plain text and speakers. Voice tags (`<v Name>`, `<v.loud Name>`, closed or not,
// over several lines) name the speaker; every other tag (<c>, <i>, <b>, <lang>, karaoke
// timestamps) is dropped and its content kept; character references are decoded after the tags
// are read, so `&lt;v&gt;` stays text. One pass over the text, no backtracking.

export interface VoiceSegment {
  readonly speaker: string | null;
  readonly text: string;
}

export interface CueText {
  /** Non-empty speech in the order written; one empty segment when the cue says nothing. */
  readonly segments: readonly VoiceSegment[];
  readonly hasVoice: boolean;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  nbsp: '\u00a0',
  quot: '"',
  apos: "'",
  lrm: '',
  rlm: '',
};
const ENTITY = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,6});/g;
const WHITESPACE_RUN = /\s+/g;

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, body: string) => {
    if (body.startsWith('#')) {
      const isHex = body[1] === 'x' || body[1] === 'X';
      const codePoint = Number.parseInt(body.slice(isHex ? 2 : 1), isHex ? 16 : 10);
      return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

function normalizeWhitespace(text: string): string {
  return text.replace(WHITESPACE_RUN, ' ').trim();
}

function toPlainText(raw: string): string {
  return normalizeWhitespace(decodeEntities(raw));
}

function isTagStart(code: number): boolean {
  // A letter, a digit (karaoke timestamp) or `/`; anything else after `<` is a literal "<".
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 47
  );
}

function isTagSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 12 || code === 13;
}

/** `v`, `v Name` or `v.class Name` → the name ('' when none); anything else → null. */
function readVoiceName(tag: string): string | null {
  if (tag.charCodeAt(0) !== 118) return null;
  if (tag.length > 1 && tag[1] !== '.' && !isTagSpace(tag.charCodeAt(1))) return null;
  let start = 1;
  while (start < tag.length && !isTagSpace(tag.charCodeAt(start))) start += 1;
  return toPlainText(tag.slice(start));
}

interface OpenSegment {
  speaker: string | null;
  raw: string;
}

export function readCueText(raw: string): CueText {
  if (!raw.includes('<')) {
    return { segments: [{ speaker: null, text: toPlainText(raw) }], hasVoice: false };
  }
  const found: VoiceSegment[] = [];
  let hasVoice = false;
  let firstVoice: string | null = null;
  let current: OpenSegment = { speaker: null, raw: '' };
  const closeSegment = (next: OpenSegment): void => {
    const text = toPlainText(current.raw);
    const last = found[found.length - 1];
    if (text !== '' && last !== undefined && last.speaker === current.speaker) {
      found[found.length - 1] = { speaker: last.speaker, text: `${last.text} ${text}` };
    } else if (text !== '') {
      found.push({ speaker: current.speaker, text });
    }
    current = next;
  };

  // Where the next `>` is, remembered so that many `<` without a `>` stay linear.
  let nextGt = -2;
  let textStart = 0;
  let i = 0;
  while (i < raw.length) {
    if (raw.charCodeAt(i) !== 60 || !isTagStart(raw.charCodeAt(i + 1))) {
      i += 1;
      continue;
    }
    if (nextGt !== -1 && nextGt < i) nextGt = raw.indexOf('>', i);
    if (nextGt === -1) break;
    current.raw += raw.slice(textStart, i);
    const tag = raw.slice(i + 1, nextGt);
    const voiceName = readVoiceName(tag);
    if (voiceName !== null) {
      hasVoice = true;
      const speaker = voiceName === '' ? null : voiceName;
      firstVoice ??= speaker;
      closeSegment({ speaker, raw: '' });
    } else if (tag.trim() === '/v') {
      closeSegment({ speaker: null, raw: '' });
    }
    i = nextGt + 1;
    textStart = i;
  }
  current.raw += raw.slice(textStart);
  closeSegment({ speaker: null, raw: '' });

  const segments = found.length > 0 ? found : [{ speaker: firstVoice, text: '' }];
  return { segments, hasVoice };
}

/** The cue text with every tag dropped, speakers ignored. */
export function readPlainText(raw: string): string {
  return readCueText(raw)
    .segments.map((segment) => segment.text)
    .join(' ');
}

const MAX_NAME_LENGTH = 64;
const MAX_NAME_WORDS = 6;
const NOT_IN_NAMES = /[?!;"“”<>[\]{}=]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Zoom's `Name: text`. The colon must be followed by a space or end the line, so times (`10:30`)
 * and links (`https://`) are not names; a name is short and has no sentence punctuation.
 */
export function splitSpeakerPrefix(line: string): { speaker: string; rest: string } | null {
  const colon = line.indexOf(':');
  if (colon <= 0 || colon > MAX_NAME_LENGTH) return null;
  if (colon + 1 < line.length && !isTagSpace(line.charCodeAt(colon + 1))) return null;
  const speaker = line.slice(0, colon).trim();
  if (speaker === '' || NOT_IN_NAMES.test(speaker) || !LETTER_OR_DIGIT.test(speaker)) return null;
  if (speaker.split(' ').length > MAX_NAME_WORDS) return null;
  return { speaker, rest: line.slice(colon + 1).trim() };
}
