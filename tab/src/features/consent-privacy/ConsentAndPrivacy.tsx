import { Button, Field, Select, Switch, Textarea } from '@fluentui/react-components';
import { useId, useState } from 'react';
import {
  consentAnswerOf,
  findParticipant,
  isConsentStage,
  pendingConsent,
  type ParticipantId,
  type SessionState,
} from '@grow-together/core';
import { messages } from '../../messages/index.js';
import { ActionFeedback } from '../shared/ActionFeedback.js';
import { useViewStyles } from '../shared/styles.js';
import type { SendViewCommand } from '../shared/types.js';
import { useAction } from '../shared/use-action.js';
import { findStageCardConsentStageId } from '../stage-card/stage-card-model.js';
import { RolePlayConsent } from './RolePlayConsent.js';

const text = messages.features.consent;

export interface ConsentAndPrivacyProps {
  readonly session: SessionState;
  readonly me: ParticipantId;
  readonly onCommand: SendViewCommand;
  /** Private feedback: only `to` will ever read it. */
  readonly onSendFeedback: (feedback: { to: ParticipantId; text: string }) => Promise<unknown>;
  /** Feedback others sent me (only I can read it); left out until it has been read. */
  readonly inbox?: readonly InboxItem[];
  /** My opt-outs for every session (my preferences); left out until they have been read. */
  readonly optOuts?: OptOuts;
  readonly onSaveOptOuts?: (optOuts: OptOuts) => Promise<unknown>;
}

export interface InboxItem {
  readonly id: string;
  readonly fromName: string;
  readonly text: string;
}

export interface OptOuts {
  readonly airtimeAndLanguage: boolean;
  readonly transcriptAnalysis: boolean;
  readonly nudges: boolean;
}

/**
 * Everything about my own part in the session: role-play consent (declining offers the
 * alternative, without penalty), leaving airtime tracking, and private feedback to one person.
 * The role-play question for the current or next stage is the stage card's: here are the stages
 * further ahead, and changing an answer once the stage runs.
 */
export function ConsentAndPrivacy({
  session,
  me,
  onCommand,
  onSendFeedback,
  inbox,
  optOuts,
  onSaveOptOuts,
}: ConsentAndPrivacyProps) {
  const styles = useViewStyles();
  const participant = findParticipant(session, me);
  // The stage card, above this view on the side panel, asks about the current or next stage.
  const askedOnStageCard = findStageCardConsentStageId(session, me);
  const consentStages =
    session.status === 'ended' || participant === null
      ? []
      : session.framework.stages.filter(
          (stage, index) =>
            isConsentStage(stage) && index >= session.stageIndex && stage.id !== askedOnStageCard,
        );

  return (
    <section className={styles.view} aria-label={text.region}>
      {consentStages.map((stage) => (
        <RolePlayConsent
          key={stage.id}
          stage={stage}
          answer={participant === null ? null : consentAnswerOf(participant, stage.id)}
          pendingCount={pendingConsent(session, stage.id).length}
          onAnswer={(answer) => onCommand({ type: 'record-consent', stageId: stage.id, answer })}
        />
      ))}
      {participant !== null && (
        <TrackingChoice isOptedOut={participant.optedOutOfTracking} onCommand={onCommand} />
      )}
      <PrivateFeedback session={session} me={me} onSendFeedback={onSendFeedback} />
      {inbox !== undefined && <Inbox items={inbox} />}
      {optOuts !== undefined && onSaveOptOuts !== undefined && (
        <AlwaysOptOuts optOuts={optOuts} onSave={onSaveOptOuts} />
      )}
    </section>
  );
}

function TrackingChoice({
  isOptedOut,
  onCommand,
}: {
  readonly isOptedOut: boolean;
  readonly onCommand: SendViewCommand;
}) {
  const styles = useViewStyles();
  const [run, state] = useAction();
  const headingId = useId();
  return (
    <div role="group" aria-labelledby={headingId} className={styles.section}>
      <h3 id={headingId} className={styles.subheading}>
        {text.trackingHeading}
      </h3>
      <Switch
        checked={isOptedOut}
        disabled={state.isBusy}
        label={text.trackingSwitch}
        onChange={(_event, data) =>
          void run(() => onCommand({ type: 'opt-out-tracking', optedOut: data.checked }))
        }
      />
      <p className={styles.caption}>{isOptedOut ? text.trackingOut : text.trackingIn}</p>
      <ActionFeedback state={state} />
    </div>
  );
}

