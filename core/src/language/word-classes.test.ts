import { describe, expect, it } from 'vitest';
import { WORD_CLASS, classifyWord } from './word-classes.js';

const has = (word: string, wordClass: number): boolean => (classifyWord(word) & wordClass) !== 0;

describe('classifyWord', () => {
  it('reads the distilled compromise lexicon', () => {
    expect(has('ask', WORD_CLASS.verb)).toBe(true);
    expect(has('interrupted', WORD_CLASS.past)).toBe(true);
    expect(has('arrogant', WORD_CLASS.adjective)).toBe(true);
    expect(has('priya', WORD_CLASS.name)).toBe(false);
    expect(has('jamal', WORD_CLASS.name)).toBe(true);
  });

  it('respells British words to find them', () => {
    expect(has('apologise', WORD_CLASS.verb)).toBe(true);
    expect(has('cancelled', WORD_CLASS.past)).toBe(true);
  });

  it('guesses unknown words from their endings', () => {
    expect(has('dismissive', WORD_CLASS.adjective)).toBe(true);
    expect(has('sloppy', WORD_CLASS.adjective)).toBe(true);
    expect(has('zoomed', WORD_CLASS.past)).toBe(true);
    expect(classifyWord('qqq')).toBe(0);
  });
});
