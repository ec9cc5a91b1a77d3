import { lazy, Suspense } from 'react';
import StageCard from '../../features/stage-card/index.js';
import { messages } from '../../messages/index.js';
import { usePanel } from '../panel-model.js';
import { NoticeScreen, PageHeading, StartingScreen } from '../Shell.js';

// The meeting stage: the same session, large, for everyone in the room to read together.
const Summary = lazy(() => import('../../features/summary/index.js'));

export default function StagePage() {
  const panel = usePanel();
  if (panel.circle === null || panel.session === null) {
    return (
      <NoticeScreen title={messages.shell.noCircle.title} body={messages.shell.noCircle.body} />
    );
  }
  return (
    <main aria-label={messages.shell.pages.stage}>
      <PageHeading>{messages.shell.pageHeadings.stage}</PageHeading>
      {panel.session.state.status === 'ended' ? (
        <Suspense fallback={<StartingScreen label={messages.shell.loadingView} />}>
          <Summary />
        </Suspense>
      ) : (
        <StageCard size="stage" />
      )}
    </main>
  );
}
