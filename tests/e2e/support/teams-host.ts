import { createServer, type Server } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { readTeamsIssuers } from '../../../api/src/auth/verify-teams-token.js';
import type { JwksServer } from '../../support/jwks-server.js';
import { ROOT } from './tab-build.js';

// A stand-in for the Teams client: a page that embeds the panel in an iframe, as Teams does for a
// meeting side panel, and answers the teams-js postMessage protocol the way the host does
// (learnt from teams-js 2.58's own communication code):
// - the app sends `{ id, uuidAsString, func, args, … }` to its parent; the host answers
//   `{ id, uuidAsString, args }` (the same id), and pushes events as `{ func, args }`;
// - `initialize` is answered with [frameContext, hostClientType, runtimeConfig JSON, version];
// - `getContext` with the host's (v1-shaped) context: here a recorded meeting side panel's;
// - `authentication.getAuthToken` with [true, token]: a real RS256 JWT signed by the loopback
//   JWKS stand-in (tests/support/jwks-server.ts), so the api verifies it for real;
// - `registerHandler` is remembered, so the test can push `themeChange` and
//   `meeting.speakingStateChanged` to a panel that asked for them;
// - the configuration dialog (frame context `settings`): `settings.setValidityState` is recorded
//   (it drives the dialog's Save button), the test presses Save by pushing `settings.save`, and
//   `settings.setSettings` (teams-js `pages.config.setConfig`) is answered [true] and recorded,
//   as are `settings.save.success` / `settings.save.failure`;
// - `meeting.shareAppContentToStage` is answered as shared, its URL recorded.
//
// teams-js only listens to hosts on its list of valid origins, served over https. So the page is
// served over https (with the Cosmos protocol server's throwaway certificate) under a host name on
// that list which the production CSP does not list, `devspaces.skype.com`, that Chromium maps to
// loopback (--host-resolver-rules). The panel stays on its own http loopback origin, and only the
// server's dev-mode DEV_FRAME_ANCESTORS lets this page frame it.

export const TEAMS_HOST_NAME = 'devspaces.skype.com';
export const TEAMS_HOST_ORIGIN = `https://${TEAMS_HOST_NAME}`;
export const TEAMS_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const TEAMS_CLIENT_ID = '3c5b9f2e-6a4d-4f0e-9d1a-2b7c8e6f5a41';

/** A meeting side panel's context, as Teams sent it to a tab (v1 shape; ids made up). */
export const RECORDED_SIDE_PANEL_CONTEXT = {
  locale: 'en-gb',
  theme: 'default',
  entityId: 'grow-together-side-panel',
  subEntityId: '',
  frameContext: 'sidePanel',
  hostClientType: 'web',
  hostName: 'Teams',
  sessionId: '5b3b7c2e-8f1f-4d55-9a43-0c2cf3b1c9d1',
  appSessionId: 'c4a1b2d3-1e2f-4a5b-8c9d-0e1f2a3b4c5d',
  appLaunchId: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b',
  ringId: 'general',
  tid: TEAMS_TENANT_ID,
  tenantSKU: 'enterprise',
  userObjectId: '6f1a7d3e-2b4c-4e5f-8a9b-1c2d3e4f5a6b',
  userPrincipalName: 'ana.silva@contoso.example',
  loginHint: 'ana.silva@contoso.example',
  userLicenseType: 'Unknown',
  chatId: '19:meeting_ZTM1ODg0ZDUtYjU2MC00YjY0LWEwNWQtNjUxNTMyMDQ4NDBj@thread.v2',
  // base64 of "0#19:meeting_…@thread.v2#0", as Teams builds it (no "/" in this one).
  meetingId:
    'MCMxOTptZWV0aW5nX1pUTTFPRGcwWkRVdFlqVTJNQzAwWWpZMExXRXdOV1F0TmpVeE5UTXlNRFE0TkRCakB0aHJlYWQudjIjMA==',
  isFullScreen: false,
  isMultiWindow: false,
  appIconPosition: 0,
  userClickTime: 1_767_949_200_000,
  meetingUserType: 'member',
} as const;

