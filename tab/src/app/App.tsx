import { lazy, Suspense, type ComponentType } from 'react';
import { messages } from '../messages/index.js';
import type { PanelController } from './panel-controller.js';
import { PanelContext, type PageKind } from './panel-model.js';
import {
  ConnectionStatus,
  ErrorScreen,
  NoticeScreen,
  StartingScreen,
  ThemedFrame,
} from './Shell.js';
import { usePanelSnapshot } from './use-panel-controller.js';

// Each page is its own chunk: the side panel's first paint does not wait for the configuration
// page, the stage view or the before/after tabs.
const PAGES: Readonly<Record<PageKind, ComponentType>> = {
  'side-panel': lazy(() => import('./pages/SidePanelPage.js')),
  stage: lazy(() => import('./pages/StagePage.js')),
  config: lazy(() => import('./pages/ConfigPage.js')),
  'before-after': lazy(() => import('./pages/BeforeAfterPage.js')),
};

export function App({
  controller,
  onRetry,
}: {
  controller: PanelController;
  onRetry?: () => void;
}) {
  const { phase, theme, model } = usePanelSnapshot(controller);
  return (
    <ThemedFrame theme={theme}>
      {phase.kind === 'starting' ? <StartingScreen /> : null}
      {phase.kind === 'error' ? (
        <ErrorScreen message={phase.message} {...(onRetry ? { onRetry } : {})} />
      ) : null}
      {phase.kind === 'no-meeting' ? (
        <NoticeScreen title={messages.shell.noMeeting.title} body={messages.shell.noMeeting.body} />
      ) : null}
      {phase.kind === 'ready' && model !== null ? (
        <PanelContext.Provider value={model}>
          {model.session !== null ? (
            <ConnectionStatus connection={model.connection} pendingMarks={model.pendingMarks} />
          ) : null}
          <Suspense fallback={<StartingScreen label={messages.shell.loadingView} />}>
            <Page kind={model.page} />
          </Suspense>
        </PanelContext.Provider>
      ) : null}
    </ThemedFrame>
  );
}

function Page({ kind }: { kind: PageKind }) {
  const Component = PAGES[kind];
  return <Component />;
}
