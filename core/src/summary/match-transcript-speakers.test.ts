import { describe, expect, it } from 'vitest';
import { matchTranscriptSpeakers, TRANSCRIPT_GUEST_PREFIX } from './match-transcript-speakers.js';

const members = [
  { id: 'ana', displayName: 'Ana López' },
  { id: 'ben', displayName: 'Ben Okafor' },
  { id: 'sam-1', displayName: 'Sam Reed' },
  { id: 'sam-2', displayName: 'Sam Ortiz' },
];

describe('matchTranscriptSpeakers', () => {
  it('matches display names ignoring case, accents, spacing and the Teams guest suffix', () => {
    const { idBySpeaker, guests } = matchTranscriptSpeakers(
      ['ana lopez', 'Ben  Okafor (Guest)'],
      members,
    );
    expect(idBySpeaker.get('ana lopez')).toBe('ana');
    expect(idBySpeaker.get('Ben  Okafor (Guest)')).toBe('ben');
    expect(guests).toEqual([]);
  });

  it('falls back to a first name only when it is unambiguous', () => {
    const { idBySpeaker, guests } = matchTranscriptSpeakers(['Ben', 'Sam'], members);
    expect(idBySpeaker.get('Ben')).toBe('ben');
    // Two members are called Sam: guessing would hand one Sam the other's airtime.
    expect(idBySpeaker.get('Sam')).toBe(`${TRANSCRIPT_GUEST_PREFIX}Sam`);
    expect(guests.map((g) => g.displayName)).toEqual(['Sam']);
  });

  it('never gives one member to two speakers', () => {
    const { idBySpeaker } = matchTranscriptSpeakers(['Ben Okafor', 'ben okafor', 'Ben'], members);
    const matchedToBen = [...idBySpeaker.values()].filter((id) => id === 'ben');
    expect(matchedToBen).toHaveLength(1);
  });
});
