import { describe, expect, it } from 'vitest';
import { QUOTE_WORD, splitClauses } from './split-clauses.js';

const wordsOf = (text: string): string[][] => splitClauses(text).map((clause) => [...clause.words]);

describe('splitClauses', () => {
  it('splits at sentence and clause punctuation and marks question sentences', () => {
    const clauses = splitClauses('Before I say more, is now a good time? Thanks.');
    expect(clauses.map((clause) => [clause.words.join(' '), clause.isInQuestion])).toEqual([
      ['before i say more', true],
      ['is now a good time', true],
      ['thanks', false],
    ]);
  });

  it('expands contractions, settling "would" or "had" and "is" or "has"', () => {
    expect(wordsOf("I'd wait. You'd better go. He's dealt with it. She's trying. Don't.")).toEqual([
      ['i', 'would', 'wait'],
      ['you', 'had', 'better', 'go'],
      ['he', 'has', 'dealt', 'with', 'it'],
      ['she', 'is', 'trying'],
      ['do', 'not'],
    ]);
  });

  it("reads curly apostrophes, keeps possessives and past forms like cc'd", () => {
    expect(wordsOf('Jo’s idea, she cc’d me')).toEqual([
      ['jo', 'idea'],
      ['she', "cc'd", 'me'],
    ]);
  });

  it('turns quoted speech into one placeholder word', () => {
    expect(wordsOf('you said "I\'m not sure" twice')).toEqual([
      ['you', 'said', QUOTE_WORD, 'twice'],
    ]);
  });

  it('marks capitalised words other than at a sentence start', () => {
    const [clause] = splitClauses('When Priya asked, I answered');
    expect(clause?.isCapitalised).toEqual([false, true, false]);
  });
});