function PrivateFeedback({
  session,
  me,
  onSendFeedback,
}: Pick<ConsentAndPrivacyProps, 'session' | 'me' | 'onSendFeedback'>) {
  const styles = useViewStyles();
  const headingId = useId();
  // Feedback goes to circle members: guests have no inbox.
  const recipients = Object.values(session.participants).filter((p) => p.id !== me && !p.isGuest);
  const [to, setTo] = useState<ParticipantId>('');
  const [body, setBody] = useState('');
  const [run, state] = useAction();
  const recipient = recipients.find((p) => p.id === to) ?? recipients[0] ?? null;
  const trimmed = body.trim();
  return (
    <form
      aria-labelledby={headingId}
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        if (recipient === null || trimmed === '') return;
        const name = recipient.displayName;
        void run(
          () => onSendFeedback({ to: recipient.id, text: trimmed }),
          text.feedbackSent(name),
        ).then((isSent) => {
          if (isSent) setBody('');
        });
      }}
    >
      <h3 id={headingId} className={styles.subheading}>
        {text.feedbackHeading}
      </h3>
      {recipient === null ? (
        <p className={styles.caption}>{text.noRecipients}</p>
      ) : (
        <>
          <Field label={text.feedbackTo}>
            <Select value={recipient.id} onChange={(_event, data) => setTo(data.value)}>
              {recipients.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={text.feedbackText} hint={text.feedbackPrivacy(recipient.displayName)}>
            <Textarea
              value={body}
              maxLength={5_000}
              resize="vertical"
              onChange={(_event, data) => setBody(data.value)}
            />
          </Field>
          <Button
            type="submit"
            appearance="primary"
            className={styles.tapTarget}
            disabled={trimmed === '' || state.isBusy}
          >
            {text.sendFeedback}
          </Button>
        </>
      )}
      <ActionFeedback state={state} />
    </form>
  );
}

function Inbox({ items }: { readonly items: readonly InboxItem[] }) {
  const styles = useViewStyles();
  const headingId = useId();
  return (
    <div role="group" aria-labelledby={headingId} className={styles.section}>
      <h3 id={headingId} className={styles.subheading}>
        {text.inboxHeading}
      </h3>
      {items.length === 0 ? (
        <p className={styles.caption}>{text.inboxEmpty}</p>
      ) : (
        <ul className={styles.plainList} aria-labelledby={headingId}>
          {items.map((item) => (
            <li key={item.id} className={styles.note}>
              <span className={styles.caption}>{text.inboxFrom(item.fromName)}</span>
              <br />
              {item.text}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

const OPT_OUT_LABELS: Readonly<Record<keyof OptOuts, string>> = {
  airtimeAndLanguage: text.alwaysAirtime,
  transcriptAnalysis: text.alwaysTranscript,
  nudges: text.alwaysNudges,
};

function AlwaysOptOuts({
  optOuts,
  onSave,
}: {
  readonly optOuts: OptOuts;
  readonly onSave: (optOuts: OptOuts) => Promise<unknown>;
}) {
  const styles = useViewStyles();
  const headingId = useId();
  const [run, state] = useAction();
  return (
    <div role="group" aria-labelledby={headingId} className={styles.section}>
      <h3 id={headingId} className={styles.subheading}>
        {text.alwaysHeading}
      </h3>
      {(Object.keys(OPT_OUT_LABELS) as (keyof OptOuts)[]).map((key) => (
        <Switch
          key={key}
          checked={optOuts[key]}
          disabled={state.isBusy}
          label={OPT_OUT_LABELS[key]}
          onChange={(_event, data) => void run(() => onSave({ ...optOuts, [key]: data.checked }))}
        />
      ))}
      <ActionFeedback state={state} />
    </div>
  );
}
