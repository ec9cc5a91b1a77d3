import { describe, expect, it } from 'vitest';
import type { TaggedUtterance } from '../airtime/model.js';
import { checkStageRules } from './check-stage-rules.js';
import type { LanguageTag } from './tags.js';

let nextKey = 0;
const say = (participant: string, atMs: number, tag: LanguageTag): TaggedUtterance => ({
  participant,
  atMs,
  tag,
  key: `mark-${(nextKey += 1)}`,
});
const summarise = (alerts: ReturnType<typeof checkStageRules>) =>
  alerts.map(({ rule, participant, atMs, tag }) => ({ rule, participant, atMs, tag }));

describe('checkStageRules', () => {
  it('raises nothing in a stage without rules', () => {
    const utterances = [say('ana', 1, 'advice'), say('ben', 2, 'interpretation')];
    expect(checkStageRules({ rules: {} }, utterances)).toEqual([]);
  });

  it('questions-only: flags advice, feedforward and leading questions, not other questions', () => {
    const utterances = [
      say('ana', 1_000, 'open-question'),
      say('ben', 2_000, 'advice'),
      say('cem', 3_000, 'closed-question'),
      say('ana', 4_000, 'leading-question'),
      say('ben', 5_000, 'feedforward'),
      say('dee', 6_000, 'other'),
    ];
    const alerts = checkStageRules({ rules: { questionsOnly: true } }, utterances);
    expect(summarise(alerts)).toEqual([
      { rule: 'questions-only', participant: 'ben', atMs: 2_000, tag: 'advice' },
      { rule: 'questions-only', participant: 'ana', atMs: 4_000, tag: 'leading-question' },
      { rule: 'questions-only', participant: 'ben', atMs: 5_000, tag: 'feedforward' },
    ]);
    expect(alerts[0]?.message).toBe(
      'Advice during questions-only: try turning it into an open question.',
    );
  });

  it('observations-not-interpretations: flags interpretations only', () => {
    const utterances = [
      say('ana', 1, 'observation'),
      say('ana', 2, 'interpretation'),
      say('ben', 3, 'appreciation'),
    ];
    const alerts = checkStageRules({ rules: { observationsNotInterpretations: true } }, utterances);
    expect(summarise(alerts)).toEqual([
      {
        rule: 'observations-not-interpretations',
        participant: 'ana',
        atMs: 2,
        tag: 'interpretation',
      },
    ]);
    expect(alerts[0]?.message).toMatch(/what you saw or heard/);
  });

  it('ask-before-advising: flags advice unless the same person asked permission first', () => {
    const utterances = [
      say('ana', 1, 'advice'), // nobody asked yet
      say('ben', 2, 'permission'),
      say('ben', 3, 'advice'), // ben asked
      say('ana', 4, 'feedforward'), // ben's permission does not cover ana
      say('ben', 5, 'feedforward'), // still covered for the rest of the stage
      say('ana', 6, 'permission'),
      say('ana', 7, 'advice'),
    ];
    const alerts = checkStageRules({ rules: { askBeforeAdvising: true } }, utterances);
    expect(summarise(alerts)).toEqual([
      { rule: 'ask-before-advising', participant: 'ana', atMs: 1, tag: 'advice' },
      { rule: 'ask-before-advising', participant: 'ana', atMs: 4, tag: 'feedforward' },
    ]);
  });

  it('reads utterances in time order even when given out of order', () => {
    const advice = say('ben', 20, 'advice');
    const permission = say('ben', 10, 'permission');
    const alerts = checkStageRules({ rules: { askBeforeAdvising: true } }, [advice, permission]);
    expect(alerts).toEqual([]);
  });

  it('raises one alert per broken rule when a stage has several', () => {
    const alerts = checkStageRules({ rules: { questionsOnly: true, askBeforeAdvising: true } }, [
      say('ana', 1, 'advice'),
    ]);
    expect(alerts.map((alert) => alert.rule)).toEqual(['questions-only', 'ask-before-advising']);
  });
});
