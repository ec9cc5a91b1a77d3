import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzeTranscript, isQuestionTag, LANGUAGE_TAGS, parseVtt } from '@grow-together/core';
import type { TranscriptAnalysis } from '@grow-together/core';
import { describe, expect, it } from 'vitest';

// Each fixture's metrics are worked out by hand below, from shared/METRICS.md, before running the
// code. Times are ms on the file's timeline. The tags come from the tagger, so for questions the
// tests check that the counts agree with the tags of the utterances, not a hand count.

const fixturesDir = fileURLToPath(new URL('../fixtures/transcripts/', import.meta.url));
function readFixture(name: string): string {
  return readFileSync(`${fixturesDir}${name}`, 'utf8');
}

function analyzeFixture(name: string): TranscriptAnalysis {
  const result = analyzeTranscript(readFixture(name));
  if (!result.ok) throw new Error(`${name}:${result.error.line}: ${result.error.message}`);
  return result.analysis;
}

function person(analysis: TranscriptAnalysis, name: string) {
  const found = analysis.participants.find((p) => p.name === name);
  if (found === undefined) throw new Error(`${name} is not in the analysis`);
  return found;
}

/** Question counts and tag counts must be those of the person's own utterances. */
function expectLanguageCountsFromUtterances(analysis: TranscriptAnalysis): void {
  for (const participant of analysis.participants) {
    const own = analysis.utterances.filter((u) => u.speaker === participant.name);
    for (const tag of LANGUAGE_TAGS) {
      expect(participant.tags[tag]).toBe(own.filter((u) => u.tag === tag).length);
    }
    expect(participant.questions).toEqual({
      open: participant.tags['open-question'],
      closed: participant.tags['closed-question'],
      leading: participant.tags['leading-question'],
    });
    const questionCount = own.filter((u) => isQuestionTag(u.tag)).length;
    expect(participant.questionRatio).toBeCloseTo(
      own.length === 0 ? 0 : questionCount / own.length,
      12,
    );
  }
  const attributed = analysis.utterances.filter((u) => u.speaker !== null);
  const questions = attributed.filter((u) => isQuestionTag(u.tag));
  expect(analysis.session.questionRatio).toBeCloseTo(
    attributed.length === 0 ? 0 : questions.length / attributed.length,
    12,
  );
  expect(analysis.session.openQuestionRate).toBeCloseTo(
    questions.length === 0
      ? 0
      : questions.filter((u) => u.tag === 'open-question').length / questions.length,
    12,
  );
}

