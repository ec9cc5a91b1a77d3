import type * as TeamsJs from '@microsoft/teams-js';
import type { FrameContext, HostConfiguration, ThemeName } from '../app/panel-model.js';
import { messages } from '../messages/index.js';
import { readJwtClaims, type HostAdapter } from './host-adapter.js';

// Teams, through @microsoft/teams-js: the context (meeting id, chat id, frame context, theme,
// locale), the SSO token sent to the api as a bearer token, theme changes, the meeting's
// speaking state (it says only whether anyone speaks: a silence closes the open airtime span),
// sharing the session to the meeting stage, and the configuration dialog: its Save button is
// enabled while the page's form is valid; Save saves the form (the circle), then the tab.

export type TeamsJsModule = Pick<typeof TeamsJs, 'app' | 'authentication' | 'meeting' | 'pages'>;

/** Outside Teams inside a foreign iframe, initialize() only rejects after 60 s (PLATFORM.md). */
export const TEAMS_INIT_TIMEOUT_MS = 3_000;

export class HostTimeoutError extends Error {
  constructor(host: string, ms: number) {
    super(`${host} did not answer within ${ms} ms.`);
    this.name = 'HostTimeoutError';
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, host: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new HostTimeoutError(host, ms)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export function toThemeName(teamsTheme: string | undefined): ThemeName {
  if (teamsTheme === 'dark') return 'dark';
  if (teamsTheme === 'contrast') return 'contrast';
  return 'light';
}

const FRAME_CONTEXTS: readonly FrameContext[] = [
  'sidePanel',
  'meetingStage',
  'content',
  'settings',
  'remove',
  'task',
];

export interface TeamsHostOptions {
  readonly initTimeoutMs?: number;
  /** The page a shared stage shows: this app at `?view=stage`. */
  readonly stageUrl: string;
  /** The side panel's URL (tab/README.md), saved as the tab's content URL by the configuration page. */
  readonly contentUrl: string;
  readonly readNowMs?: () => number;
}

/** The tab's id in the app package (appPackage/manifest.json, configurableTabs). */
export const TEAMS_TAB_ENTITY_ID = 'grow-together-panel';

export async function createTeamsHost(
  teams: TeamsJsModule,
  options: TeamsHostOptions,
): Promise<HostAdapter> {
  const readNowMs = options.readNowMs ?? Date.now;
  await withTimeout(
    teams.app.initialize(),
    options.initTimeoutMs ?? TEAMS_INIT_TIMEOUT_MS,
    'Teams',
  );
  const context = await withTimeout(teams.app.getContext(), 10_000, 'Teams');
  const frame = context.page.frameContext as string | undefined;
  const frameContext: FrameContext = FRAME_CONTEXTS.includes(frame as FrameContext)
    ? (frame as FrameContext)
    : 'content';

  let token: { value: string; expiresAtMs: number } | null = null;
  const fetchToken = async (): Promise<string> => {
    const value = await withTimeout(teams.authentication.getAuthToken(), 15_000, 'Teams sign-in');
    const exp = readJwtClaims(value)['exp'];
    token = { value, expiresAtMs: typeof exp === 'number' ? exp * 1000 : readNowMs() + 5 * 60_000 };
    return value;
  };
  const firstToken = await fetchToken();
  const claims = readJwtClaims(firstToken);
  const oid = typeof claims['oid'] === 'string' ? claims['oid'] : null;
  const name = typeof claims['name'] === 'string' ? claims['name'] : null;

  let theme = toThemeName(context.app.theme);
  const themeListeners = new Set<(theme: ThemeName) => void>();
  teams.app.registerOnThemeChangeHandler((next) => {
    theme = toThemeName(next);
    for (const listener of themeListeners) listener(theme);
  });
  // The manifest may ask Teams to show its loading indicator until the app says it is ready.
  teams.app.notifySuccess().catch((error: unknown) => {
    console.warn('Teams was not told that the app loaded.', error);
  });

  const isInMeetingFrame = frameContext === 'sidePanel' || frameContext === 'meetingStage';
  const configuration =
    frameContext === 'settings' ? createConfiguration(teams, options.contentUrl) : null;

  return {
    kind: 'teams',
    frameContext,
    locale: context.app.locale || 'en',
    circleHost: 'teams',
    meetingKey: context.chat?.id ?? null,
    meetingId: context.meeting?.id ?? null,
    meetingTitle: null,
    identity: { personId: oid, displayName: name ?? context.user?.displayName ?? '' },
    async getAuthHeaders(refresh) {
      const current = token as { value: string; expiresAtMs: number } | null;
      const value =
        refresh || current === null || current.expiresAtMs - readNowMs() < 2 * 60_000
          ? await fetchToken()
          : current.value;
      return { authorization: `Bearer ${value}` };
    },
    readTheme: () => theme,
    onThemeChange(listener) {
      themeListeners.add(listener);
      return () => themeListeners.delete(listener);
    },
    canShareToStage: frameContext === 'sidePanel',
    configuration,
    shareToStage: () =>
      new Promise<void>((resolve, reject) => {
        teams.meeting.shareAppContentToStage((error) => {
          if (error) reject(new Error(error.message ?? `Teams refused (${error.errorCode}).`));
          else resolve();
        }, options.stageUrl);
      }),
    startSpeakingSignals(sink) {
      if (!isInMeetingFrame) return () => undefined;
      let isActive = true;
      let wasSpeaking = false;
      try {
        teams.meeting.registerSpeakingStateChangeHandler((state) => {
          if (!isActive || state.error) return;
          // Only the fall into silence carries information here: who spoke is not reported.
          if (wasSpeaking && !state.isSpeakingDetected) {
            sink.record({ kind: 'speech', speaker: null, source: 'silence-signal' });
          }
          wasSpeaking = state.isSpeakingDetected;
        });
      } catch (error) {
        console.warn('The meeting speaking state is not available here.', error);
      }
      return () => {
        isActive = false;
      };
    },
  };
}

/**
 * Teams' configuration dialog. Its Save button stays disabled until the page says its form is
 * valid; on Save the page's own save runs first (it creates or updates the circle), then the tab
 * is saved with the side panel's URL and the circle's name, and only then is Teams told it
 * worked. Any failure keeps the dialog open with a message.
 */
function createConfiguration(teams: TeamsJsModule, contentUrl: string): HostConfiguration {
  let saveForm: (() => Promise<{ readonly displayName: string }>) | null = null;
  teams.pages.config.registerOnSaveHandler((saveEvent) => {
    const save = saveForm;
    if (save === null) {
      saveEvent.notifyFailure(messages.shell.errors.configurationNotReady);
      return;
    }
    save()
      .then(({ displayName }) =>
        teams.pages.config.setConfig({
          contentUrl,
          websiteUrl: contentUrl,
          entityId: TEAMS_TAB_ENTITY_ID,
          suggestedDisplayName: displayName.trim() || messages.shell.appName,
        }),
      )
      .then(
        () => saveEvent.notifySuccess(),
        (error: unknown) =>
          saveEvent.notifyFailure(error instanceof Error ? error.message : String(error)),
      );
  });
  teams.pages.config.setValidityState(false);
  return {
    setValid(isValid) {
      teams.pages.config.setValidityState(isValid);
    },
    onSave(save) {
      saveForm = save;
      return () => {
        if (saveForm === save) saveForm = null;
      };
    },
  };
}
