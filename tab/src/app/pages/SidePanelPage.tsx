import {
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components';
import { canRecordMark } from '@grow-together/core';
import { lazy, Suspense } from 'react';
import StageCard from '../../features/stage-card/index.js';
import { messages } from '../../messages/index.js';
import { usePanel } from '../panel-model.js';
import { NoticeScreen, PageHeading, StartingScreen } from '../Shell.js';

// The side panel, top to bottom in the order a person needs it during the call: the stage card
// (everyone), the observer's airtime tracker and language tally (whoever records, only while
// the session is under way), then consent and privacy, then notes and outputs. Once the session
// has ended: the summary, my reflection, and the outputs. Everything but the stage card loads
// after the first paint.

const AirtimeTracker = lazy(() => import('../../features/airtime-tracker/index.js'));
const LanguageTally = lazy(() => import('../../features/language-tally/index.js'));
const ConsentAndPrivacy = lazy(() => import('../../features/consent-privacy/index.js'));
const NotesAndOutputs = lazy(() => import('../../features/notes-outputs/index.js'));
const Summary = lazy(() => import('../../features/summary/index.js'));
const Reflection = lazy(() => import('../../features/reflection/index.js'));

const useStyles = makeStyles({
  main: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  divider: {
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    margin: `0 ${tokens.spacingHorizontalM}`,
  },
  notice: { margin: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} 0` },
});

export default function SidePanelPage() {
  const styles = useStyles();
  const panel = usePanel();
  const session = panel.session;
  if (panel.circle === null || session === null) {
    return (
      <NoticeScreen title={messages.shell.noCircle.title} body={messages.shell.noCircle.body} />
    );
  }
  const state = session.state;
  const hasEnded = state.status === 'ended';
  const isUnderway = state.status === 'running' || state.status === 'paused';
  const isRecorder = canRecordMark(state, panel.me.personId, 'observer', null);
  const later = <StartingScreen label={messages.shell.loadingView} />;
  return (
    <main className={styles.main} aria-label={messages.shell.pages.sidePanel}>
      <PageHeading>{messages.shell.pageHeadings.sidePanel}</PageHeading>
      {hasEnded ? (
        <Suspense fallback={later}>
          <Summary />
          <hr className={styles.divider} aria-hidden="true" />
          <Reflection />
          <hr className={styles.divider} aria-hidden="true" />
          <NotesAndOutputs />
        </Suspense>
      ) : (
        <>
          <StageCard />
          {isRecorder && isUnderway ? (
            <Suspense fallback={later}>
              <hr className={styles.divider} aria-hidden="true" />
              {panel.markStorage === 'memory' ? <MemoryOnlyNotice /> : null}
              <AirtimeTracker />
              <LanguageTally />
            </Suspense>
          ) : null}
          <Suspense fallback={null}>
            <hr className={styles.divider} aria-hidden="true" />
            <ConsentAndPrivacy />
            <hr className={styles.divider} aria-hidden="true" />
            <NotesAndOutputs />
          </Suspense>
        </>
      )}
    </main>
  );
}

/** The observer's marks cannot be stored on this device here (tab/README.md): said once, calmly. */
function MemoryOnlyNotice() {
  const styles = useStyles();
  return (
    <MessageBar intent="info" layout="multiline" className={styles.notice}>
      <MessageBarBody>
        <MessageBarTitle>{messages.shell.markStorage.memoryTitle}</MessageBarTitle>{' '}
        {messages.shell.markStorage.memoryBody}
      </MessageBarBody>
    </MessageBar>
  );
}