describe('teams.vtt: BOM, CRLF, NOTE, STYLE, GUID ids, shuffled cues, one unattributed cue', () => {
  // Sorted cues (start–end, speaker):
  //   A1  1 000– 6 000 Alice    (voice span over two lines)
  //   B1  6 500–12 000 Bob
  //   A2 10 000–14 000 Alice    (starts while Bob runs until 12 000)
  //   –  15 000–20 000 nobody   ("Background noise & chatter", no voice tag)
  //   C1 20 000–30 000 Carol    ("One idea for next time: …" is speech, not a speaker)
  //   C2 30 000–34 000 Carol
  //   A3 34 000–36 000 Alice ┐ one cue with two voices: split, same timing,
  //   B2 34 000–36 000 Bob   ┘ ordered by speaker name
  //   B3 40 000–45 000 Bob
  const analysis = analyzeFixture('teams.vtt');

  it('is read as Teams, with the speakers in order of first appearance', () => {
    expect(analysis.format).toBe('teams');
    expect(analysis.participants.map((p) => p.name)).toEqual([
      'Alice Ng',
      'Bob Tran',
      'Carol Diaz',
    ]);
  });

  it('has the session times worked out by hand', () => {
    // durationMs = latest end − earliest start = 45 000 − 1 000
    expect(analysis.durationMs).toBe(44_000);
    // heard = 1 000–6 000 (5 000) + 6 500–14 000 (7 500) + 15 000–36 000 (21 000, the unattributed
    // cue touches Carol) + 40 000–45 000 (5 000) = 38 500 → silent = 44 000 − 38 500
    expect(analysis.silentMs).toBe(5_500);
    expect(analysis.unattributedMs).toBe(5_000);
  });

  it('has talk, shares, turns, monologues and interruptions worked out by hand', () => {
    // Alice 5 000 + 4 000 + 2 000 = 11 000; Bob 5 500 + 2 000 + 5 000 = 12 500;
    // Carol 10 000 + 4 000 = 14 000; total 37 500.
    // Turns: A1 | B1 | A2 | C1 C2 | A3 | B2 B3 → Alice 3, Bob 2, Carol 1.
    // Longest: Alice max(5 000, 4 000, 2 000); Bob max(5 500, 45 000 − 34 000); Carol 34 000 − 20 000.
    // Interruptions: A2 starts at 10 000 while B1 runs to 12 000 (2 000 ≥ 500), Bob's turn ends
    // there and Alice is still speaking at 12 000 → Alice 1. A3 at 34 000: Carol ends at 34 000
    // (0 ms left) → no. B2 starts with A3 at the same instant → no.
    expect(person(analysis, 'Alice Ng')).toMatchObject({
      talkMs: 11_000,
      turns: 3,
      longestMonologueMs: 5_000,
      interruptions: 1,
    });
    expect(person(analysis, 'Bob Tran')).toMatchObject({
      talkMs: 12_500,
      turns: 2,
      longestMonologueMs: 11_000,
      interruptions: 0,
    });
    expect(person(analysis, 'Carol Diaz')).toMatchObject({
      talkMs: 14_000,
      turns: 1,
      longestMonologueMs: 14_000,
      interruptions: 0,
    });
    expect(person(analysis, 'Alice Ng').share).toBeCloseTo(11_000 / 37_500, 12); // 0.2933…
    expect(person(analysis, 'Bob Tran').share).toBeCloseTo(12_500 / 37_500, 12); // 0.3333…
    expect(person(analysis, 'Carol Diaz').share).toBeCloseTo(14_000 / 37_500, 12); // 0.3733…
  });

  it('has gini, balance and turn-taking worked out by hand', () => {
    // Gini: pairs |11 000 − 12 500| = 1 500, |11 000 − 14 000| = 3 000, |12 500 − 14 000| = 1 500;
    // Σᵢ Σⱼ = 2 × 6 000 = 12 000; 2 n² x̄ = 2 × 9 × 12 500 = 225 000 → 0.05333…
    expect(analysis.session.gini).toBeCloseTo(12_000 / 225_000, 12);
    // Balance: p = (0.29333, 0.33333, 0.37333); −Σ p ln p = 0.359745 + 0.366204 + 0.367839
    // = 1.093788; / ln 3 (1.098612) = 0.99562
    expect(analysis.session.balance).toBeCloseTo(0.99562, 5);
    // 6 turns over 8 spans: (6 − 1) / (8 − 1)
    expect(analysis.session.turnTakingIndex).toBeCloseTo(5 / 7, 12);
  });

  it('lists every cue with text as an utterance, the unattributed one too, in time order', () => {
    expect(analysis.utterances.map((u) => [u.speaker, u.startMs, u.endMs, u.text])).toEqual([
      ['Alice Ng', 1_000, 6_000, 'Thanks for joining. What would make today useful for you?'],
      ['Bob Tran', 6_500, 12_000, 'I want to practise giving feedback to my team.'],
      ['Alice Ng', 10_000, 14_000, 'Did you try that last week?'],
      [null, 15_000, 20_000, 'Background noise & chatter'],
      [
        'Carol Diaz',
        20_000,
        30_000,
        'One idea for next time: you could ask the team first. Then share your view.',
      ],
      ['Carol Diaz', 30_000, 34_000, 'Is it okay if I share one more?'],
      ['Alice Ng', 34_000, 36_000, 'Sure.'],
      ['Bob Tran', 34_000, 36_000, 'Yes, please.'],
      ['Bob Tran', 40_000, 45_000, "I'll ask the team on Monday."],
    ]);
    expectLanguageCountsFromUtterances(analysis);
  });
});

describe('graph.vtt: unpadded timestamps, no cue ids, a speaker overlapping herself', () => {
  // Sorted spans: D1 0–5 320 Dana · E1 5 320–9 500 Eli · D2 9 000–15 000 Dana ·
  //               D3 14 000–16 250 Dana · E2 20 100–22 000 Eli
  const analysis = analyzeFixture('graph.vtt');

  it('is read as Graph', () => {
    expect(analysis.format).toBe('graph');
    expect(analysis.participants.map((p) => p.name)).toEqual(['Dana Cole', 'Eli Park']);
  });

  it('has the metrics worked out by hand', () => {
    // Dana 5 320 + union(9 000–15 000, 14 000–16 250) = 5 320 + 7 250 = 12 570; Eli 4 180 + 1 900
    // = 6 080; total 18 650. Turns D1 | E1 | D2 D3 | E2.
    // D2 starts at 9 000 while E1 runs to 9 500 (exactly 500 ms ≥ 500), Eli's turn ends there and
    // Dana speaks at 9 500 → Dana 1. E1 at 5 320: D1 ends at 5 320 → no.
    expect(person(analysis, 'Dana Cole')).toMatchObject({
      talkMs: 12_570,
      turns: 2,
      longestMonologueMs: 7_250, // max(5 320, 16 250 − 9 000)
      interruptions: 1,
    });
    expect(person(analysis, 'Eli Park')).toMatchObject({
      talkMs: 6_080,
      turns: 2,
      longestMonologueMs: 4_180, // max(9 500 − 5 320, 22 000 − 20 100)
      interruptions: 0,
    });
    expect(person(analysis, 'Dana Cole').share).toBeCloseTo(12_570 / 18_650, 12);
    // duration 22 000 − 0; heard 0–16 250 + 20 100–22 000 = 18 150 → silent 3 850
    expect(analysis.durationMs).toBe(22_000);
    expect(analysis.silentMs).toBe(3_850);
    expect(analysis.unattributedMs).toBe(0);
    // Gini: 2 × |12 570 − 6 080| = 12 980 over 2 × 4 × 9 325 = 74 600 → 0.173995
    expect(analysis.session.gini).toBeCloseTo(12_980 / 74_600, 12);
    // Balance: p = (0.673995, 0.326005); −Σ p ln p = 0.266185 + 0.365129 = 0.631314; / ln 2 → 0.91079
    expect(analysis.session.balance).toBeCloseTo(0.91079, 5);
    // 4 turns over 5 spans: 3 / 4
    expect(analysis.session.turnTakingIndex).toBeCloseTo(0.75, 12);
    expectLanguageCountsFromUtterances(analysis);
  });
});

