import { Button } from '@fluentui/react-components';
import { useId, useState } from 'react';
import type { ConsentAnswer, Stage } from '@grow-together/core';
import { messages } from '../../messages/index.js';
import { ActionFeedback } from '../shared/ActionFeedback.js';
import { useViewStyles } from '../shared/styles.js';
import type { ViewCommandOutcome } from '../shared/types.js';
import { useAction } from '../shared/use-action.js';

const text = messages.features.consent;

export interface RolePlayConsentProps {
  /** A stage whose rules ask for role-play consent (core's isConsentStage). */
  readonly stage: Stage;
  /** My answer so far (core's consentAnswerOf), null before I answered. */
  readonly answer: ConsentAnswer | null;
  /** How many present people have not answered yet (core's pendingConsent). */
  readonly pendingCount: number;
  readonly onAnswer: (answer: ConsentAnswer) => Promise<ViewCommandOutcome>;
}

/**
 * Asks before a role-play. Declining is as easy as agreeing and costs nothing: the stage's
 * alternative is offered at once, and the answer can be changed until the stage is over.
 */
export function RolePlayConsent({ stage, answer, pendingCount, onAnswer }: RolePlayConsentProps) {
  const styles = useViewStyles();
  const [isChanging, setIsChanging] = useState(false);
  const [run, state] = useAction();
  const headingId = useId();
  const alternative = stage.consentAlternative ?? messages.features.stageCard.alternativeFallback;
  const isAsking = answer === null || isChanging;
  const send = async (next: ConsentAnswer) => {
    if (await run(() => onAnswer(next))) setIsChanging(false);
  };

  return (
    <div className={styles.section} role="group" aria-labelledby={headingId}>
      <h3 id={headingId} className={styles.subheading}>
        {text.rolePlayHeading}
      </h3>
      {isAsking ? (
        <>
          <p className={styles.body}>{text.rolePlayQuestion(stage.name)}</p>
          <p className={styles.caption}>{text.rolePlayNoPressure}</p>
          <div className={styles.row}>
            <Button
              className={styles.tapTarget}
              appearance="primary"
              disabled={state.isBusy}
              onClick={() => void send('given')}
            >
              {text.consentYes}
            </Button>
            <Button
              className={styles.tapTarget}
              disabled={state.isBusy}
              onClick={() => void send('declined')}
            >
              {text.consentNo}
            </Button>
          </div>
        </>
      ) : (
        <>
          <p className={styles.note}>
            {answer === 'given' ? text.answeredYes : text.answeredNo(alternative)}
          </p>
          <div className={styles.row}>
            <Button className={styles.tapTarget} onClick={() => setIsChanging(true)}>
              {text.changeAnswer}
            </Button>
          </div>
        </>
      )}
      <p className={styles.caption}>{text.pendingCount(pendingCount)}</p>
      <ActionFeedback state={state} />
    </div>
  );
}
