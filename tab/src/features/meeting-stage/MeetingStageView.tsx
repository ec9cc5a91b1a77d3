import { useId } from 'react';
import {
  listPresent,
  type EpochMs,
  type ParticipantId,
  type SessionState,
} from '@grow-together/core';
import { messages } from '../../messages/index.js';
import { StageCard } from '../stage-card/StageCard.js';
import { useViewStyles } from '../shared/styles.js';
import type { SendViewCommand } from '../shared/types.js';

const text = messages.features.meetingStage;
const common = messages.features.common;

export interface MeetingStageViewProps {
  readonly session: SessionState;
  readonly me: ParticipantId;
  readonly nowMs: EpochMs;
  readonly onCommand: SendViewCommand;
}

/** The meeting stage: the same session, large, with who is in which role. */
export function MeetingStageView({ session, me, nowMs, onCommand }: MeetingStageViewProps) {
  const styles = useViewStyles();
  const peopleId = useId();
  return (
    <div aria-label={text.region} role="region">
      <StageCard session={session} me={me} nowMs={nowMs} onCommand={onCommand} size="stage" />
      <section aria-labelledby={peopleId} className={styles.view}>
        <h2 id={peopleId} className={styles.heading}>
          {text.people}
        </h2>
        <ul className={styles.plainList}>
          {listPresent(session).map((person) => (
            <li key={person.id} className={styles.body}>
              {person.displayName}:{' '}
              {person.role === null ? common.noRole : common.roles[person.role]}
              {person.optedOutOfTracking ? ` · ${messages.features.tracker.optedOut}` : ''}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
