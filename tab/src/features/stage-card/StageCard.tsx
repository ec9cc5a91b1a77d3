import {
  Badge,
  Button,
  makeStyles,
  mergeClasses,
  ProgressBar,
  tokens,
} from '@fluentui/react-components';
import { useId, useState } from 'react';
import {
  canAssignRoles,
  listPresent,
  minutesToMs,
  type EpochMs,
  type ParticipantId,
  type SessionState,
} from '@grow-together/core';
import { messages } from '../../messages/index.js';
import { RolePlayConsent } from '../consent-privacy/RolePlayConsent.js';
import { ActionFeedback } from '../shared/ActionFeedback.js';
import { formatClock, formatOverrunClock } from '../shared/format.js';
import { LiveAnnouncer } from '../shared/LiveAnnouncer.js';
import { useViewStyles } from '../shared/styles.js';
import type { SendViewCommand, ViewCommand } from '../shared/types.js';
import { useAction } from '../shared/use-action.js';
import { RolesEditor } from './RolesEditor.js';
import { describeStageCard } from './stage-card-model.js';
import { useStageAnnouncements } from './use-stage-announcements.js';

const text = messages.features.stageCard;
const common = messages.features.common;

/** One press of "extend" adds this much: enough to finish a thought, small enough to stay honest. */
export const EXTEND_STEP_MS = minutesToMs(2);

