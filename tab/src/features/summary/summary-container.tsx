import { Button } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { SessionSummary } from '@grow-together/core';
import { usePanel } from '../../app/panel-model.js';
import { messages } from '../../messages/index.js';
import { ActionFeedback } from '../shared/ActionFeedback.js';
import { NoSession } from '../shared/NoSession.js';
import { useViewStyles } from '../shared/styles.js';
import { SummaryView } from './SummaryView.js';

const text = messages.features.summary;

type Loaded =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly summary: SessionSummary }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * The summary once the session has ended, read from the api (the same summary the bot's card
 * shows). It is read again when a newer version of the session arrives: the observer's last marks
 * stored after the end (the api moves the ended session's version on for them), or a transcript
 * that replaced the taps.
 */
export function SummaryContainer() {
  const panel = usePanel();
  const styles = useViewStyles();
  const session = panel.session;
  const hasEnded = session?.state.status === 'ended';
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const circleId = session?.circleId;
  const sessionId = session?.id;
  const version = session?.version;
  const readSummary = panel.api.sessions.summary;

  useEffect(() => {
    if (!hasEnded || circleId === undefined || sessionId === undefined) return undefined;
    let isCurrent = true;
    readSummary(circleId, sessionId).then(
      (summary) => isCurrent && setLoaded({ kind: 'ready', summary }),
      (error: unknown) =>
        isCurrent &&
        setLoaded({
          kind: 'failed',
          message: error instanceof Error ? error.message : String(error),
        }),
    );
    return () => {
      isCurrent = false;
    };
  }, [hasEnded, circleId, sessionId, version, attempt, readSummary]);

  if (session === null) return <NoSession />;
  if (!hasEnded) {
    return (
      <div className={styles.view}>
        <p className={styles.caption}>{text.notYet}</p>
      </div>
    );
  }
  if (loaded.kind === 'ready') return <SummaryView summary={loaded.summary} />;
  if (loaded.kind === 'loading') {
    return (
      <div className={styles.view} aria-busy="true">
        <p className={styles.caption}>{messages.features.common.loading}</p>
      </div>
    );
  }
  return (
    <div className={styles.view}>
      <ActionFeedback
        state={{
          isBusy: false,
          done: null,
          error: `${messages.features.common.errorPrefix} ${loaded.message}`,
        }}
      />
      <Button className={styles.tapTarget} onClick={() => setAttempt((count) => count + 1)}>
        {messages.features.common.tryAgain}
      </Button>
    </div>
  );
}
