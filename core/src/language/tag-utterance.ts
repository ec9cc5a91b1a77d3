import { isPermissionRequest, readQuestionTag } from './classify-question.js';
import {
  isAdvice,
  isAppreciation,
  isCommitment,
  isFeedforward,
  readStatement,
} from './classify-statement.js';
import { readUtterance } from './read-clause.js';
import type { LanguageTag } from './tags.js';

/**
 * One primary tag of shared/LANGUAGE.md for an utterance, offline and deterministic.
 *
 * The utterance is split into clauses of normalised words, then read in an order where the more
 * specific act wins over the more general one:
 *  1. permission — a consent frame around something the speaker offers ("can I offer an idea?");
 *  2. questions — leading (carries advice or a verdict) before open before closed;
 *  3. commitment — the speaker binds themself ("I'll…", "my experiment is…");
 *  4. appreciation — thanks or recognition;
 *  5. feedforward — an optional, future-facing suggestion ("next time you could…");
 *  6. advice — "you should…", "if I were you…", an imperative;
 *  7. interpretation, observation or other — what the statement says about whom.
 */
export function tagUtterance(text: string): LanguageTag {
  const utterance = readUtterance(text);
  if (utterance.clauses.every((clause) => clause.words.length === 0)) return 'other';
  if (isPermissionRequest(utterance)) return 'permission';
  const question = readQuestionTag(utterance);
  if (question !== undefined) return question;
  if (isCommitment(utterance)) return 'commitment';
  if (isAppreciation(utterance)) return 'appreciation';
  if (isFeedforward(utterance)) return 'feedforward';
  if (isAdvice(utterance)) return 'advice';
  return readStatement(utterance);
}
