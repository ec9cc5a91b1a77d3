import type { FrameworkId } from '../../units.js';
import type { Framework } from '../model.js';
import { ACTION_LEARNING_SET } from './action-learning-set.js';
import { GROW_FOR_EQUALS } from './grow-for-equals.js';
import { SBI_FEEDFORWARD } from './sbi-feedforward.js';
import { WEEKLY_MICRO_SESSION } from './weekly-micro-session.js';

export const BUILT_IN_FRAMEWORKS: readonly Framework[] = [
  WEEKLY_MICRO_SESSION,
  GROW_FOR_EQUALS,
  SBI_FEEDFORWARD,
  ACTION_LEARNING_SET,
];

export function findBuiltInFramework(id: FrameworkId): Framework | undefined {
  return BUILT_IN_FRAMEWORKS.find((framework) => framework.id === id);
}
