import { StrictMode, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { App } from './app/App.js';
import { createPanelController } from './app/panel-controller.js';
import { formatPageUrl, readPage } from './app/route.js';
import { ErrorScreen, StartingScreen, ThemedFrame } from './app/Shell.js';
import type { HostAdapter } from './host/host-adapter.js';
import type { ZoomSdkLike } from './host/zoom-host.js';
import { readSystemTheme } from './host/host-adapter.js';
import { createBrowserHost } from './host/browser-host.js';
import {
  guessHosts,
  readHostEnvironment,
  readStartupParams,
  type HostGuess,
  type StartupParams,
} from './host/detect-host.js';
import { openIdbMarkStore } from './sync/idb-mark-store.js';

// Start-up: choose the host adapter once (Teams and Zoom SDKs load only when they may be needed),
// sign in, then hand over to the panel controller and the page this document is.

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element.');
const root: Root = createRoot(container);
const params = readStartupParams(location.search);
const bootTheme = params.theme ?? readSystemTheme();

function render(node: ReactNode) {
  root.render(<StrictMode>{node}</StrictMode>);
}

async function tryHost(guess: HostGuess): Promise<HostAdapter | null> {
  if (guess === 'teams') {
    const [teams, { createTeamsHost }] = await Promise.all([
      import('@microsoft/teams-js'),
      import('./host/teams-host.js'),
    ]);
    return createTeamsHost(teams, {
      stageUrl: formatPageUrl(location.origin, '?host=teams', 'stage'),
      contentUrl: formatPageUrl(location.origin, '?host=teams', 'side-panel'),
    });
  }
  if (guess === 'zoom') {
    const [zoomModule, { createZoomHost }] = await Promise.all([
      import('@zoom/appssdk'),
      import('./host/zoom-host.js'),
    ]);
    // The package ships CommonJS types for an ES module whose default export is the SDK
    // instance, so TypeScript (NodeNext) types `default` as the whole module.
    return createZoomHost(zoomModule.default as unknown as ZoomSdkLike);
  }
  return startBrowserHost(params);
}

/** The browser host needs a demo person and meeting: from the URL, or from the picker. */
function startBrowserHost(startup: StartupParams): Promise<HostAdapter> {
  if (startup.user !== null && startup.meeting !== null) {
    return createBrowserHost({
      userId: startup.user,
      meeting: startup.meeting,
      theme: startup.theme,
    });
  }
  return import('./app/DemoPicker.js').then(
    ({ DemoPicker }) =>
      new Promise<HostAdapter>((resolve, reject) => {
        render(
          <ThemedFrame theme={bootTheme}>
            <DemoPicker
              initialMeeting={startup.meeting}
              onPick={(userId, meeting) => {
                const url = new URL(location.href);
                url.searchParams.set('user', userId);
                url.searchParams.set('meeting', meeting);
                history.replaceState(null, '', url);
                render(
                  <ThemedFrame theme={bootTheme}>
                    <StartingScreen />
                  </ThemedFrame>,
                );
                createBrowserHost({ userId, meeting, theme: startup.theme }).then(resolve, reject);
              }}
            />
          </ThemedFrame>,
        );
      }),
  );
}

async function boot(): Promise<void> {
  render(
    <ThemedFrame theme={bootTheme}>
      <StartingScreen />
    </ThemedFrame>,
  );
  const guesses = guessHosts(params, readHostEnvironment());
  let host: HostAdapter | null = null;
  for (const guess of guesses) {
    try {
      host = await tryHost(guess);
      if (host !== null) break;
    } catch (error) {
      if (guess === 'browser') throw error;
      console.warn(`Not running in ${guess}; trying the next host.`, error);
    }
  }
  if (host === null) throw new Error('No host adapter could start.');
  document.documentElement.lang = host.locale;
  const controller = createPanelController({
    host,
    page: readPage(location.search, host.frameContext),
    ...(params.framework === null ? {} : { defaultFrameworkId: params.framework }),
    openMarkStore: () => openIdbMarkStore(),
  });
  render(<App controller={controller} onRetry={() => location.reload()} />);
  await controller.start();
}

boot().catch((error: unknown) => {
  console.error(error);
  render(
    <ThemedFrame theme={bootTheme}>
      <ErrorScreen
        message={error instanceof Error ? error.message : String(error)}
        onRetry={() => location.reload()}
      />
    </ThemedFrame>,
  );
});
