import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Frame, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../api/src/config.js';
import { launchBrowser } from '../support/browser.js';
import { startJwksServer, type JwksServer } from '../support/jwks-server.js';
import { startBotConnectorStandIn, type BotConnectorStandIn } from './support/bot-connector.js';
import { randomUUID } from 'node:crypto';
import type { SessionView } from '../../api/src/sessions/model.js';
import { readStoredMarks, type CommandInput, type SessionSummary } from './support/demo-meeting.js';
import { saveScreenshot, watchErrors } from './support/panel.js';
import { messages, silenceButton, speakerButton, tracker } from './support/panel-controls.js';
import { startE2eServer, type E2eServer } from './support/server.js';
import { TAB_ROOT } from './support/tab-build.js';
import {
  mintTeamsToken,
  pressConfigurationSave,
  pushHostEvent,
  pushSpeakingState,
  readHostCalls,
  readHostRecord,
  RECORDED_SIDE_PANEL_CONTEXT as TEAMS_CONTEXT,
  startTeamsHost,
  TEAMS_CLIENT_ID,
  TEAMS_HOST_ORIGIN,
  TEAMS_TENANT_ID,
  type TeamsFrameContext,
  type TeamsHost,
} from './support/teams-host.js';

// The panel inside a stand-in Teams client: a page on another origin that frames it and answers
// teams-js's postMessage protocol with a recorded meeting side-panel context and a real SSO token
// (RS256, signed by a loopback JWKS the server is configured to trust). The server's roster asks a
// stand-in Bot Connector, which lists the recorded user in the recorded meeting chat, so the
// Teams caller gets all the way to the session, as in a real meeting.

interface ApiCall {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly body: string | null;
  status: number | null;
}

