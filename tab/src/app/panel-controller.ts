import { canRecordMark, type Mark } from '@grow-together/core';
import { createApiClient, createSessionWire, sessionStreamUrl } from '../api/api-client.js';
import { createHttpClient, isApiError, type HttpClient } from '../api/http-client.js';
import type { HostAdapter } from '../host/host-adapter.js';
import { messages } from '../messages/index.js';
import {
  createMarkQueue,
  createMemoryMarkStore,
  formatQueueKey,
  type MarkQueue,
  type MarkStore,
  type SendOutcome,
} from '../sync/mark-queue.js';
import { createServerClock, type ServerClock } from '../sync/server-clock.js';
import {
  openSessionStream,
  type SessionStream,
  type StreamMessage,
} from '../sync/session-stream.js';
import {
  createClientId,
  type CircleView,
  type CommandInput,
  type CommandResult,
  type ConnectionState,
  type MarkInput,
  type MarkStorage,
  type Me,
  type PageKind,
  type PanelApi,
  type PanelModel,
  type SessionView,
  type ThemeName,
} from './panel-model.js';

// The shell's state machine behind `usePanel()`: it signs in through the host, finds or creates
// the meeting's circle, starts or joins today's session, follows it live, sends commands with
// client ids and expected versions, and runs the durable mark queue. React reads it through
// `subscribe` + `getSnapshot` (use-panel-controller.ts); everything here is plain TypeScript.

export type StartupPhase =
  | { readonly kind: 'starting' }
  /** A page outside a meeting (the browser without a meeting, a personal tab). */
  | { readonly kind: 'no-meeting' }
  | { readonly kind: 'ready' }
  | { readonly kind: 'error'; readonly message: string };

export interface PanelSnapshot {
  readonly phase: StartupPhase;
  readonly theme: ThemeName;
  /** null until the phase is `ready` (or `no-meeting`). */
  readonly model: PanelModel | null;
}

export interface PanelControllerOptions {
  readonly host: HostAdapter;
  readonly page: PageKind;
  /** The framework a circle made by opening the panel starts with. */
  readonly defaultFrameworkId?: string;
  /** IndexedDB in the page; memory when it cannot be opened. */
  readonly openMarkStore?: () => Promise<MarkStore>;
  readonly fetch?: typeof fetch;
  readonly clock?: ServerClock;
  readonly win?: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  readonly isOnline?: () => boolean;
}

export interface PanelController {
  start(): Promise<void>;
  subscribe(listener: () => void): () => void;
  getSnapshot(): PanelSnapshot;
  close(): void;
}

const DEFAULT_FRAMEWORK_ID = 'grow-for-equals';
const COMMAND_ATTEMPTS = 3;