const useStyles = makeStyles({
  clock: {
    margin: '0',
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
    fontVariantNumeric: 'tabular-nums',
  },
  clockLarge: {
    fontSize: tokens.fontSizeHero900,
    lineHeight: tokens.lineHeightHero900,
  },
  titleLarge: {
    fontSize: tokens.fontSizeHero800,
    lineHeight: tokens.lineHeightHero800,
  },
  bodyLarge: {
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
  },
  title: {
    margin: '0',
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
  timerRow: {
    display: 'flex',
    alignItems: 'baseline',
    gap: tokens.spacingHorizontalS,
  },
  controls: {
    display: 'grid',
    gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    gap: tokens.spacingHorizontalS,
  },
  wide: {
    gridColumn: '1 / -1',
  },
});

export interface StageCardProps {
  readonly session: SessionState;
  readonly me: ParticipantId;
  /** On the server's clock. */
  readonly nowMs: EpochMs;
  readonly onCommand: SendViewCommand;
  /** `stage`: the meeting stage view, the same card large. */
  readonly size?: 'panel' | 'stage';
  /** Shown when the host can share the session to the meeting stage. */
  readonly onShareToStage?: () => Promise<void>;
}

export function StageCard({
  session,
  me,
  nowMs,
  onCommand,
  size = 'panel',
  onShareToStage,
}: StageCardProps) {
  const styles = useViewStyles();
  const own = useStyles();
  const model = describeStageCard(session, me, nowMs);
  const announcement = useStageAnnouncements(session, model.isOverrun);
  const [run, actionState] = useAction();
  const [isConfirmingEnd, setIsConfirmingEnd] = useState(false);
  const [isEditingRoles, setIsEditingRoles] = useState(false);
  const mayAssignRoles = session.status !== 'ended' && canAssignRoles(session, me);
  const needsRoles = !listPresent(session).some((person) => person.role !== null);
  const titleId = useId();
  const isLarge = size === 'stage';
  const { stage, controls } = model;
  const stageId = stage?.id;
  const send = (command: ViewCommand) => void run(() => onCommand(command));
  const hasControls = Object.values(controls).some(Boolean);

  return (
    <section className={styles.view} aria-labelledby={titleId}>
      <LiveAnnouncer message={announcement} />
      <p className={styles.caption}>
        {session.framework.name}
        {session.status !== 'ended' && stage !== null
          ? ` · ${text.stageOf(model.stageNumber, model.stageCount)}`
          : ''}
      </p>
      {session.status === 'ended' ? (
        <h2 id={titleId} className={mergeClasses(own.title, isLarge && own.titleLarge)}>
          {text.endedTitle}
        </h2>
      ) : (
        <>
          <h2 id={titleId} className={mergeClasses(own.title, isLarge && own.titleLarge)}>
            {session.status === 'not-started' ? text.notStartedTitle : (stage?.name ?? '')}
          </h2>
          {session.status === 'not-started' ? (
            <p className={styles.body}>{text.notStartedBody(session.framework.name)}</p>
          ) : (
            stage !== null && (
              <p className={mergeClasses(styles.body, isLarge && own.bodyLarge)}>{stage.purpose}</p>
            )
          )}
          <div className={styles.row}>
            <Badge appearance="tint" color="brand" size="large">
              {text.myRole(model.myRole === null ? common.noRole : common.roles[model.myRole])}
            </Badge>
          </div>
          {session.status !== 'not-started' && (
            <div className={styles.section}>
              <div className={own.timerRow}>
                <p className={mergeClasses(own.clock, isLarge && own.clockLarge)}>
                  {session.status === 'paused'
                    ? text.paused
                    : text.remaining(formatClock(model.remainingMs))}
                </p>
                <p className={styles.caption}>{text.timeboxOf(formatClock(model.allowanceMs))}</p>
              </div>
              <ProgressBar
                aria-label={text.timerLabel}
                thickness="large"
                color={model.isOverrun ? 'warning' : 'brand'}
                value={model.allowanceMs > 0 ? Math.min(1, model.elapsedMs / model.allowanceMs) : 1}
              />
              {model.pausedBy !== null && (
                <p className={styles.caption}>{text.pausedBy(model.pausedBy)}</p>
              )}
              {model.isOverrun && (
                <p className={styles.cue}>{text.overrunCue(formatOverrunClock(model.overrunMs))}</p>
              )}
            </div>
          )}
          {model.othersTakingAlternative.length > 0 && (
            <p className={styles.note}>
              {text.othersTakingAlternative(model.othersTakingAlternative.join(', '))}
            </p>
          )}
          {model.consent !== null &&
            model.consent.isCurrent &&
            model.consent.myAnswer === 'declined' && (
              <p className={styles.note}>
                {text.alternativeForMe(
                  model.consent.stage.consentAlternative ?? text.alternativeFallback,
                )}
              </p>
            )}
          {stage !== null && session.status !== 'not-started' && (
            <Prompts
              mine={model.myPrompts}
              everyone={model.everyonePrompts}
              roleName={model.myRole === null ? null : common.roles[model.myRole]}
              isLarge={isLarge}
            />
          )}
          {model.consent !== null && (
            <>
              {!model.consent.isCurrent && model.consent.pendingCount > 0 && model.isMover && (
                <p className={styles.caption}>
                  {text.waitingForConsent(model.consent.pendingCount)}
                </p>
              )}
              {(model.consent.myAnswer === null || !model.consent.isCurrent) && (
                <RolePlayConsent
                  stage={model.consent.stage}
                  answer={model.consent.myAnswer}
                  pendingCount={model.consent.pendingCount}
                  onAnswer={(answer) =>
                    onCommand({
                      type: 'record-consent',
                      stageId: model.consent?.stage.id ?? '',
                      answer,
                    })
                  }
                />
              )}
            </>
          )}
        </>
      )}
      {mayAssignRoles && (needsRoles || isEditingRoles) && (
        <RolesEditor
          key={needsRoles ? 'suggested' : 'editing'}
          session={session}
          onCommand={onCommand}
          onDone={() => setIsEditingRoles(false)}
        />
      )}
      {hasControls && (
        <div role="group" aria-label={text.controls} className={own.controls}>
          {controls.canStart && (
            <Button
              appearance="primary"
              size="large"
              className={mergeClasses(styles.tapTarget, own.wide)}
              disabled={actionState.isBusy}
              onClick={() => send({ type: 'start' })}
            >
              {text.start}
            </Button>
          )}
          {controls.canBack && (
            <Button
              size="large"
              className={styles.tapTarget}
              disabled={actionState.isBusy}
              onClick={() =>
                send({ type: 'back', ...(stageId ? { expectedStageId: stageId } : {}) })
              }
            >
              {text.back}
            </Button>
          )}
          {controls.canNext && (
            <Button
              appearance="primary"
              size="large"
              className={styles.tapTarget}
              disabled={actionState.isBusy}
              onClick={() =>
                send({ type: 'next', ...(stageId ? { expectedStageId: stageId } : {}) })
              }
            >
              {text.next}
            </Button>
          )}
          {controls.canPause && (
            <Button
              size="large"
              className={styles.tapTarget}
              disabled={actionState.isBusy}
              onClick={() => send({ type: 'pause' })}
            >
              {text.pause}
            </Button>
          )}
          {controls.canResume && (
            <Button
              appearance="primary"
              size="large"
              className={styles.tapTarget}
              disabled={actionState.isBusy}
              onClick={() => send({ type: 'resume' })}
            >
              {text.resume}
            </Button>
          )}
          {controls.canExtend && (
            <Button
              size="large"
              className={styles.tapTarget}
              disabled={actionState.isBusy}
              onClick={() =>
                send({
                  type: 'extend',
                  byMs: EXTEND_STEP_MS,
                  ...(stageId ? { expectedStageId: stageId } : {}),
                })
              }
            >
              {text.extend(EXTEND_STEP_MS / 60_000)}
            </Button>
          )}
          {controls.canEnd && !isConfirmingEnd && (
            <Button
              size="large"
              className={mergeClasses(styles.tapTarget, own.wide)}
              disabled={actionState.isBusy}
              onClick={() => setIsConfirmingEnd(true)}
            >
              {text.endSession}
            </Button>
          )}
          {controls.canEnd && isConfirmingEnd && (
            <div className={mergeClasses(styles.section, own.wide)}>
              <p className={styles.body}>{text.confirmEndQuestion}</p>
              <div className={own.controls}>
                <Button
                  appearance="primary"
                  size="large"
                  className={styles.tapTarget}
                  disabled={actionState.isBusy}
                  onClick={() => {
                    setIsConfirmingEnd(false);
                    send({ type: 'end' });
                  }}
                >
                  {text.confirmEnd}
                </Button>
                <Button
                  size="large"
                  className={styles.tapTarget}
                  onClick={() => setIsConfirmingEnd(false)}
                >
                  {text.keepGoing}
                </Button>
              </div>
            </div>
          )}
        </div>
      )}
      {!model.isMover && session.status !== 'ended' && (
        <p className={styles.caption}>{text.movedBy(common.roles[model.movingRole])}</p>
      )}
      {mayAssignRoles && !needsRoles && !isEditingRoles && (
        <Button
          appearance="subtle"
          className={styles.tapTarget}
          onClick={() => setIsEditingRoles(true)}
        >
          {messages.features.roles.change}
        </Button>
      )}
      {onShareToStage !== undefined && session.status !== 'ended' && (
        <Button
          className={styles.tapTarget}
          disabled={actionState.isBusy}
          onClick={() => void run(onShareToStage)}
        >
          {text.shareToStage}
        </Button>
      )}
      <ActionFeedback state={actionState} />
    </section>
  );
}

function Prompts({
  mine,
  everyone,
  roleName,
  isLarge,
}: {
  readonly mine: readonly string[];
  readonly everyone: readonly string[];
  readonly roleName: string | null;
  readonly isLarge: boolean;
}) {
  const styles = useViewStyles();
  const own = useStyles();
  const itemClass = mergeClasses(styles.body, isLarge && own.bodyLarge);
  return (
    <>
      {roleName !== null && mine.length > 0 && (
        <div className={styles.section}>
          <h3 className={styles.subheading}>{text.promptsForRole(roleName)}</h3>
          <ul className={styles.list}>
            {mine.map((prompt) => (
              <li key={prompt} className={itemClass}>
                {prompt}
              </li>
            ))}
          </ul>
        </div>
      )}
      {everyone.length > 0 && (
        <div className={styles.section}>
          <h3 className={styles.subheading}>{text.promptsForEveryone}</h3>
          <ul className={styles.list}>
            {everyone.map((prompt) => (
              <li key={prompt} className={itemClass}>
                {prompt}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
