import { Button, Field, Textarea } from '@fluentui/react-components';
import { useId, useState } from 'react';
import type {
  Commitment,
  Framework,
  ParticipantId,
  Role,
  SessionSummary,
} from '@grow-together/core';
import { messages } from '../../messages/index.js';
import { ActionFeedback } from '../shared/ActionFeedback.js';
import { LiveAnnouncer } from '../shared/LiveAnnouncer.js';
import { useViewStyles } from '../shared/styles.js';
import { useAction } from '../shared/use-action.js';
import { SummaryView } from '../summary/SummaryView.js';

const text = messages.features.beforeAfter;
const common = messages.features.common;

export type OpenCommitment = Commitment & { readonly sessionId: string };

export interface PastSession {
  readonly sessionId: string;
  /** The occurrence's day, `YYYY-MM-DD`. */
  readonly occurredOn: string;
  readonly summary: SessionSummary;
}

export interface BeforeAndAfterProps {
  readonly me: ParticipantId;
  /** The circle's framework for the next session. */
  readonly framework: Framework | null;
  /** My role next time, as the last summary proposed it. */
  readonly myNextRole: Role | null;
  readonly openCommitments: readonly OpenCommitment[];
  readonly pastSessions: readonly PastSession[];
  readonly nameOf: (id: ParticipantId) => string;
  readonly onMarkDone: (commitment: OpenCommitment, evidence: string) => Promise<unknown>;
}

/** The meeting's chat and details tabs: what to read before, what was promised, what happened. */
export function BeforeAndAfter(props: BeforeAndAfterProps) {
  const styles = useViewStyles();
  const { framework, myNextRole } = props;
  const beforeId = useId();
  const commitmentsId = useId();
  const pastId = useId();
  // A commitment marked done leaves the list (it is no longer open): the confirmation stays here.
  const [lastClosed, setLastClosed] = useState<string | null>(null);
  return (
    <div className={styles.view}>
      {framework !== null && (
        <section aria-labelledby={beforeId} className={styles.section}>
          <h2 id={beforeId} className={styles.heading}>
            {text.beforeHeading}
          </h2>
          <p className={styles.body}>{text.beforeIntro(framework.name)}</p>
          {myNextRole !== null && (
            <p className={styles.note}>{text.yourRole(common.roles[myNextRole])}</p>
          )}
          <ol className={styles.list}>
            {framework.stages.map((stage) => {
              const prompts = [
                ...(myNextRole === null ? [] : (stage.prompts[myNextRole] ?? [])),
                ...(stage.prompts.everyone ?? []),
              ];
              return (
                <li key={stage.id} className={styles.body}>
                  <strong>
                    {text.stagePrompts(stage.name, Math.round(stage.timeboxMs / 60_000))}
                  </strong>
                  : {stage.purpose}
                  {prompts.length > 0 && (
                    <ul className={styles.list}>
                      {prompts.map((prompt) => (
                        <li key={prompt}>{prompt}</li>
                      ))}
                    </ul>
                  )}
                </li>
              );
            })}
          </ol>
        </section>
      )}

      <section aria-labelledby={commitmentsId} className={styles.section}>
        <h2 id={commitmentsId} className={styles.heading}>
          {text.commitmentsHeading}
        </h2>
        <LiveAnnouncer message={lastClosed === null ? '' : text.closed(lastClosed)} />
        {lastClosed !== null && <p className={styles.note}>{text.closed(lastClosed)}</p>}
        {props.openCommitments.length === 0 ? (
          <p className={styles.caption}>{text.noCommitments}</p>
        ) : (
          <ul className={styles.plainList}>
            {props.openCommitments.map((commitment) => (
              <li key={commitment.id}>
                <CommitmentItem
                  commitment={commitment}
                  isMine={commitment.owner === props.me}
                  ownerName={props.nameOf(commitment.owner)}
                  onMarkDone={props.onMarkDone}
                  onClosed={setLastClosed}
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby={pastId} className={styles.section}>
        <h2 id={pastId} className={styles.heading}>
          {text.pastHeading}
        </h2>
        {props.pastSessions.length === 0 ? (
          <p className={styles.caption}>{text.noPast}</p>
        ) : (
          props.pastSessions.map((past) => (
            <details key={past.sessionId}>
              <summary className={styles.body}>
                {text.sessionOn(past.occurredOn, past.summary.frameworkName)}
              </summary>
              <SummaryView summary={past.summary} />
            </details>
          ))
        )}
      </section>
    </div>
  );
}

function CommitmentItem({
  commitment,
  isMine,
  ownerName,
  onMarkDone,
  onClosed,
}: {
  readonly commitment: OpenCommitment;
  readonly isMine: boolean;
  readonly ownerName: string;
  readonly onMarkDone: BeforeAndAfterProps['onMarkDone'];
  readonly onClosed: (commitmentText: string) => void;
}) {
  const styles = useViewStyles();
  const [evidence, setEvidence] = useState('');
  const [run, state] = useAction();
  const due = commitment.dueDate === null ? '' : ` · ${text.due(commitment.dueDate)}`;
  return (
    <div className={styles.section}>
      <p className={styles.body}>
        {commitment.text}
        <span className={styles.caption}>
          {' '}
          — {isMine ? common.personYou(ownerName) : ownerName}
          {due}
        </span>
      </p>
      {isMine && (
        <form
          className={styles.form}
          onSubmit={(event) => {
            event.preventDefault();
            if (evidence.trim() === '') return;
            void run(() => onMarkDone(commitment, evidence.trim()), text.markedDone).then(
              (isDone) => isDone && onClosed(commitment.text),
            );
          }}
        >
          <Field label={text.evidenceFor(commitment.text)} hint={text.evidenceHint}>
            <Textarea
              value={evidence}
              maxLength={4_000}
              resize="vertical"
              onChange={(_event, data) => setEvidence(data.value)}
            />
          </Field>
          <Button
            type="submit"
            className={styles.tapTarget}
            disabled={evidence.trim() === '' || state.isBusy}
          >
            {text.markDoneFor(commitment.text)}
          </Button>
          <ActionFeedback state={state} />
        </form>
      )}
    </div>
  );
}