export function createPanelController(options: PanelControllerOptions): PanelController {
  const { host, page } = options;
  const win = options.win ?? window;
  const isOnline = options.isOnline ?? (() => navigator.onLine);
  const clock = options.clock ?? createServerClock();
  const http: HttpClient = createHttpClient({
    getAuthHeaders: (refresh) => host.getAuthHeaders(refresh),
    networkMessage: messages.shell.errors.network,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const api: PanelApi = createApiClient(http);
  const wire = createSessionWire(http);
  const listeners = new Set<() => void>();
  const cleanups: (() => void)[] = [];

  let phase: StartupPhase = { kind: 'starting' };
  let theme: ThemeName = host.readTheme();
  let me: Me = { personId: host.identity.personId ?? '', displayName: host.identity.displayName };
  let circle: CircleView | null = null;
  let session: SessionView | null = null;
  let connection: ConnectionState = 'connecting';
  let markStorage: MarkStorage = 'device';
  let queue: MarkQueue | null = null;
  let stream: SessionStream | null = null;
  let stopSignals: (() => void) | null = null;
  let isClosing = false;
  let isClosed = false;
  let snapshot: PanelSnapshot = { phase, theme, model: null };

  const hostInfo = {
    kind: host.kind,
    circleHost: host.circleHost,
    frameContext: host.frameContext,
    locale: host.locale,
    meetingKey: host.meetingKey,
    meetingId: host.meetingId,
    canShareToStage: host.canShareToStage,
    shareToStage: () => host.shareToStage(),
    configuration: host.configuration,
  };

  const emit = () => {
    const model: PanelModel | null =
      phase.kind === 'ready' || phase.kind === 'no-meeting'
        ? {
            page,
            me,
            host: { ...hostInfo, theme },
            circle,
            session,
            serverNow: () => clock.now(),
            connection,
            pendingMarks: queue?.pendingCount ?? 0,
            markStorage,
            marks: queue?.marks ?? [],
            sendCommand,
            recordMark,
            undoMark,
            adoptCircle,
            api,
          }
        : null;
    snapshot = { phase, theme, model };
    for (const listener of listeners) listener();
  };

  // ---- Session updates -------------------------------------------------------------------------

  /** Takes a newer version of the session; says whether the stage moved or the session ended. */
  const adoptSession = (next: SessionView): void => {
    const previous = session;
    if (previous !== null && previous.id === next.id && next.version <= previous.version) return;
    session = next;
    emit();
    if (previous === null || previous.id !== next.id) return;
    const isEnd = next.state.status === 'ended' && previous.state.status !== 'ended';
    const isStageChange =
      next.state.stageIndex !== previous.state.stageIndex ||
      next.state.timeline.length !== previous.state.timeline.length;
    if (isEnd || isStageChange) void queue?.flush({ isEnd, isStageChange });
  };

  const onStreamMessage = (message: StreamMessage) => {
    clock.observe(message.serverTimeMs);
    adoptSession(message.session);
  };

  // ---- Commands --------------------------------------------------------------------------------

  async function sendCommand(input: CommandInput): Promise<CommandResult> {
    const current = session;
    if (current === null) {
      return {
        ok: false,
        code: 'NO_SESSION',
        message: messages.shell.errors.noSession,
        session: null,
      };
    }
    const commandId = createClientId();
    let command: Record<string, unknown> = { ...input };
    // A stage move names the stage its sender saw, so two presses of "next" never skip two.
    if (['next', 'back', 'skip', 'extend'].includes(input.type) && !('expectedStageId' in input)) {
      const stage = current.state.framework.stages[current.state.stageIndex];
      if (stage) command = { ...command, expectedStageId: stage.id };
    }
    let expectedVersion = current.version;
    let lastError: unknown = null;
    for (let attempt = 1; attempt <= COMMAND_ATTEMPTS; attempt += 1) {
      try {
        const result = await wire.sendCommand(current.circleId, current.id, {
          commandId,
          expectedVersion,
          command,
        });
        adoptSession(result.session);
        return { ok: true, session: result.session, isRepeat: result.isRepeat };
      } catch (error) {
        lastError = error;
        if (!isApiError(error)) throw error;
        const fresh = readSessionDetail(error.details);
        if (fresh !== null) adoptSession(fresh);
        // The session moved on: send the same command (same id) against the version now current.
        if (error.code === 'VERSION_CONFLICT' && fresh !== null && attempt < COMMAND_ATTEMPTS) {
          expectedVersion = fresh.version;
          continue;
        }
        // No answer: the same id again, so a command that did arrive is not applied twice.
        if ((error.isNetwork || error.status >= 500) && attempt < COMMAND_ATTEMPTS) {
          await delay(300 * attempt);
          continue;
        }
        return { ok: false, code: error.code, message: error.message, session: fresh };
      }
    }
    return {
      ok: false,
      code: 'UNKNOWN',
      message: lastError instanceof Error ? lastError.message : messages.shell.errors.network,
      session: null,
    };
  }

  // ---- Marks -----------------------------------------------------------------------------------

  function recordMark(input: MarkInput): Mark {
    if (queue === null || session === null) throw new Error(messages.shell.errors.noSession);
    const base = {
      id: createClientId(),
      atMs: Math.round(input.atMs ?? clock.now()),
      by: me.personId,
    };
    const stage = session.state.framework.stages[session.state.stageIndex];
    const mark: Mark =
      input.kind === 'speech'
        ? { ...base, kind: 'speech', source: input.source ?? 'observer', speaker: input.speaker }
        : {
            ...base,
            kind: 'tag',
            speaker: input.speaker,
            tag: input.tag,
            stageId: input.stageId === undefined ? (stage?.id ?? null) : input.stageId,
          };
    queue.add(mark);
    return mark;
  }

  function undoMark(): Mark | null {
    if (queue === null) return null;
    const marks = queue.marks;
    const undone = new Set(marks.flatMap((mark) => (mark.kind === 'undo' ? [mark.targetId] : [])));
    const target = [...marks]
      .reverse()
      .find((mark) => mark.kind !== 'undo' && mark.by === me.personId && !undone.has(mark.id));
    if (target === undefined) return null;
    const mark: Mark = {
      kind: 'undo',
      id: createClientId(),
      atMs: Math.round(clock.now()),
      by: me.personId,
      targetId: target.id,
    };
    queue.add(mark);
    return mark;
  }

  const sendBatch = async (
    circleId: string,
    sessionId: string,
    batchId: string,
    marks: readonly Mark[],
  ): Promise<SendOutcome> => {
    try {
      await wire.sendMarks(circleId, sessionId, batchId, marks, isClosing);
      return { kind: 'stored' };
    } catch (error) {
      if (!isApiError(error)) throw error;
      if (error.isNetwork || error.status >= 500 || error.status === 429 || error.status === 401) {
        return { kind: 'retry' };
      }
      const markId = error.details['markId'];
      if (error.status === 403 && typeof markId === 'string')
        return { kind: 'reject-mark', markId };
      // A 400 that names one mark (`body.marks.<n>...`) refuses that mark only: send the rest.
      const invalid = /^body\.marks\.(\d+)(?:\.|$)/.exec(String(error.details['field'] ?? ''));
      const invalidMark = invalid === null ? undefined : marks[Number(invalid[1])];
      if (error.status === 400 && invalidMark !== undefined) {
        console.warn(`A mark was refused: ${error.message}`);
        return { kind: 'reject-mark', markId: invalidMark.id };
      }
      console.warn(`A batch of marks was refused: ${error.message}`);
      return { kind: 'reject-batch' };
    }
  };

  // ---- Start-up --------------------------------------------------------------------------------

  async function findOrCreateCircle(): Promise<CircleView | null> {
    const meetingKey = host.meetingKey;
    if (meetingKey === null) return null;
    // The configuration page and the before/after tabs only look the circle up; the panel opened
    // in a meeting makes it if there is none (the first member to open it, DESIGN.md). Creating
    // is idempotent per meeting and joins an existing circle, so the panel asks for that at once.
    if (page === 'config' || page === 'before-after') {
      try {
        return await api.circles.byMeeting(host.circleHost, meetingKey);
      } catch (error) {
        if (isApiError(error) && error.status === 404) return null;
        throw error;
      }
    }
    const create = (frameworkId: string) =>
      api.circles.create({
        host: host.circleHost,
        meetingKey,
        name: host.meetingTitle?.slice(0, 100) || messages.shell.defaultCircleName,
        frameworkId,
      });
    const wanted = options.defaultFrameworkId ?? DEFAULT_FRAMEWORK_ID;
    try {
      return (await create(wanted)).circle;
    } catch (error) {
      // A framework named in the URL that the api does not know: start with the default.
      const isUnknownFramework =
        isApiError(error) &&
        error.details['field'] === 'body.frameworkId' &&
        wanted !== DEFAULT_FRAMEWORK_ID;
      if (!isUnknownFramework) throw error;
      return (await create(DEFAULT_FRAMEWORK_ID)).circle;
    }
  }

  async function readPersonId(): Promise<string> {
    if (host.identity.personId !== null) return host.identity.personId;
    // Zoom: the uid is only in the encrypted app context; the api tells who it decrypted.
    const exported = await http.request<{ person: { userId: string } }>('GET', '/api/me/export');
    return exported.person.userId;
  }

  async function joinSession(joined: CircleView): Promise<void> {
    if (host.meetingId === null) return;
    const started = await api.sessions.startOrJoin(joined.id, host.meetingId);
    session = started;
    const markStore = await openMarkStore();
    queue?.close();
    const circleId = started.circleId;
    const sessionId = started.id;
    queue = createMarkQueue({
      store: markStore,
      queueKey: formatQueueKey(me.personId, circleId, sessionId),
      send: (batchId, marks) => sendBatch(circleId, sessionId, batchId, marks),
      createId: createClientId,
      onChange: emit,
    });
    await queue.ready;
    stream?.close();
    stream = openSessionStream({
      url: sessionStreamUrl(http.baseUrl, circleId, sessionId),
      getHeaders: (refresh) => host.getAuthHeaders(refresh),
      lastEventId: null,
      onMessage: onStreamMessage,
      onState(state) {
        const wasLive = connection === 'live';
        connection = state;
        emit();
        if (state === 'live' && !wasLive) void queue?.flush({ isReconnect: true });
      },
      onFatal(error) {
        connection = 'offline';
        phase = { kind: 'error', message: error.message };
        emit();
      },
      isOnline,
    });
    stopSignals?.();
    if (page === 'side-panel') {
      stopSignals = host.startSpeakingSignals({
        session: () => session,
        personId: me.personId,
        now: () => clock.now(),
        record(mark) {
          const current = session;
          if (current === null || current.state.status !== 'running') return;
          if (!canRecordMark(current.state, me.personId, mark.source ?? 'observer', mark.speaker)) {
            return;
          }
          recordMark(mark);
        },
      });
    }
  }

  /** IndexedDB where the browser allows it; otherwise memory, and the observer is told. */
  async function openMarkStore(): Promise<MarkStore> {
    try {
      if (options.openMarkStore === undefined) throw new Error('No durable mark store was given.');
      const store = await options.openMarkStore();
      markStorage = 'device';
      return store;
    } catch (error) {
      console.warn('IndexedDB is not available here: marks are kept in memory only.', error);
      markStorage = 'memory';
      return createMemoryMarkStore();
    }
  }

  function adoptCircle(next: CircleView): void {
    circle = next;
    emit();
    if ((page === 'side-panel' || page === 'stage') && session === null) {
      joinSession(next).catch(fail);
    }
  }

  const fail = (error: unknown) => {
    console.error('The panel could not start.', error);
    phase = {
      kind: 'error',
      message: error instanceof Error ? error.message : messages.shell.errors.unknown,
    };
    emit();
  };

  const watchNetwork = () => {
    const onOnline = () => {
      stream?.reconnectNow();
      void queue?.flush({ isReconnect: true });
    };
    const onOffline = () => {
      connection = 'offline';
      emit();
    };
    // The page is going away: whatever is queued leaves now, with requests that outlive it.
    const onPageHide = () => {
      isClosing = true;
      void queue?.flush({ isEnd: true });
    };
    const onPageShow = () => {
      isClosing = false;
    };
    win.addEventListener('online', onOnline);
    win.addEventListener('offline', onOffline);
    win.addEventListener('pagehide', onPageHide);
    win.addEventListener('pageshow', onPageShow);
    cleanups.push(() => {
      win.removeEventListener('online', onOnline);
      win.removeEventListener('offline', onOffline);
      win.removeEventListener('pagehide', onPageHide);
      win.removeEventListener('pageshow', onPageShow);
    });
  };

  return {
    async start() {
      cleanups.push(
        host.onThemeChange((next) => {
          theme = next;
          emit();
        }),
      );
      watchNetwork();
      try {
        me = { personId: await readPersonId(), displayName: host.identity.displayName };
        if (host.meetingKey === null) {
          phase = { kind: 'no-meeting' };
          emit();
          return;
        }
        circle = await findOrCreateCircle();
        if (circle !== null && host.kind === 'zoom') circle = await nameZoomMember(circle);
        if (circle !== null && (page === 'side-panel' || page === 'stage'))
          await joinSession(circle);
        if (isClosed) return;
        phase = { kind: 'ready' };
        emit();
      } catch (error) {
        fail(error);
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    close() {
      isClosed = true;
      stream?.close();
      queue?.close();
      stopSignals?.();
      for (const cleanup of cleanups.splice(0)) cleanup();
    },
  };

  /** Zoom gives the api no name ("Zoom user"): the member takes their meeting screen name. */
  async function nameZoomMember(current: CircleView): Promise<CircleView> {
    const member = current.members.find((m) => m.userId === me.personId);
    const screenName = host.identity.displayName.trim().slice(0, 100);
    if (member === undefined || screenName === '' || member.displayName === screenName)
      return current;
    try {
      return await api.circles.updateMe(current.id, { displayName: screenName });
    } catch (error) {
      console.warn('The Zoom screen name could not be saved.', error);
      return current;
    }
  }
}

function readSessionDetail(details: Readonly<Record<string, unknown>>): SessionView | null {
  const session = details['session'];
  return typeof session === 'object' && session !== null && 'version' in session
    ? (session as SessionView)
    : null;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
