// A PanelModel for tests of connected views: nothing talks to a network. Every api call rejects
// unless the test gives it an answer, commands and marks are recorded so a test can assert on them.
import type { Mark } from '@grow-together/core';
import type {
  CommandInput,
  CommandResult,
  HostInfo,
  MarkInput,
  PanelApi,
  PanelModel,
} from './panel-model.js';

export interface StubPanelModel extends PanelModel {
  /** Commands sent through `sendCommand`, in order. */
  readonly sentCommands: CommandInput[];
}

type Overrides = Partial<Omit<PanelModel, 'host' | 'api'>> & {
  host?: Partial<HostInfo>;
  api?: Partial<{ [K in keyof PanelApi]: Partial<PanelApi[K]> }>;
  nowMs?: number;
  commandResult?: (command: CommandInput) => CommandResult;
};

export function createStubPanelModel(overrides: Overrides = {}): StubPanelModel {
  const { host, api, nowMs, commandResult, ...rest } = overrides;
  const sentCommands: CommandInput[] = [];
  const marks: Mark[] = [...(rest.marks ?? [])];
  let counter = 0;
  const me = rest.me ?? { personId: 'demo-ana', displayName: 'Ana' };
  const model: StubPanelModel = {
    page: 'side-panel',
    me,
    circle: null,
    session: null,
    connection: 'live',
    pendingMarks: 0,
    markStorage: 'device',
    serverNow: () => nowMs ?? Date.now(),
    adoptCircle: () => undefined,
    ...rest,
    marks,
    host: {
      kind: 'browser',
      circleHost: 'teams',
      frameContext: 'browser',
      theme: 'light',
      locale: 'en',
      meetingKey: 'demo-1',
      meetingId: 'demo-1',
      canShareToStage: false,
      shareToStage: () => Promise.reject(new Error('Not in a meeting host.')),
      configuration: null,
      ...host,
    },
    sentCommands,
    async sendCommand(command) {
      sentCommands.push(command);
      if (commandResult) return commandResult(command);
      const session = rest.session ?? null;
      return session === null
        ? { ok: false, code: 'SESSION_NOT_FOUND', message: 'No session.', session: null }
        : { ok: true, session, isRepeat: false };
    },
    recordMark(input: MarkInput) {
      counter += 1;
      const atMs = input.atMs ?? model.serverNow();
      const mark: Mark =
        input.kind === 'speech'
          ? {
              kind: 'speech',
              id: `mark-${counter}`,
              atMs,
              by: me.personId,
              source: input.source ?? 'observer',
              speaker: input.speaker,
            }
          : {
              kind: 'tag',
              id: `mark-${counter}`,
              atMs,
              by: me.personId,
              speaker: input.speaker,
              tag: input.tag,
              stageId: input.stageId ?? null,
            };
      marks.push(mark);
      return mark;
    },
    undoMark() {
      const undone = new Set(marks.flatMap((m) => (m.kind === 'undo' ? [m.targetId] : [])));
      const target = [...marks].reverse().find((m) => m.kind !== 'undo' && !undone.has(m.id));
      if (target === undefined) return null;
      counter += 1;
      const mark: Mark = {
        kind: 'undo',
        id: `mark-${counter}`,
        atMs: model.serverNow(),
        by: me.personId,
        targetId: target.id,
      };
      marks.push(mark);
      return mark;
    },
    api: createStubApi(api ?? {}),
  };
  return model;
}

function createStubApi(overrides: Partial<{ [K in keyof PanelApi]: Partial<PanelApi[K]> }>) {
  const unanswered = (name: string) => () =>
    Promise.reject(new Error(`The stub api has no answer for ${name}.`));
  const group = <K extends keyof PanelApi>(key: K, names: readonly (keyof PanelApi[K])[]) =>
    Object.fromEntries(
      names.map((name) => [name, overrides[key]?.[name] ?? unanswered(`${key}.${String(name)}`)]),
    ) as unknown as PanelApi[K];
  return {
    circles: group('circles', [
      'byMeeting',
      'create',
      'get',
      'update',
      'updateMe',
      'listSessions',
      'listCommitments',
    ]),
    sessions: group('sessions', ['startOrJoin', 'get', 'summary']),
    outputs: group('outputs', [
      'get',
      'putNote',
      'addCommitment',
      'editCommitment',
      'addExperiment',
      'editExperiment',
      'addSentence',
      'editSentence',
      'addAppreciation',
      'editAppreciation',
    ]),
    reflections: group('reflections', ['create', 'listMine', 'edit', 'remove', 'listShared']),
    feedback: group('feedback', ['send', 'listMine']),
    preferences: group('preferences', ['get', 'put']),
  } satisfies PanelApi;
}
