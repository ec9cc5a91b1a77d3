import type {
  ConfigOptions,
  GetUserContextResponse,
  OnActiveSpeakerChangeEvent,
  OnMyActiveSpeakerChangeEvent,
} from '@zoom/appssdk';
import { describe, expect, it } from 'vitest';
import type { SessionView, SpeechMarkInput } from '../app/panel-model.js';
import { createZoomHost, findSpeaker, ZOOM_CAPABILITIES, type ZoomSdkLike } from './zoom-host.js';

// Payloads as the Zoom Apps SDK documents them (appssdk.zoom.us, 0.16) and PLATFORM.md records.
const RECORDED = {
  config: {
    runningContext: 'inMeeting',
    unsupportedApis: [],
    clientVersion: '6.2.0.46690',
    browserVersion: 'applewebkit/17618.1.15.111.8',
    auth: { status: 'authorized', upgradable: false },
    media: {},
  },
  meetingContext: { meetingTopic: "Ana's coaching trio", meetingID: '81234567890' },
  meetingUuid: { meetingUUID: 'mDzC4Zq1RHqtJ2yv9Xc0Ww==' },
  hostUser: {
    status: 'authorized',
    screenName: 'Ana Souza',
    participantId: '16778240',
    participantUUID: 'C3C1B3F0-5B57-4E6B-9E53-1F0E2C1B1111',
    role: 'host',
  },
  attendeeUser: {
    status: 'authorized',
    screenName: 'Ben',
    participantId: '16779264',
    participantUUID: 'C3C1B3F0-5B57-4E6B-9E53-1F0E2C1B2222',
    role: 'attendee',
  },
  appContext: { context: 'AQz3b2V4YW1wbGUtaXY=' },
  activeSpeakerBen: {
    timestamp: 1_718_000_000,
    users: [{ screenName: 'Ben', timestamp: '1718000000', participantUUID: 'C3C1B3F0-…-2222' }],
  },
  activeSpeakerNobody: { timestamp: 1_718_000_005, users: [] },
  activeSpeakerStranger: {
    timestamp: 1_718_000_009,
    users: [
      {
        screenName: 'Dial-in 0049…',
        timestamp: '1718000009',
        participantId: '1',
        participantUUID: 'x',
      },
    ],
  },
  myStarted: { timestamp: 1_718_000_010, status: 'started' },
  myStopped: { timestamp: 1_718_000_015, status: 'stopped' },
} as const;

function createStandInSdk(user: GetUserContextResponse) {
  const calls: { name: string; args: unknown[] }[] = [];
  const handlers: {
    activeSpeaker?: (event: OnActiveSpeakerChangeEvent) => void;
    mySpeaker?: (event: OnMyActiveSpeakerChangeEvent) => void;
  } = {};
  let appContextCalls = 0;
  const record = <T>(name: string, value: T, ...args: unknown[]) => {
    calls.push({ name, args });
    return Promise.resolve(structuredClone(value));
  };
  const sdk = {
    config: (options: ConfigOptions) => record('config', RECORDED.config, options),
    getMeetingContext: () => record('getMeetingContext', RECORDED.meetingContext),
    getMeetingUUID: () => record('getMeetingUUID', RECORDED.meetingUuid),
    getUserContext: () => record('getUserContext', user),
    getAppContext: () => {
      appContextCalls += 1;
      return record('getAppContext', {
        context: `${RECORDED.appContext.context}#${appContextCalls}`,
      });
    },
    onActiveSpeakerChange(handler: (event: OnActiveSpeakerChangeEvent) => void) {
      handlers.activeSpeaker = handler;
    },
    onMyActiveSpeakerChange(handler: (event: OnMyActiveSpeakerChangeEvent) => void) {
      handlers.mySpeaker = handler;
    },
  } as unknown as ZoomSdkLike;
  return { sdk, calls, handlers };
}

function sessionWith(people: Record<string, { name: string; present?: boolean }>): SessionView {
  const participants = Object.fromEntries(
    Object.entries(people).map(([id, p]) => [
      id,
      {
        id,
        displayName: p.name,
        role: null,
        presence: p.present === false ? 'absent' : 'present',
        isGuest: false,
        optedOutOfTracking: false,
        consent: {},
      },
    ]),
  );
  return { id: 's', circleId: 'c', version: 1, state: { participants } } as unknown as SessionView;
}

const SESSION = sessionWith({
  'zoom-uid-ana': { name: 'Ana Souza' },
  'zoom-uid-ben': { name: 'ben' },
  'zoom-uid-cai': { name: 'Cai', present: false },
});

function startSignals(host: Awaited<ReturnType<typeof createZoomHost>>) {
  const marks: SpeechMarkInput[] = [];
  const stop = host.startSpeakingSignals({
    session: () => SESSION,
    personId: 'zoom-uid-ana',
    now: () => 0,
    record: (mark) => marks.push(mark),
  });
  return { marks, stop };
}

