import { useCallback, useEffect, useState } from 'react';
import { BUILT_IN_FRAMEWORKS } from '@grow-together/core';
import { usePanel } from '../../app/panel-model.js';
import { messages } from '../../messages/index.js';
import { useViewStyles } from '../shared/styles.js';
import { BeforeAndAfter, type OpenCommitment, type PastSession } from './BeforeAndAfter.js';

const PAST_SESSIONS_SHOWN = 5;

interface Loaded {
  readonly commitments: readonly OpenCommitment[];
  readonly past: readonly PastSession[];
}

/** The chat and details tabs, on the circle's commitments and its latest sessions. */
export function BeforeAndAfterContainer() {
  const panel = usePanel();
  const styles = useViewStyles();
  const circle = panel.circle;
  const circleId = circle?.id;
  const circles = panel.api.circles;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [reads, setReads] = useState(0);
  const reload = useCallback(() => setReads((count) => count + 1), []);

  useEffect(() => {
    if (circleId === undefined) return undefined;
    let isCurrent = true;
    Promise.all([
      circles.listCommitments(circleId, { status: 'open' }),
      circles.listSessions(circleId, { limit: PAST_SESSIONS_SHOWN }),
    ]).then(
      ([commitments, page]) => {
        if (!isCurrent) return;
        setLoaded({
          commitments,
          past: page.sessions
            .filter((entry) => entry.session.state.status === 'ended')
            .map((entry) => ({
              sessionId: entry.session.id,
              occurredOn: entry.session.occurredOn,
              summary: entry.summary,
            })),
        });
      },
      (error: unknown) =>
        isCurrent && setFailure(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      isCurrent = false;
    };
  }, [circles, circleId, reads]);

  if (circle === null) {
    return (
      <div className={styles.view}>
        <p className={styles.caption}>{messages.features.common.noSession}</p>
      </div>
    );
  }
  if (loaded === null) {
    return (
      <div className={styles.view} aria-busy={failure === null}>
        <p className={styles.caption} role={failure === null ? undefined : 'alert'}>
          {failure === null
            ? messages.features.common.loading
            : `${messages.features.common.errorPrefix} ${failure}`}
        </p>
      </div>
    );
  }
  const framework =
    [...circle.customFrameworks, ...BUILT_IN_FRAMEWORKS].find((f) => f.id === circle.frameworkId) ??
    null;
  const me = panel.me.personId;
  const nextRoles = loaded.past[0]?.summary.nextRoles ?? null;
  const names = new Map(circle.members.map((member) => [member.userId, member.displayName]));
  return (
    <BeforeAndAfter
      me={me}
      framework={framework}
      myNextRole={
        nextRoles !== null && Object.hasOwn(nextRoles, me) ? (nextRoles[me] ?? null) : null
      }
      openCommitments={loaded.commitments}
      pastSessions={loaded.past}
      nameOf={(id) => names.get(id) ?? messages.features.common.unknownPerson}
      onMarkDone={async (commitment, evidence) => {
        await panel.api.outputs.editCommitment(circle.id, commitment.sessionId, commitment.id, {
          status: 'done',
          evidence,
        });
        reload();
      }}
    />
  );
}