/** The frames a Teams meeting app is shown in: side panel, stage, configuration dialog, tab. */
export type TeamsFrameContext = 'sidePanel' | 'meetingStage' | 'settings' | 'content';

export interface TeamsHostOptions {
  readonly jwks: JwksServer;
  /** Teams theme names: `default`, `dark`, `contrast`. */
  readonly theme?: 'default' | 'dark' | 'contrast';
  /** The frame context pages get unless their URL asks for another (default `sidePanel`). */
  readonly frameContext?: TeamsFrameContext;
}

export interface TeamsHost {
  /** https://devspaces.skype.com: what Chromium must map to `hostRule` below. */
  readonly origin: string;
  /** The Chromium switch that maps the host name to this server. */
  readonly chromiumArgs: readonly string[];
  /** The page that frames `panelUrl` (the panel's own URL on the api server), as `frameContext`. */
  pageUrl(panelUrl: string, frameContext?: TeamsFrameContext): string;
  /** The tokens handed to the panel, in order. */
  readonly issuedTokens: readonly string[];
  close(): Promise<void>;
}

/** What the host page recorded, read from the page. */
export interface HostRecord {
  readonly calls: readonly { func: string; args: readonly unknown[] }[];
  readonly handlers: readonly string[];
}

const certDir = path.join(ROOT, 'node_modules', '@vercel', 'cosmosdb-server');

export async function startTeamsHost(options: TeamsHostOptions): Promise<TeamsHost> {
  const issuedTokens: string[] = [];
  const context = {
    ...RECORDED_SIDE_PANEL_CONTEXT,
    theme: options.theme ?? 'default',
    frameContext: options.frameContext ?? 'sidePanel',
  };
  const server: Server = createServer(
    {
      cert: readFileSync(path.join(certDir, 'cert.pem')),
      key: readFileSync(path.join(certDir, 'key.pem')),
    },
    (request, response) => {
      const url = new URL(request.url ?? '/', TEAMS_HOST_ORIGIN);
      if (request.method === 'POST' && url.pathname === '/token') {
        void mintTeamsToken(options.jwks).then((token) => {
          issuedTokens.push(token);
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ token }));
        });
        return;
      }
      const panel = url.searchParams.get('panel');
      if (request.method === 'GET' && url.pathname === '/' && panel !== null) {
        const frameContext = url.searchParams.get('frame') ?? context.frameContext;
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end(renderHostPage(panel, { ...context, frameContext }, frameContext));
        return;
      }
      response.writeHead(404).end();
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: TEAMS_HOST_ORIGIN,
    chromiumArgs: [`--host-resolver-rules=MAP ${TEAMS_HOST_NAME} 127.0.0.1:${port}`],
    pageUrl: (panelUrl, frameContext) =>
      `${TEAMS_HOST_ORIGIN}/?panel=${encodeURIComponent(panelUrl)}${
        frameContext === undefined ? '' : `&frame=${frameContext}`
      }`,
    issuedTokens,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * The SSO token Teams hands the recorded user (Ana Silva): a v2 token for the api, signed by the
 * stand-in JWKS. Tests use it to act as her through the api, next to her panel.
 */
export function mintTeamsToken(jwks: JwksServer): Promise<string> {
  return jwks.mintToken({
    iss: readTeamsIssuers(TEAMS_TENANT_ID)[1],
    aud: TEAMS_CLIENT_ID,
    tid: TEAMS_TENANT_ID,
    oid: RECORDED_SIDE_PANEL_CONTEXT.userObjectId,
    scp: 'access_as_user',
    name: 'Ana Silva',
    preferred_username: RECORDED_SIDE_PANEL_CONTEXT.userPrincipalName,
    ver: '2.0',
  });
}

/** Reads what the host page saw the panel ask for. */
export function readHostRecord(page: Page): Promise<HostRecord> {
  return page.evaluate(() => {
    const host = (globalThis as unknown as { teamsHost: HostRecord }).teamsHost;
    return { calls: host.calls, handlers: host.handlers };
  });
}