describe('zoom.vtt: numeric ids, "Name:" lines, a continuation line, a cue with no name', () => {
  // Sorted: P1 0–4 000 Priya · S1 4 000–9 000 Sam · – 9 000–10 000 "(laughter)" ·
  //         P2 10 000–16 000 Priya · S2 15 000–20 000 Sam
  const analysis = analyzeFixture('zoom.vtt');

  it('is read as Zoom, colons after the name stay in the text', () => {
    expect(analysis.format).toBe('zoom');
    expect(analysis.utterances.map((u) => [u.speaker, u.text])).toEqual([
      ['Priya Raman', 'Thanks for coming, everyone.'],
      ['Sam Ortiz', 'My experiment this week: speak last in the stand-up.'],
      [null, '(laughter)'],
      ['Priya Raman', 'How did that go for you?'],
      ['Sam Ortiz', 'It went well, and I heard more from the team.'],
    ]);
  });

  it('has the metrics worked out by hand', () => {
    // Priya 4 000 + 6 000 = 10 000; Sam 5 000 + 5 000 = 10 000: shares ½ and ½.
    // S2 starts at 15 000 while P2 runs to 16 000 (1 000 ≥ 500), Priya's turn ends there and Sam
    // speaks at 16 000 → Sam 1. S1 at 4 000: P1 ends at 4 000 → no.
    expect(person(analysis, 'Priya Raman')).toMatchObject({
      talkMs: 10_000,
      share: 0.5,
      turns: 2,
      longestMonologueMs: 6_000,
      interruptions: 0,
    });
    expect(person(analysis, 'Sam Ortiz')).toMatchObject({
      talkMs: 10_000,
      share: 0.5,
      turns: 2,
      longestMonologueMs: 5_000,
      interruptions: 1,
    });
    // 0–9 000 speech, 9 000–10 000 unattributed, 10 000–20 000 speech: nothing silent.
    expect(analysis).toMatchObject({ durationMs: 20_000, silentMs: 0, unattributedMs: 1_000 });
    // Equal talk: gini 0, balance 1; 4 turns over 4 spans: 3 / 3.
    expect(analysis.session).toMatchObject({ gini: 0, balance: 1, turnTakingIndex: 1 });
    expectLanguageCountsFromUtterances(analysis);
  });
});

describe('plain.vtt: mm:ss.ttt timestamps, header lines, no speaker anywhere', () => {
  const analysis = analyzeFixture('plain.vtt');

  it('counts all speech as unattributed and makes up no speaker from "Note:"', () => {
    expect(analysis.format).toBe('webvtt');
    expect(analysis.participants).toEqual([]);
    expect(analysis.utterances.map((u) => u.speaker)).toEqual([null, null, null]);
    // duration 10 000 − 1 000 = 9 000; unattributed 3 000 + 2 500 + 2 000 = 7 500; silent 1 500
    expect(analysis).toMatchObject({ durationMs: 9_000, silentMs: 1_500, unattributedMs: 7_500 });
    // Nobody on the roster: nothing to be unequal about (computeMetrics reads that as gini 0, balance 1).
    expect(analysis.session).toEqual({
      gini: 0,
      balance: 1,
      turnTakingIndex: 0,
      questionRatio: 0,
      openQuestionRate: 0,
    });
  });
});

describe('broken files name the line', () => {
  it.each([
    ['broken-timestamp.vtt', 7, 'broken timestamp "00:0x:01.000"'],
    ['not-webvtt.vtt', 1, 'not a WebVTT file'],
    ['ends-before-start.vtt', 5, 'cue ends before it starts'],
  ])('%s fails at line %d', (name, line, message) => {
    const result = parseVtt(readFixture(name));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.line).toBe(line);
    expect(result.error.message).toContain(message);
    expect(analyzeTranscript(readFixture(name))).toEqual(result);
  });
});
