import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkWording } from './wording.js';

const phrases = (text: string): readonly string[] =>
  checkWording(text).map((issue) => issue.phrase);

describe('checkWording', () => {
  it('flags gendered group words with neutral suggestions', () => {
    const issues = checkWording('Ask the guys what their chairman thinks.');
    expect(issues.map(({ phrase, ruleId }) => ({ phrase, ruleId }))).toEqual([
      { phrase: 'guys', ruleId: 'gals-man' },
      { phrase: 'chairman', ruleId: 'chairman-chairwoman' },
    ]);
    expect(issues[0]?.suggestions).toContain('people');
    expect(issues[1]?.suggestions).toContain('chair');
    expect(issues[1]?.message).toBe(
      '“chairman” may exclude or hurt some readers. Try “chair”, “head”, “chairperson”, “coordinator” instead.',
    );
  });

  it('flags ableist words, without the source links that clutter a side panel', () => {
    const [lame] = checkWording('Don’t be so lame.');
    expect(lame).toMatchObject({ phrase: 'lame', ruleId: 'lame', suggestions: ['boring', 'dull'] });
    expect(lame?.message).not.toMatch(/source|https?:/i);
    expect(phrases('That plan is crazy.')).toEqual(['crazy']);
    expect(phrases('Don’t turn a blind eye to it.')).toEqual(['blind eye to']);
  });

  it('flags condescending words, explaining why', () => {
    const [easy] = checkWording('This part is easy.');
    expect(easy?.ruleId).toBe('easy');
    expect(easy?.suggestions).toEqual([]);
    expect(easy?.message).toMatch(/probably not that easy.*leaving it out/);
  });

  it('flags a lone gendered pronoun, and never suggests calling a person “it”', () => {
    const issues = checkWording('Ask her what she wants.');
    expect(issues.map((issue) => issue.phrase)).toEqual(['her', 'she']);
    expect(issues[1]?.suggestions).toEqual(['they']);
  });

  it.each([
    'Ask him or her what they want.',
    'Women and men are both welcome.',
    'The host shares the screen.',
    'Make a mental note of the words that landed.',
    'Practise just one skill.',
    'What did you try first?',
    '',
  ])('does not flag the careful or neutral %j', (text) => {
    expect(checkWording(text)).toEqual([]);
  });

  it('still flags the derogatory phrases next to an ignored word', () => {
    expect(phrases('Stop acting like a mental case.')).toEqual(['mental case']);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        expect(Array.isArray(checkWording(text))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });
});
