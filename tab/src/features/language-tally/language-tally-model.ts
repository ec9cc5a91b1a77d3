import {
  canRecordMark,
  checkStageRules,
  currentRun,
  currentStage,
  findParticipant,
  foldMarks,
  LANGUAGE_TAGS,
  listPresent,
  type EpochMs,
  type LanguageTag,
  type Mark,
  type ParticipantId,
  type RuleAlert,
  type SessionState,
  type StageRuleName,
  type StageRules,
} from '@grow-together/core';
import { describeTracker, readLiveUntilMs } from '../airtime-tracker/airtime-tracker-model.js';

// What the language tally shows: whom a tag goes to (the speaker my taps have now, or whoever
// spoke last), this stage's counts per tag, and the alerts core's checkStageRules raises for the
// utterances tagged since the stage began.

export interface TallyModel {
  readonly target: { readonly id: ParticipantId; readonly displayName: string } | null;
  readonly isTargetSpeaking: boolean;
  readonly canTag: boolean;
  readonly canRecord: boolean;
  readonly stageId: string | null;
  readonly counts: Readonly<Record<LanguageTag, number>>;
  readonly rules: readonly StageRuleName[];
  readonly alerts: readonly (RuleAlert & { readonly displayName: string })[];
}

const RULE_NAMES: readonly (readonly [keyof StageRules, StageRuleName])[] = [
  ['questionsOnly', 'questions-only'],
  ['observationsNotInterpretations', 'observations-not-interpretations'],
  ['askBeforeAdvising', 'ask-before-advising'],
];

export function describeTally(
  state: SessionState,
  me: ParticipantId,
  marks: readonly Mark[],
  nowMs: EpochMs,
): TallyModel {
  const tracker = describeTracker(state, me, marks, nowMs);
  const targetId = tracker.mySpeaker ?? tracker.lastSpeaker;
  const target = targetId === null ? null : findParticipant(state, targetId);
  const stage = currentStage(state);
  const run = currentRun(state);
  const optedOut = listPresent(state)
    .filter((p) => p.optedOutOfTracking)
    .map((p) => p.id);
  const utterances =
    run === null
      ? []
      : foldMarks(marks, {
          optedOut,
          fromMs: run.startedAtMs,
          untilMs: readLiveUntilMs(marks, nowMs),
        }).utterances;
  const counts = Object.fromEntries(LANGUAGE_TAGS.map((tag) => [tag, 0])) as Record<
    LanguageTag,
    number
  >;
  for (const utterance of utterances) {
    if (utterance.participant === targetId) counts[utterance.tag] += 1;
  }
  const nameOf = (id: ParticipantId) => findParticipant(state, id)?.displayName ?? id;
  return {
    target: target === null ? null : { id: target.id, displayName: target.displayName },
    isTargetSpeaking: tracker.mySpeaker !== null && tracker.mySpeaker === targetId,
    canRecord: tracker.canRecord,
    canTag:
      tracker.isUnderway && target !== null && canRecordMark(state, me, 'observer', target.id),
    stageId: stage?.id ?? null,
    counts,
    rules:
      stage === null
        ? []
        : RULE_NAMES.filter(([key]) => stage.rules[key] === true).map(([, name]) => name),
    alerts:
      stage === null
        ? []
        : checkStageRules(stage, utterances).map((alert) => ({
            ...alert,
            displayName: nameOf(alert.participant),
          })),
  };
}
