import { MINUTE_MS } from '../units.js';
import type { DurationMs } from '../units.js';

// A Teams-style transcript of a peer-coaching conversation, made up from a seed: for benches, for
// tests that need hours of speech, and for the local demo. Same options, same file.

export interface SampleTranscriptOptions {
  readonly durationMs: DurationMs;
  readonly speakers?: readonly string[];
  readonly seed?: number;
}

export const SAMPLE_SPEAKERS = [
  'Amara Okafor',
  'Ben Novak',
  'Chen Wei',
  'Dana Levi',
  'Elif Demir',
  'Farid Haddad',
] as const;

// Sentences of every kind an observer tags, so a tagger does representative work on them.
const SENTENCES = [
  'What did you try first?',
  'How did that feel when it happened?',
  'What would a good outcome look like for you?',
  'Say more about the second option.',
  'What else could you do here?',
  'Did the client reply to your email?',
  'Which day works for the follow-up?',
  'Who owns the budget for this?',
  'Is the deadline still Friday?',
  'Have you tried asking your manager for help?',
  "Why don't you just cancel the meeting?",
  "Isn't that a bit risky?",
  'You should talk to her directly.',
  "If I were you I'd wait until Monday.",
  'Just send the report and move on.',
  'Next time you might start with the ask.',
  'Going forward, you could share the notes first.',
  'You spoke first in all three meetings.',
  'You sent the report on Monday and the reply came on Thursday.',
  'You paused for a few seconds before answering.',
  'You were nervous about the review.',
  'I think he does not trust you yet.',
  'That plan sounds a little sloppy.',
  'Thanks for being so candid today.',
  'That reframing really helped me.',
  "I'll book the room for tomorrow morning.",
  'My experiment this week is to speak last in the stand-up.',
  'Can I offer an idea?',
  'Is it okay if we role-play this conversation?',
  'Sorry, my connection dropped for a moment.',
  'Let me think about that for a second.',
  'We have about ten minutes left in this stage.',
  'One idea for next time: bring the numbers with you.',
  'We need more bandwidth to circle back on the deliverables.',
] as const;

/** mulberry32: small, fast and good enough to make varied, repeatable sample data. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function formatVttTimestamp(ms: DurationMs): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / MINUTE_MS);
  const seconds = Math.floor((ms % MINUTE_MS) / 1_000);
  return `${pad(hours, 2)}:${pad(minutes, 2)}:${pad(seconds, 2)}.${pad(ms % 1_000, 3)}`;
}

function makeGuid(random: () => number): string {
  const hex = (length: number): string =>
    Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;
}

export function generateSampleTranscript(options: SampleTranscriptOptions): string {
  const speakers = options.speakers ?? SAMPLE_SPEAKERS;
  const random = createRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  // Some people talk more than others, as in a real circle.
  const weights = speakers.map((_, index) => 1 / (index + 1));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const pickSpeaker = (): string => {
    let roll = random() * totalWeight;
    for (const [index, weight] of weights.entries()) {
      roll -= weight;
      if (roll < 0) return speakers[index] ?? '';
    }
    return speakers[speakers.length - 1] ?? '';
  };

  const guid = makeGuid(random);
  const blocks: string[] = ['WEBVTT'];
  let atMs = 0;
  let speaker = pickSpeaker();
  for (let index = 0; atMs < options.durationMs; index += 1) {
    const lengthMs = 1_200 + Math.floor(random() * 6_800);
    const endMs = Math.min(atMs + lengthMs, Math.max(options.durationMs, atMs + 1));
    const first = pick(SENTENCES);
    // One cue in five runs over two lines, as Teams writes longer speech.
    const text = random() < 0.2 ? `${first}\n${pick(SENTENCES)}` : first;
    blocks.push(
      `${guid}/${index}-0\n${formatVttTimestamp(atMs)} --> ${formatVttTimestamp(endMs)}\n<v ${speaker}>${text}</v>`,
    );
    // Mostly a short pause; sometimes the next person cuts in before this cue ends.
    const gapMs =
      random() < 0.08 ? -Math.floor(random() * lengthMs * 0.6) : Math.floor(random() * 1_500);
    atMs = Math.max(atMs + 1, endMs + gapMs);
    if (random() > 0.3) speaker = pickSpeaker();
  }
  return `${blocks.join('\n\n')}\n`;
}