describe('the panel in a stand-in Teams meeting side panel', () => {
  let jwks: JwksServer;
  let botConnector: BotConnectorStandIn;
  let server: E2eServer;
  let host: TeamsHost;
  let browser: Browser;

  beforeAll(async () => {
    jwks = await startJwksServer();
    botConnector = await startBotConnectorStandIn([
      {
        chatId: TEAMS_CONTEXT.chatId,
        aadObjectId: TEAMS_CONTEXT.userObjectId,
        tenantId: TEAMS_TENANT_ID,
        name: 'Ana Silva',
      },
    ]);
    server = await startE2eServer({
      frameAncestors: [TEAMS_HOST_ORIGIN],
      entra: { clientId: TEAMS_CLIENT_ID, jwksUrl: jwks.jwksUrl },
      roster: botConnector.roster,
    });
    host = await startTeamsHost({ jwks });
    browser = await launchBrowser({
      extraArgs: [...host.chromiumArgs, '--ignore-certificate-errors'],
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await server?.close();
    await botConnector?.close();
    await jwks?.close();
  });

  async function openInTeams(
    panelServer: E2eServer,
    where: { panelPath?: string; frameContext?: TeamsFrameContext } = {},
    inBrowser: Browser = browser,
  ): Promise<{
    page: Page;
    calls: ApiCall[];
    errors: string[];
    close(): Promise<void>;
  }> {
    const context = await inBrowser.newContext({
      viewport: { width: 320, height: 720 },
      ignoreHTTPSErrors: true,
    });
    const calls: ApiCall[] = [];
    const byRequest = new Map<Request, ApiCall>();
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin !== panelServer.url || !url.pathname.startsWith('/api/')) return;
      const call: ApiCall = {
        method: request.method(),
        path: decodeURIComponent(url.pathname),
        authorization: request.headers()['authorization'],
        body: request.postData(),
        status: null,
      };
      byRequest.set(request, call);
      calls.push(call);
    });
    context.on('response', (response) => {
      const call = byRequest.get(response.request());
      if (call !== undefined) call.status = response.status();
    });
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(
      host.pageUrl(`${panelServer.url}${where.panelPath ?? '/'}`, where.frameContext),
    );
    return { page, calls, errors, close: () => context.close() };
  }

  async function waitForPanelFrame(page: Page): Promise<Frame> {
    await expect
      .poll(() => page.frames().some((f) => f.url().startsWith(`${server.url}/`)))
      .toBe(true);
    return panelFrame(page);
  }

  function panelFrame(page: Page): Frame {
    const frame = page.frames().find((f) => f.url().startsWith(`${server.url}/`));
    if (frame === undefined)
      throw new Error(`No panel frame in ${page.frames().map((f) => f.url())}`);
    return frame;
  }

  it('the configuration dialog: Save stays off until the form is valid, then saves the circle and the tab with the side panel URL', async () => {
    // The manifest's configurationUrl (appPackage/manifest.json), shown in Teams' settings frame.
    const teams = await openInTeams(server, {
      panelPath: '/?host=teams&view=config',
      frameContext: 'settings',
    });
    try {
      const { page, calls } = teams;
      const frame = await waitForPanelFrame(page);
      const name = frame.getByRole('textbox', { name: messages.features.config.name });
      await name.waitFor({ timeout: 15_000 });
      const readValidity = async () =>
        (await readHostCalls(page, 'settings.setValidityState')).at(-1);
      await expect.poll(readValidity).toEqual([false]);
      await name.fill('Tuesday trio');
      await expect.poll(readValidity).toEqual([true]);

      // Teams' own Save button, not the page's "Create circle".
      await pressConfigurationSave(page);
      await expect
        .poll(async () => (await readHostRecord(page)).calls.map((c) => c.func), {
          timeout: 10_000,
        })
        .toContain('settings.save.success');
      const saved = await readHostCalls(page, 'settings.setSettings');
      expect(saved).toHaveLength(1);
      const sidePanelUrl = new URL(readDocumentedTeamsSidePanelPath(), server.url).href;
      expect(saved[0]?.[0]).toEqual({
        contentUrl: sidePanelUrl,
        websiteUrl: sidePanelUrl,
        entityId: 'grow-together-panel',
        suggestedDisplayName: 'Tuesday trio',
      });
      // The form was saved first: the meeting's circle exists, named as typed.
      const create = calls.find((c) => c.method === 'POST' && c.path === '/api/circles');
      expect(create?.status).toBe(201);
      expect(JSON.parse(create?.body ?? '{}')).toMatchObject({
        host: 'teams',
        meetingKey: TEAMS_CONTEXT.chatId,
        name: 'Tuesday trio',
      });
      await saveScreenshot(page, 'teams-configuration');
    } finally {
      await teams.close();
    }
  });

  it('starts in Teams mode, uses the meeting id, and sends the SSO token to the api', async () => {
    const teams = await openInTeams(server);
    try {
      const { page, calls } = teams;
      // The meeting's circle is looked up (or made) by the recorded chat id, with the token Teams
      // handed out.
      const byMeetingPath = `/api/circles/by-meeting/teams/${TEAMS_CONTEXT.chatId}`;
      const isMeetingLookup = (c: ApiCall) =>
        c.status !== null &&
        (c.path === byMeetingPath ||
          (c.method === 'POST' &&
            c.path === '/api/circles' &&
            (JSON.parse(c.body ?? '{}') as { meetingKey?: string }).meetingKey ===
              TEAMS_CONTEXT.chatId));
      try {
        await expect
          .poll(() => calls.some(isMeetingLookup), {
            timeout: 15_000,
          })
          .toBe(true);
      } catch (error) {
        const seen = (await readHostRecord(page)).calls.map((c) => c.func);
        throw new Error(
          `The circle was never looked up or made by the chat id. Api calls: ${JSON.stringify(
            calls.map((c) => [c.method, c.path, c.status]),
          )}; the host saw: ${JSON.stringify(seen)}; page errors: ${teams.errors.join(' | ')}`,
          { cause: error },
        );
      }
      const record = await readHostRecord(page);
      const funcs = record.calls.map((call) => call.func);
      expect(funcs).toEqual(expect.arrayContaining(['initialize', 'getContext']));
      expect(funcs).toContain('authentication.getAuthToken');
      expect(host.issuedTokens.length).toBeGreaterThan(0);

      const apiCalls = calls.filter((c) => c.path !== '/api/health');
      expect(apiCalls.map((c) => c.path)).not.toContain('/api/dev/token');
      for (const call of apiCalls) {
        expect(call.authorization, `${call.method} ${call.path}`).toMatch(/^Bearer /);
        expect(host.issuedTokens).toContain(call.authorization?.slice('Bearer '.length));
      }
      // The server checked the token against the stand-in signing keys, and asked the stand-in
      // Bot Connector whether this person is in the meeting chat.
      expect(jwks.fetchCount).toBeGreaterThan(0);
      expect(botConnector.askedChats).toContain(TEAMS_CONTEXT.chatId);
      expect(calls.filter((c) => c.status === 401)).toEqual([]);

      // Today's session is started or joined with the meeting id from the context.
      await expect
        .poll(
          () =>
            calls.find((c) => c.method === 'POST' && /\/sessions$/.test(c.path) && c.status === 200)
              ?.body ?? null,
          { timeout: 10_000 },
        )
        .not.toBeNull();
      const start = calls.find((c) => c.method === 'POST' && /\/sessions$/.test(c.path));
      expect(JSON.parse(start?.body ?? '{}')).toMatchObject({ meetingId: TEAMS_CONTEXT.meetingId });

      // The panel shows the session, not a browser fallback.
      const frame = panelFrame(page);
      await frame
        .getByRole('heading', { name: messages.features.stageCard.notStartedTitle })
        .waitFor({ timeout: 10_000 });
      expect(record.handlers).toContain('themeChange');
      await saveScreenshot(page, 'teams-side-panel');

      // Share to stage: Teams is asked to show this app's stage page on the meeting stage.
      await frame
        .getByRole('button', { name: messages.features.stageCard.shareToStage, exact: true })
        .click();
      await expect
        .poll(() => readHostCalls(page, 'meeting.shareAppContentToStage'), { timeout: 5_000 })
        .toHaveLength(1);
      const [shared] = await readHostCalls(page, 'meeting.shareAppContentToStage');
      expect(shared?.[0]).toBe(`${server.url}/?host=teams&view=stage`);
    } finally {
      await teams.close();
    }
  });

  it('follows the Teams theme when it changes', async () => {
    const teams = await openInTeams(server);
    try {
      const frame = await (async () => {
        await expect
          .poll(async () => (await readHostRecord(teams.page)).handlers.includes('themeChange'), {
            timeout: 15_000,
          })
          .toBe(true);
        return panelFrame(teams.page);
      })();
      const readScheme = () =>
        frame.evaluate(
          () =>
            (
              globalThis as unknown as {
                document: { documentElement: { style: { colorScheme: string } } };
              }
            ).document.documentElement.style.colorScheme,
        );
      await expect.poll(readScheme).toBe('light');
      await pushHostEvent(teams.page, 'themeChange', ['dark']);
      await expect.poll(readScheme).toBe('dark');
      await pushHostEvent(teams.page, 'themeChange', ['contrast']);
      await expect.poll(readScheme).toBe('dark');
      await pushHostEvent(teams.page, 'themeChange', ['default']);
      await expect.poll(readScheme).toBe('light');
    } finally {
      await teams.close();
    }
  });

  /**
   * Ana and a guest in a running session: a pair, so Ana's panel records airtime. Set up through
   * the api as Ana (her Teams token), once for the tests that need it.
   */
  let pairSession: Promise<RunningPair> | null = null;
  interface RunningPair {
    readonly circleId: string;
    session(): SessionView;
    command(input: CommandInput): Promise<SessionView>;
    callAsAna<T>(method: string, apiPath: string, body?: unknown): Promise<T>;
  }
  function startPairSession(): Promise<RunningPair> {
    pairSession ??= (async () => {
      const token = await mintTeamsToken(jwks);
      const callAsAna = async <T>(method: string, apiPath: string, body?: unknown) => {
        const response = await fetch(`${server.url}${apiPath}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        const text = await response.text();
        if (!response.ok) throw new Error(`${method} ${apiPath} → ${response.status}: ${text}`);
        return JSON.parse(text) as T;
      };
      const { circle } = await callAsAna<{ circle: { id: string } }>(
        'GET',
        `/api/circles/by-meeting/teams/${encodeURIComponent(TEAMS_CONTEXT.chatId)}`,
      );
      let session = (
        await callAsAna<{ session: SessionView }>('POST', `/api/circles/${circle.id}/sessions`, {
          meetingId: TEAMS_CONTEXT.meetingId,
        })
      ).session;
      const command = async (input: CommandInput) => {
        session = (
          await callAsAna<{ session: SessionView }>(
            'POST',
            `/api/circles/${circle.id}/sessions/${session.id}/commands`,
            { commandId: randomUUID(), expectedVersion: session.version, command: input },
          )
        ).session;
        return session;
      };
      await command({ type: 'join', participant: 'guest-gil', displayName: 'Gil', isGuest: true });
      if (session.state.status === 'not-started') await command({ type: 'start' });
      expect(session.state.status).toBe('running');
      return { circleId: circle.id, session: () => session, command, callAsAna };
    })();
    return pairSession;
  }

  /** The IndexedDB databases the panel's frame has (its origin's, partitioned under Teams). */
  const listDatabases = (frame: Frame) =>
    frame.evaluate(async () => {
      const idb = (
        globalThis as unknown as {
          indexedDB: { databases(): Promise<{ name?: string }[]> };
        }
      ).indexedDB;
      return (await idb.databases()).map((database) => database.name ?? '');
    });

  it('keeps the observer’s queued marks in IndexedDB inside the cross-site Teams frame; where the browser refuses the frame storage, says so calmly', async () => {
    await startPairSession();
    const memoryTitle = messages.shell.markStorage.memoryTitle;
    // As shipping browsers do: the frame's storage is partitioned under the Teams origin.
    const teams = await openInTeams(server);
    try {
      const frame = await waitForPanelFrame(teams.page);
      await tracker(frame).waitFor({ timeout: 15_000 });
      await expect.poll(() => listDatabases(frame)).toContain('grow-together');
      expect(await frame.getByText(memoryTitle).count()).toBe(0);
    } finally {
      await teams.close();
    }
    // Playwright's default Chromium (no partitioning) blocks the frame's storage outright.
    const strict = await launchBrowser({
      extraArgs: [...host.chromiumArgs, '--ignore-certificate-errors'],
      partitionThirdPartyStorage: false,
    });
    try {
      const teamsStrict = await openInTeams(server, {}, strict);
      const frame = await waitForPanelFrame(teamsStrict.page);
      await tracker(frame).waitFor({ timeout: 15_000 });
      await frame.getByText(memoryTitle).waitFor();
      await frame.getByText(memoryTitle).scrollIntoViewIfNeeded();
      expect(await listDatabases(frame).catch((error: unknown) => String(error))).not.toContain(
        'grow-together',
      );
      await saveScreenshot(teamsStrict.page, 'teams-side-panel-marks-in-memory');
    } finally {
      await strict.close();
    }
  });

  it('when Teams says the room fell silent, the open airtime span is closed by an automatic mark that keeps its source', async () => {
    const { circleId, session, command, callAsAna } = await startPairSession();
    const teams = await openInTeams(server);
    try {
      const { page } = teams;
      const frame = await waitForPanelFrame(page);
      await tracker(frame).waitFor({ timeout: 15_000 });
      await expect
        .poll(async () => (await readHostRecord(page)).handlers)
        .toContain('meeting.speakingStateChanged');
      const gil = speakerButton(frame, 'Gil');
      await gil.click();
      await expect.poll(() => gil.getAttribute('aria-pressed')).toBe('true');
      const tappedAtMs = server.clock.nowMs();

      await pushSpeakingState(page, true);
      await frame.waitForTimeout(500);
      await pushSpeakingState(page, false);
      const silentAtMs = server.clock.nowMs();
      // Nobody tapped Silence: the panel shows the silence Teams reported.
      await expect.poll(() => silenceButton(frame).getAttribute('aria-pressed')).toBe('true');
      await saveScreenshot(page, 'teams-side-panel-silence-signal');

      // A minute passes before the end: a span left open would run all through it.
      server.clock.advance(60_000);
      await command({ type: 'end' });
      const isSilenceSignal = (mark: { kind: string; source?: string }) =>
        mark.kind === 'speech' && mark.source === 'silence-signal';
      await expect
        .poll(async () => (await readStoredMarks(server, session())).filter(isSilenceSignal), {
          timeout: 15_000,
        })
        .toHaveLength(1);
      const marks = await readStoredMarks(server, session());
      expect(marks.find(isSilenceSignal)).toMatchObject({
        kind: 'speech',
        speaker: null,
        source: 'silence-signal',
        by: TEAMS_CONTEXT.userObjectId,
      });
      const { summary } = await callAsAna<{ summary: SessionSummary }>(
        'GET',
        `/api/circles/${circleId}/sessions/${session().id}/summary`,
      );
      const talkMs = summary.people.find((p) => p.id === 'guest-gil')?.airtime?.talkMs ?? 0;
      expect(talkMs, 'Gil spoke from the tap to the silence').toBeGreaterThan(0);
      expect(talkMs).toBeLessThanOrEqual(silentAtMs - tappedAtMs + 2_000);
    } finally {
      await teams.close();
    }
  });

  it('is framed by the stand-in host only because dev-mode config allows it', async () => {
    // Without DEV_FRAME_ANCESTORS the same page cannot frame the panel.
    const strict = await startE2eServer({
      entra: { clientId: TEAMS_CLIENT_ID, jwksUrl: jwks.jwksUrl },
      roster: botConnector.roster,
      controlsClock: false,
    });
    try {
      const teams = await openInTeams(strict);
      try {
        await teams.page.waitForTimeout(1_500);
        const record = await readHostRecord(teams.page);
        expect(record.calls, 'a blocked panel never talks to the host').toEqual([]);
        expect(teams.calls).toEqual([]);
      } finally {
        await teams.close();
      }
    } finally {
      await strict.close();
    }
    // And production config refuses to add frame ancestors at all.
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        AUTH_MODE: 'entra',
        ENTRA_CLIENT_ID: TEAMS_CLIENT_ID,
        DEV_FRAME_ANCESTORS: TEAMS_HOST_ORIGIN,
      }),
    ).toThrow(ConfigError);
  });
});

/** The side panel's URL for Teams as tab/README.md documents it (`https://<host>/?…`). */
function readDocumentedTeamsSidePanelPath(): string {
  const readme = readFileSync(path.join(TAB_ROOT, 'README.md'), 'utf8');
  const documented = /`https:\/\/<host>(\/\?[^`]*view=side-panel[^`]*)`/.exec(readme)?.[1];
  if (documented === undefined) throw new Error('tab/README.md documents no Teams side panel URL.');
  return documented;
}
