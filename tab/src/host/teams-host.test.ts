import { describe, expect, it } from 'vitest';
import type { SpeechMarkInput } from '../app/panel-model.js';
import { messages } from '../messages/index.js';
import { createTeamsHost, TEAMS_TAB_ENTITY_ID, type TeamsJsModule } from './teams-host.js';

// The Teams adapter against a stand-in teams-js module that records what the panel asks of it
// and hands back the handlers it registers (the end-to-end tests speak the real postMessage
// protocol to the real teams-js; these pin down the adapter's own decisions).

const CONTENT_URL = 'https://panel.example/?host=teams&view=side-panel';
const STAGE_URL = 'https://panel.example/?host=teams&view=stage';
// A token whose claims the adapter reads (oid, name, exp); the api is what checks it.
const TOKEN = `x.${btoa(JSON.stringify({ oid: 'oid-ana', name: 'Ana Silva', exp: 4_000_000_000 }))}.y`;

interface SaveEventStub {
  readonly outcome: Promise<{ ok: true } | { ok: false; reason: string }>;
  notifySuccess(): void;
  notifyFailure(reason?: string): void;
}

function createSaveEvent(): SaveEventStub {
  let settle: (outcome: { ok: true } | { ok: false; reason: string }) => void = () => undefined;
  const outcome = new Promise<{ ok: true } | { ok: false; reason: string }>((resolve) => {
    settle = resolve;
  });
  return {
    outcome,
    notifySuccess: () => settle({ ok: true }),
    notifyFailure: (reason = '') => settle({ ok: false, reason }),
  };
}

function createStandInTeams(frameContext: string) {
  const calls: { name: string; args: unknown[] }[] = [];
  let onSave: ((event: SaveEventStub) => void) | null = null;
  let onSpeaking: ((state: { isSpeakingDetected: boolean }) => void) | null = null;
  const record = (name: string, ...args: unknown[]) => calls.push({ name, args });
  const teams = {
    app: {
      initialize: async () => record('app.initialize'),
      getContext: async () => ({
        app: { theme: 'default', locale: 'en-gb' },
        page: { frameContext, id: 'grow-together-panel' },
        chat: { id: '19:meeting_abc@thread.v2' },
        meeting: { id: 'meeting-id-1' },
        user: { displayName: 'Ana Silva' },
      }),
      registerOnThemeChangeHandler: () => record('app.registerOnThemeChangeHandler'),
      notifySuccess: async () => record('app.notifySuccess'),
    },
    authentication: { getAuthToken: async () => TOKEN },
    meeting: {
      shareAppContentToStage: (
        callback: (error: unknown, result: boolean) => void,
        url: string,
      ) => {
        record('meeting.shareAppContentToStage', url);
        callback(null, true);
      },
      registerSpeakingStateChangeHandler: (
        handler: (state: { isSpeakingDetected: boolean }) => void,
      ) => {
        onSpeaking = handler;
      },
    },
    pages: {
      config: {
        registerOnSaveHandler: (handler: (event: SaveEventStub) => void) => {
          onSave = handler;
        },
        setValidityState: (isValid: boolean) => record('pages.config.setValidityState', isValid),
        setConfig: async (config: unknown) => record('pages.config.setConfig', config),
      },
    },
  };
  return {
    teams: teams as unknown as TeamsJsModule,
    calls,
    callsTo: (name: string) => calls.filter((call) => call.name === name).map((call) => call.args),
    /** Teams' Save button. */
    save(): SaveEventStub {
      if (onSave === null) throw new Error('No save handler was registered.');
      const event = createSaveEvent();
      onSave(event);
      return event;
    },
    pushSpeaking(isSpeakingDetected: boolean) {
      onSpeaking?.({ isSpeakingDetected });
    },
  };
}

const start = (teams: TeamsJsModule) =>
  createTeamsHost(teams, { stageUrl: STAGE_URL, contentUrl: CONTENT_URL, initTimeoutMs: 500 });

describe('the Teams host adapter: the configuration dialog', () => {
  it('keeps Save disabled until the form is valid, then saves the form before the tab', async () => {
    const standIn = createStandInTeams('settings');
    const host = await start(standIn.teams);
    const dialog = host.configuration;
    if (dialog === null) throw new Error('A settings frame has a configuration dialog.');
    expect(standIn.callsTo('pages.config.setValidityState')).toEqual([[false]]);

    dialog.setValid(true);
    expect(standIn.callsTo('pages.config.setValidityState').at(-1)).toEqual([true]);

    const order: string[] = [];
    dialog.onSave(async () => {
      order.push('form saved');
      return { displayName: 'Tuesday trio' };
    });
    const event = standIn.save();
    await expect(event.outcome).resolves.toEqual({ ok: true });
    expect(order).toEqual(['form saved']);
    expect(standIn.callsTo('pages.config.setConfig')).toEqual([
      [
        {
          contentUrl: CONTENT_URL,
          websiteUrl: CONTENT_URL,
          entityId: TEAMS_TAB_ENTITY_ID,
          suggestedDisplayName: 'Tuesday trio',
        },
      ],
    ]);
  });

  it('keeps the dialog open with the reason when the form cannot be saved', async () => {
    const standIn = createStandInTeams('settings');
    const host = await start(standIn.teams);
    const stop = host.configuration?.onSave(async () => {
      throw new Error('The circle could not be created.');
    });
    await expect(standIn.save().outcome).resolves.toEqual({
      ok: false,
      reason: 'The circle could not be created.',
    });
    expect(standIn.callsTo('pages.config.setConfig')).toEqual([]);

    // A page that has gone away (or not mounted yet) saves nothing.
    stop?.();
    await expect(standIn.save().outcome).resolves.toEqual({
      ok: false,
      reason: messages.shell.errors.configurationNotReady,
    });
  });

  it('has no configuration dialog in the side panel', async () => {
    const standIn = createStandInTeams('sidePanel');
    const host = await start(standIn.teams);
    expect(host.configuration).toBeNull();
    expect(standIn.callsTo('pages.config.setValidityState')).toEqual([]);
  });
});

describe('the Teams host adapter: the meeting', () => {
  it('shares the stage URL to the meeting stage', async () => {
    const standIn = createStandInTeams('sidePanel');
    const host = await start(standIn.teams);
    expect(host.canShareToStage).toBe(true);
    await host.shareToStage();
    expect(standIn.callsTo('meeting.shareAppContentToStage')).toEqual([[STAGE_URL]]);
  });

  it('turns the room falling silent into a silence-signal mark, and nothing else', async () => {
    const standIn = createStandInTeams('sidePanel');
    const host = await start(standIn.teams);
    const recorded: SpeechMarkInput[] = [];
    const stop = host.startSpeakingSignals({
      session: () => null,
      personId: 'oid-ana',
      now: () => 0,
      record: (mark) => recorded.push(mark),
    });
    standIn.pushSpeaking(false);
    standIn.pushSpeaking(true);
    standIn.pushSpeaking(true);
    standIn.pushSpeaking(false);
    expect(recorded).toEqual([{ kind: 'speech', speaker: null, source: 'silence-signal' }]);
    stop();
    standIn.pushSpeaking(true);
    standIn.pushSpeaking(false);
    expect(recorded).toHaveLength(1);
  });
});
