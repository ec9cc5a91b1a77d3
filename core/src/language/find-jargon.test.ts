import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_GLOSSARY } from './built-in-glossary.js';
import { findJargon, mergeGlossary } from './find-jargon.js';

const termsOf = (text: string, glossary?: Parameters<typeof findJargon>[1]): string[] =>
  findJargon(text, glossary).map((hit) => hit.term);

describe('findJargon', () => {
  it('finds built-in terms with their plain wording', () => {
    expect(findJargon('I just do not have the bandwidth.')).toEqual([
      { term: 'bandwidth', plain: 'time' },
    ]);
    expect(termsOf('Let us circle back and touch base on the action items.')).toEqual([
      'circle back',
      'touch base',
      'action item',
    ]);
  });

  it('matches whole words and phrases only', () => {
    expect(termsOf('The pinging stopped, the shopping continued.')).toEqual(['ping']);
    expect(termsOf('Shopping, mapping, leveraged-buyout')).toEqual(['leverage']);
    expect(termsOf('synergyless')).toEqual([]);
  });

  it('ignores case and allows simple inflections', () => {
    expect(termsOf('LEVERAGING our synergies')).toEqual(['leverage', 'synergy']);
    expect(termsOf('We circled back, then took it offline.')).toEqual([
      'circle back',
      'take offline',
    ]);
    expect(termsOf('low hanging fruit and deep-dives')).toEqual(['low-hanging fruit', 'deep dive']);
  });

  it('reports each term once per utterance, in order of first use', () => {
    expect(termsOf('Leverage this, leverage that, bandwidth, leveraging.')).toEqual([
      'leverage',
      'bandwidth',
    ]);
  });

  it("extends the built-in list with the circle's glossary", () => {
    const circle = [{ term: 'OKR', plain: 'goal' }];
    expect(findJargon('Our OKRs need bandwidth', circle)).toEqual([
      { term: 'OKR', plain: 'goal' },
      { term: 'bandwidth', plain: 'time' },
    ]);
  });

  it('lets a circle entry override the built-in entry with the same term', () => {
    const circle = [{ term: ' Bandwidth ', plain: 'energy' }];
    expect(findJargon('no bandwidth', circle)).toEqual([{ term: ' Bandwidth ', plain: 'energy' }]);
    expect(mergeGlossary(circle)).toHaveLength(BUILT_IN_GLOSSARY.length);
  });

  it('treats regex characters and non-ASCII letters in a circle term literally', () => {
    const circle = [
      { term: 'c++', plain: 'code' },
      { term: 'café', plain: 'coffee shop' },
      { term: '', plain: 'ignored' },
      { term: '  ', plain: 'ignored' },
    ];
    expect(termsOf('meet at the café to write c++', circle)).toEqual(['café', 'c++']);
    expect(termsOf('cafés and c', circle)).toEqual([]);
    expect(termsOf('we write c++ here', circle)).toEqual(['c++']);
  });

  it('never throws and finds nothing in text without letters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        expect(Array.isArray(findJargon(text))).toBe(true);
        expect(findJargon(text.replace(/\p{L}/gu, ''))).toEqual([]);
      }),
    );
  });
});