describe('createZoomHost', () => {
  it('configures every capability it uses and reads the meeting, user and app context', async () => {
    const { sdk, calls } = createStandInSdk(RECORDED.hostUser);
    const host = await createZoomHost(sdk);
    const config = calls.find((call) => call.name === 'config');
    expect((config?.args[0] as ConfigOptions).capabilities).toEqual([...ZOOM_CAPABILITIES]);
    expect(host.kind).toBe('zoom');
    expect(host.circleHost).toBe('zoom');
    expect(host.meetingKey).toBe(RECORDED.meetingUuid.meetingUUID);
    expect(host.meetingId).toBe(RECORDED.meetingUuid.meetingUUID);
    expect(host.meetingTitle).toBe(RECORDED.meetingContext.meetingTopic);
    expect(host.identity).toEqual({ personId: null, displayName: 'Ana Souza' });
    expect(host.canShareToStage).toBe(false);
  });

  it('sends the app context as x-zoom-app-context, and asks Zoom again after a 401', async () => {
    const { sdk } = createStandInSdk(RECORDED.attendeeUser);
    let nowMs = 0;
    const host = await createZoomHost(sdk, { readNowMs: () => nowMs, contextMaxAgeMs: 60_000 });
    const first = await host.getAuthHeaders(false);
    expect(first).toEqual({ 'x-zoom-app-context': `${RECORDED.appContext.context}#1` });
    expect(await host.getAuthHeaders(false)).toEqual(first);
    expect(await host.getAuthHeaders(true)).toEqual({
      'x-zoom-app-context': `${RECORDED.appContext.context}#2`,
    });
    nowMs = 61_000;
    expect(await host.getAuthHeaders(false)).toEqual({
      'x-zoom-app-context': `${RECORDED.appContext.context}#3`,
    });
  });

  it("turns the host's active-speaker events into airtime marks for the people in the session", async () => {
    const { sdk, handlers } = createStandInSdk(RECORDED.hostUser);
    const { marks } = startSignals(await createZoomHost(sdk));
    handlers.activeSpeaker?.(structuredClone(RECORDED.activeSpeakerBen) as never);
    handlers.activeSpeaker?.(structuredClone(RECORDED.activeSpeakerStranger) as never);
    handlers.activeSpeaker?.(structuredClone(RECORDED.activeSpeakerNobody) as never);
    expect(marks).toEqual([
      { kind: 'speech', speaker: 'zoom-uid-ben', source: 'host-active-speaker' },
      { kind: 'speech', speaker: null, source: 'host-active-speaker' },
    ]);
  });

  it('listens to active speakers only as host or co-host, and to my own speaking state always', async () => {
    const attendee = createStandInSdk(RECORDED.attendeeUser);
    const { marks } = startSignals(await createZoomHost(attendee.sdk));
    expect(attendee.handlers.activeSpeaker).toBeUndefined();
    attendee.handlers.mySpeaker?.(structuredClone(RECORDED.myStarted) as never);
    attendee.handlers.mySpeaker?.(structuredClone(RECORDED.myStopped) as never);
    expect(marks).toEqual([
      { kind: 'speech', speaker: 'zoom-uid-ana', source: 'self-speaking' },
      { kind: 'speech', speaker: null, source: 'self-speaking' },
    ]);

    const coHost = createStandInSdk({ ...RECORDED.hostUser, role: 'coHost' });
    startSignals(await createZoomHost(coHost.sdk));
    expect(coHost.handlers.activeSpeaker).toBeTypeOf('function');
  });

  it('records nothing after the signals are stopped', async () => {
    const { sdk, handlers } = createStandInSdk(RECORDED.hostUser);
    const { marks, stop } = startSignals(await createZoomHost(sdk));
    stop();
    handlers.activeSpeaker?.(structuredClone(RECORDED.activeSpeakerBen) as never);
    handlers.mySpeaker?.(structuredClone(RECORDED.myStarted) as never);
    expect(marks).toEqual([]);
  });

  it('runs outside a meeting without a meeting key, so the panel says to open it in one', async () => {
    const { sdk } = createStandInSdk(RECORDED.hostUser);
    const mainClient = {
      ...sdk,
      config: () => Promise.resolve({ ...RECORDED.config, runningContext: 'inMainClient' }),
    } as unknown as ZoomSdkLike;
    const host = await createZoomHost(mainClient);
    expect(host.meetingKey).toBeNull();
  });

  it('gives up quickly when nothing answers config, so the browser fallback can start', async () => {
    const silent = { config: () => new Promise(() => undefined) } as unknown as ZoomSdkLike;
    await expect(createZoomHost(silent, { configTimeoutMs: 50 })).rejects.toThrow(/did not answer/);
  });
});

describe('findSpeaker', () => {
  it('matches screen names to present participants, whatever the case and spacing', () => {
    const event = {
      timestamp: 1,
      users: [
        { screenName: '  ana   SOUZA ', timestamp: '1', participantId: '2', participantUUID: 'a' },
      ],
    };
    expect(findSpeaker(event, SESSION)).toBe('zoom-uid-ana');
  });

  it('ignores absent participants and unknown names', () => {
    const event = {
      timestamp: 1,
      users: [{ screenName: 'Cai', timestamp: '1', participantId: '3', participantUUID: 'c' }],
    };
    expect(findSpeaker(event, SESSION)).toBeUndefined();
    expect(findSpeaker(event, null)).toBeUndefined();
  });
});
