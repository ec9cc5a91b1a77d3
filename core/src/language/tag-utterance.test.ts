import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tagUtterance } from './tag-utterance.js';
import { LANGUAGE_TAGS, isLanguageTag } from './tags.js';
import type { LanguageTag } from './tags.js';

// Every example of shared/LANGUAGE.md, with the tag the table gives it.
const LANGUAGE_MD_EXAMPLES: readonly (readonly [LanguageTag, string])[] = [
  ['open-question', 'What did you try first?'],
  ['open-question', 'How did that feel?'],
  ['open-question', 'Say more about the second option.'],
  ['closed-question', 'Did the client reply?'],
  ['closed-question', 'Which day works?'],
  ['closed-question', 'Who owns the budget?'],
  ['leading-question', 'Have you tried asking for help?'],
  ['leading-question', "Why don't you just cancel it?"],
  ['leading-question', "Isn't that risky?"],
  ['advice', 'You should cancel the meeting.'],
  ['advice', 'Just ask her directly.'],
  ['advice', "If I were you I'd wait."],
  ['feedforward', 'Next time you might start with the ask.'],
  ['feedforward', 'Going forward, you could share notes first.'],
  ['observation', 'You spoke first in all three meetings.'],
  ['observation', 'You sent the report on Monday.'],
  ['interpretation', 'You were nervous.'],
  ['interpretation', 'That was sloppy.'],
  ['interpretation', "He doesn't trust you."],
  ['appreciation', 'Thanks for being candid.'],
  ['appreciation', 'That reframing really helped.'],
  ['commitment', "I'll book the room tomorrow."],
  ['commitment', 'My experiment this week is to speak last.'],
  ['permission', 'Can I offer an idea?'],
  ['permission', 'Is it okay if we role-play this?'],
  ['other', 'Sorry, my connection dropped.'],
];

describe('tagUtterance', () => {
  it.each(LANGUAGE_MD_EXAMPLES)('tags the LANGUAGE.md example as %s: %s', (tag, text) => {
    expect(tagUtterance(text)).toBe(tag);
  });

  it('covers every tag with the LANGUAGE.md examples', () => {
    expect(new Set(LANGUAGE_MD_EXAMPLES.map(([tag]) => tag))).toEqual(new Set(LANGUAGE_TAGS));
  });

  it('reads questions from word order when a transcript drops the question mark', () => {
    expect(tagUtterance('did the client reply')).toBe('closed-question');
    expect(tagUtterance('what did you try first')).toBe('open-question');
    expect(tagUtterance('why dont you just cancel it')).toBe('leading-question');
    expect(tagUtterance('you spoke first, right')).toBe('leading-question');
  });

  it('tells a statement that opens with a wh-word from a question', () => {
    expect(tagUtterance('What you need to do is call her.')).toBe('advice');
    expect(tagUtterance('When Tom disagreed, you stopped talking.')).toBe('observation');
  });

  it('reads British and American spellings alike', () => {
    expect(tagUtterance('Stop apologising for your ideas.')).toBe('advice');
    expect(tagUtterance('Stop apologizing for your ideas.')).toBe('advice');
  });

  it('keeps fillers and a speaker name from changing the tag', () => {
    expect(tagUtterance('um so yeah Sam, what did you try first')).toBe('open-question');
    expect(tagUtterance('Right, okay.')).toBe('other');
  });

  it('returns "other" for text with no words', () => {
    for (const text of ['', '   ', '?!', '🙂🙂', '...']) expect(tagUtterance(text)).toBe('other');
  });

  it('never throws and always returns a tag, whatever the text', () => {
    const texts = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 300 }),
      fc
        .array(fc.constantFrom('you', "don't", 'next', 'time', '?', ',', 'I', "'ll", 'just', '"'), {
          maxLength: 40,
        })
        .map((words) => words.join(' ')),
    );
    fc.assert(
      fc.property(texts, (text) => {
        const tag = tagUtterance(text);
        expect(isLanguageTag(tag)).toBe(true);
        expect(tagUtterance(text)).toBe(tag);
      }),
      { numRuns: 500 },
    );
  });

  it('tags a very long utterance by its opening and its close', () => {
    const rambling = 'and then we talked about the budget '.repeat(5_000);
    expect(tagUtterance(`${rambling} what would you do differently?`)).toBe('open-question');
    expect(tagUtterance(`Can I offer an idea? ${rambling}`)).toBe('permission');
  });
});