/** The calls the panel made to one host function, oldest first, as their arguments. */
export async function readHostCalls(page: Page, func: string): Promise<unknown[][]> {
  const record = await readHostRecord(page);
  return record.calls.filter((call) => call.func === func).map((call) => [...call.args]);
}

/** Presses the configuration dialog's Save button (Teams asks the page's save handler). */
export function pressConfigurationSave(page: Page): Promise<void> {
  return pushHostEvent(page, 'settings.save', [{}]);
}

/** Teams says whether anyone in the meeting is speaking now (never who). */
export function pushSpeakingState(page: Page, isSpeakingDetected: boolean): Promise<void> {
  return pushHostEvent(page, 'meeting.speakingStateChanged', [{ isSpeakingDetected }]);
}

/** Pushes an event to the panel, as Teams does (`themeChange`, `meeting.speakingStateChanged`). */
export function pushHostEvent(page: Page, func: string, args: readonly unknown[]): Promise<void> {
  return page.evaluate(
    ({ func: name, args: eventArgs }) => {
      (
        globalThis as unknown as { teamsHost: { push(f: string, a: unknown[]): void } }
      ).teamsHost.push(name, eventArgs);
    },
    { func, args: [...args] },
  );
}

function renderHostPage(panelUrl: string, context: object, frameContext: string): string {
  // Teams' runtime config (apiVersion 4): the capabilities this host answers.
  const runtime = {
    apiVersion: 4,
    hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
    isLegacyTeams: false,
    supports: {
      app: {},
      appEntity: {},
      appInstallDialog: {},
      authentication: {},
      dialog: { card: { bot: {} }, url: { bot: {} }, update: {} },
      interactive: {},
      meeting: {},
      pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} },
      sharing: {},
      stageView: {},
      teamsCore: {},
    },
  };
  const script = `
const panelOrigin = new URL(${JSON.stringify(panelUrl)}).origin;
const context = ${JSON.stringify(context)};
const runtime = ${JSON.stringify(JSON.stringify(runtime))};
const frame = document.getElementById('panel');
const host = (window.teamsHost = { calls: [], handlers: [], push(func, args) {
  frame.contentWindow.postMessage({ func, args }, panelOrigin);
} });
function answer(message, args) {
  frame.contentWindow.postMessage({ id: message.id, uuidAsString: message.uuidAsString, args }, panelOrigin);
}
window.addEventListener('message', async (event) => {
  if (event.source !== frame.contentWindow || event.origin !== panelOrigin) return;
  const message = event.data;
  if (!message || typeof message.func !== 'string') return;
  host.calls.push({ func: message.func, args: message.args || [] });
  switch (message.func) {
    case 'initialize':
      return answer(message, [${JSON.stringify(frameContext)}, 'web', runtime, '2.58.0']);
    case 'getContext':
      return answer(message, [context]);
    case 'authentication.getAuthToken': {
      const response = await fetch('/token', { method: 'POST' });
      const { token } = await response.json();
      return answer(message, [true, token]);
    }
    case 'registerHandler':
      host.handlers.push(message.args[0]);
      return;
    case 'meeting.getAppContentStageSharingCapabilities':
      return answer(message, [null, { doesAppHaveSharePermission: true }]);
    case 'meeting.getAppContentStageSharingState':
      return answer(message, [null, { isAppSharing: false }]);
    case 'meeting.shareAppContentToStage':
      return answer(message, [null, true]);
    case 'settings.setSettings':
      return answer(message, [true]);
    default:
      return;
  }
});
frame.src = ${JSON.stringify(panelUrl)};
`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Teams (stand-in)</title>
<style>body{margin:0;background:#f5f5f5}iframe{border:0;width:320px;height:720px;display:block}</style>
</head><body><iframe id="panel" title="Grow Together side panel"></iframe>
<script>${script}</script></body></html>`;
}
