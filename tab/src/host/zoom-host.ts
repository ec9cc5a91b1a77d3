import type {
  ConfigOptions,
  ConfigResponse,
  GetAppContextResponse,
  GetMeetingContextResponse,
  GetMeetingUUIDResponse,
  GetUserContextResponse,
  OnActiveSpeakerChangeEvent,
  OnMyActiveSpeakerChangeEvent,
} from '@zoom/appssdk';
import type { ParticipantId } from '@grow-together/core';
import type { SessionView } from '../app/panel-model.js';
import { onSystemThemeChange, readSystemTheme, type HostAdapter } from './host-adapter.js';
import { withTimeout } from './teams-host.js';

// Zoom, through @zoom/appssdk: configure the capabilities, read the running, meeting and user
// context, send the app context to the api (`x-zoom-app-context`, which the api decrypts), turn
// the host's and co-hosts' `onActiveSpeakerChange` into airtime marks, and everyone's
// `onMyActiveSpeakerChange` into their own speaking state. Zoom has no theme API: the system's
// colour scheme is followed.

/** Every API used must be listed here, or Zoom refuses it (PLATFORM.md). */
export const ZOOM_CAPABILITIES = [
  'getRunningContext',
  'getMeetingContext',
  'getMeetingUUID',
  'getUserContext',
  'getAppContext',
  'onActiveSpeakerChange',
  'onMyActiveSpeakerChange',
] as const;

/** The part of the SDK the adapter uses: tests hand in a stand-in with recorded payloads. */
export interface ZoomSdkLike {
  config(options: ConfigOptions): Promise<ConfigResponse>;
  getMeetingContext(): Promise<GetMeetingContextResponse>;
  getMeetingUUID(): Promise<GetMeetingUUIDResponse>;
  getUserContext(): Promise<GetUserContextResponse>;
  getAppContext(): Promise<GetAppContextResponse>;
  onActiveSpeakerChange(handler: (event: OnActiveSpeakerChangeEvent) => void): void;
  onMyActiveSpeakerChange(handler: (event: OnMyActiveSpeakerChangeEvent) => void): void;
}

export interface ZoomHostOptions {
  readonly readNowMs?: () => number;
  /** How long an app context is reused before asking Zoom again (it carries its own `exp`). */
  readonly contextMaxAgeMs?: number;
  readonly configTimeoutMs?: number;
}

/** Roles that receive `onActiveSpeakerChange` (PLATFORM.md: host and co-host only). */
const SPEAKER_EVENT_ROLES = new Set(['host', 'cohost', 'co-host']);

export async function createZoomHost(
  sdk: ZoomSdkLike,
  options: ZoomHostOptions = {},
): Promise<HostAdapter> {
  const readNowMs = options.readNowMs ?? Date.now;
  const contextMaxAgeMs = options.contextMaxAgeMs ?? 5 * 60_000;
  const configured = await withTimeout(
    sdk.config({ capabilities: [...ZOOM_CAPABILITIES], version: '0.16' }),
    options.configTimeoutMs ?? 5_000,
    'Zoom',
  );
  if (configured.runningContext !== 'inMeeting' && configured.runningContext !== 'inWebinar') {
    console.info(`Zoom runs the app ${configured.runningContext}: no meeting, no live session.`);
  }
  const isInMeeting =
    configured.runningContext === 'inMeeting' || configured.runningContext === 'inWebinar';
  const [meeting, uuid, user] = await Promise.all([
    isInMeeting ? sdk.getMeetingContext() : Promise.resolve(null),
    isInMeeting ? sdk.getMeetingUUID() : Promise.resolve(null),
    sdk.getUserContext(),
  ]);

  let appContext: { value: string; fetchedAtMs: number } | null = null;
  const readAppContext = async (refresh: boolean): Promise<string> => {
    if (!refresh && appContext !== null && readNowMs() - appContext.fetchedAtMs < contextMaxAgeMs) {
      return appContext.value;
    }
    const { context } = await sdk.getAppContext();
    appContext = { value: context, fetchedAtMs: readNowMs() };
    return context;
  };
  await readAppContext(false);

  const role = normalizeRole(user.role);
  return {
    kind: 'zoom',
    frameContext: 'sidePanel',
    locale: navigator.language || 'en',
    circleHost: 'zoom',
    meetingKey: uuid?.meetingUUID ?? null,
    meetingId: uuid?.meetingUUID ?? null,
    meetingTitle: meeting?.meetingTopic ?? null,
    // The api knows a Zoom user by the app context's uid, which the SDK does not reveal.
    identity: { personId: null, displayName: user.screenName },
    async getAuthHeaders(refresh) {
      return { 'x-zoom-app-context': await readAppContext(refresh) };
    },
    readTheme: () => readSystemTheme(),
    onThemeChange: (listener) => onSystemThemeChange(listener),
    canShareToStage: false,
    shareToStage: () =>
      Promise.reject(new Error('Zoom shows the app to each person in their own panel.')),
    configuration: null,
    startSpeakingSignals(sink) {
      let isActive = true;
      if (SPEAKER_EVENT_ROLES.has(role)) {
        sdk.onActiveSpeakerChange((event) => {
          if (!isActive) return;
          const speaker = findSpeaker(event, sink.session());
          if (speaker === undefined) return;
          sink.record({ kind: 'speech', speaker, source: 'host-active-speaker' });
        });
      }
      sdk.onMyActiveSpeakerChange((event) => {
        if (!isActive) return;
        sink.record({
          kind: 'speech',
          speaker: event.status === 'started' ? sink.personId : null,
          source: 'self-speaking',
        });
      });
      return () => {
        isActive = false;
      };
    },
  };
}

function normalizeRole(role: string): string {
  return role.toLowerCase().replace(/[\s_]/g, '');
}

/**
 * The participant an active-speaker event names: Zoom reports screen names and meeting-scoped
 * UUIDs, the session knows display names, so the first user whose screen name matches a present
 * participant speaks (one stream has one speaker at a time). Nobody in the list is silence;
 * someone the session does not know (a guest not added) gives `undefined`: no mark.
 */
export function findSpeaker(
  event: OnActiveSpeakerChangeEvent,
  session: SessionView | null,
): ParticipantId | null | undefined {
  if (event.users.length === 0) return null;
  if (session === null) return undefined;
  const byName = new Map<string, ParticipantId>();
  for (const participant of Object.values(session.state.participants)) {
    if (participant.presence === 'present')
      byName.set(normalizeName(participant.displayName), participant.id);
  }
  for (const user of event.users) {
    const id = byName.get(normalizeName(user.screenName));
    if (id !== undefined) return id;
  }
  return undefined;
}

function normalizeName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}
