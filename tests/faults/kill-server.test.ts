// Issue 8, "Kill the server mid-session", on the embedded store: the real server runs as a child
// process, the observer's panel runs in headless Chromium and taps speakers without stopping, the
// coach moves stages every 0.7 s (each stage change makes the panel send its queued marks at
// once, core's flush rule), and the server is killed with SIGKILL the moment the panel starts a
// send. Before it comes back (same port, same SQLite file), the file must hold every mark the
// server had acknowledged; after it comes back, the panel's queue must deliver everything else,
// and the store must hold each tap exactly once.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '../../api/src/sessions/model.js';
import { readMarkChunks } from '../../api/src/sessions/mark-chunks.js';
import { createSqliteDocumentStore } from '../../api/src/store/sqlite/sqlite-document-store.js';
import { closeContexts, launchBrowser } from '../support/browser.js';
import { findByRole, GROW, type SessionSummary } from '../e2e/support/demo-meeting.js';
import { formatPanelUrl, openPanel, type OpenPanel } from '../e2e/support/panel.js';
import { speakerButton, tracker } from '../e2e/support/panel-controls.js';
import { ensureTabBuilt } from '../e2e/support/tab-build.js';
import { startKillableServer, type KillableServer } from './support/killable-server.js';
import { watchMarkTraffic, type MarkTraffic } from './support/mark-traffic.js';

const USERS = ['demo-ana', 'demo-ben', 'demo-cai'] as const;
const TAP_GAP_MS = 100;
const STAGE_MOVE_GAP_MS = 700;
/** Batches acknowledged before the kill, so there is something the file must still hold. */
const ACKED_SENDS_BEFORE_KILL = 3;
/** Taps go on this long after the server is back, so marks made before and after mix. */
const TAPPING_AFTER_RESTART_MS = 2_000;
const WAIT_TIMEOUT_MS = 20_000;

describe('the server is killed with SIGKILL while the observer’s panel sends marks', () => {
  let dataDir: string;
  let sqlitePath: string;
  let tabDir: string;
  let server: KillableServer | null = null;
  let browser: Browser | null = null;
  let panel: OpenPanel | null = null;
  const loops: Loop[] = [];
  const devTokenSecret = randomBytes(32).toString('hex');

  beforeAll(async () => {
    // Building the tab, when it is stale, takes longer than the test itself.
    tabDir = await ensureTabBuilt();
    dataDir = await mkdtemp(path.join(tmpdir(), 'grow-together-kill-'));
    sqlitePath = path.join(dataDir, 'kill.db');
    server = await startKillableServer({ sqlitePath, tabDir, port: 0, devTokenSecret });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    // Already stopped when the test passed; after a failure, stop them before what they use.
    await Promise.allSettled(loops.map((loop) => loop.stop()));
    if (panel !== null) await closeContexts([panel.context]);
    await browser?.close();
    await server?.stop();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged mark, and the queue delivers the rest exactly once after a restart', async () => {
    if (server === null || browser === null) throw new Error('the server or browser did not start');
    const first = server;
    const api = createApi(first.baseUrl);
    const meetingKey = `fault-kill-${randomUUID().slice(0, 8)}`;
    const session = await prepareRunningSession(api, meetingKey);
    const coach = findByRole(session, 'coach');
    const observer = findByRole(session, 'observer');
    const names = USERS.map((userId) => session.state.participants[userId]?.displayName ?? userId);

    panel = await openPanel(
      browser,
      formatPanelUrl(first.baseUrl, { user: observer, meeting: meetingKey }),
    );
    const traffic = watchMarkTraffic(panel.page);
    await tracker(panel.page).waitFor({ timeout: 15_000 });

    let isServerDown = false;
    const tapping = startTapping(panel.page, names);
    const stageMoves = startStageMoves(api, coach, session, () => isServerDown);
    loops.push(tapping, stageMoves);
    const waitUntil = (isDone: () => boolean, what: string, describe?: () => string) =>
      waitFor(
        () => {
          tapping.check();
          stageMoves.check();
          return isDone();
        },
        what,
        describe,
      );

    // Taps and stage moves until a few batches are acknowledged, then kill -9 on the next send.
    await waitUntil(() => traffic.ackedSends >= ACKED_SENDS_BEFORE_KILL, 'acknowledged batches');
    const kill: { exited: Promise<void> | null } = { exited: null };
    traffic.onNextSend(() => {
      isServerDown = true;
      kill.exited = first.killHard();
    });
    await waitUntil(() => kill.exited !== null, 'the next send');
    await kill.exited;
    const tapsAtKill = tapping.count();

    // Before anyone restarts it: the file holds every mark the server acknowledged.
    const storedAtKill = await countStoredMarks(sqlitePath, session);
    const ackedByFirstRun = new Set(traffic.ackedMarkIds);
    expect(ackedByFirstRun.size).toBeGreaterThan(0);
    const lostAcks = [...ackedByFirstRun].filter((id) => !storedAtKill.has(id));
    expect(lostAcks, 'acknowledged marks missing from the file after kill -9').toEqual([]);

    server = await startKillableServer({ sqlitePath, tabDir, port: first.port, devTokenSecret });
    const tapsWhileDown = tapping.count() - tapsAtKill;
    isServerDown = false;
    await panel.page.waitForTimeout(TAPPING_AFTER_RESTART_MS);
    await tapping.stop();
    const taps = tapping.count();

    // The coach goes on moving stages; each change that reaches the panel sends what is queued.
    await waitUntil(
      () => traffic.sentMarkIds.size === taps && isEverySentAcked(traffic),
      `all ${taps} taps acknowledged`,
      () =>
        `sent ${traffic.sentMarkIds.size}, acknowledged ${traffic.ackedMarkIds.size}, ` +
        `failed sends ${traffic.failedSends}`,
    );
    await stageMoves.stop();

    expect(tapsWhileDown, 'taps made while the server was down').toBeGreaterThan(0);
    expect(traffic.sentMarkIds.size).toBe(taps);
    const storedBeforeRestart = new Set(storedAtKill.keys());
    const deliveredAfterRestart = [...traffic.sentMarkIds].filter(
      (id) => !storedBeforeRestart.has(id),
    );
    expect(deliveredAfterRestart.length).toBeGreaterThanOrEqual(tapsWhileDown);

    // Through the api: every tap is one turn (the speakers take turns), so nothing is missing.
    const { summary } = await api.call<{ summary: SessionSummary }>(
      coach,
      'GET',
      `/api/circles/${session.circleId}/sessions/${session.id}/summary`,
    );
    const turns = summary.people.reduce((sum, person) => sum + (person.airtime?.turns ?? 0), 0);
    expect(turns, 'turns in the summary, one per tap').toBe(taps);

    // In the file, after a clean stop: each tap's mark stored once, and nothing else.
    await server.stop();
    const storedAtEnd = await countStoredMarks(sqlitePath, session);
    expect([...storedAtEnd.keys()].sort()).toEqual([...traffic.sentMarkIds].sort());
    const storedTwice = [...storedAtEnd].filter(([, count]) => count !== 1);
    expect(storedTwice, 'marks stored more than once').toEqual([]);
    expect(panel.errors.filter((error) => error.startsWith('pageerror'))).toEqual([]);
  }, 60_000);
});

interface Api {
  call<T>(userId: string, method: 'GET' | 'POST', apiPath: string, body?: unknown): Promise<T>;
}

/** The api as the demo users; dev tokens outlive a restart (the runs share DEV_TOKEN_SECRET). */
function createApi(url: string): Api {
  const tokens = new Map<string, string>();
  const tokenFor = async (userId: string): Promise<string> => {
    const known = tokens.get(userId);
    if (known !== undefined) return known;
    const minted = await send<{ token: string }>('POST', '/api/dev/token', {}, { userId });
    tokens.set(userId, minted.token);
    return minted.token;
  };
  async function send<T>(
    method: string,
    apiPath: string,
    headers: Record<string, string>,
    body?: unknown,
  ): Promise<T> {
    const response = await fetch(`${url}${apiPath}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(5_000),
    });
    const text = await response.text();
    if (!response.ok) throw new ApiError(response.status, `${method} ${apiPath}: ${text}`, text);
    return JSON.parse(text) as T;
  }
  return {
    async call(userId, method, apiPath, body) {
      return send(method, apiPath, { authorization: `Bearer ${await tokenFor(userId)}` }, body);
    },
  };
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: string,
  ) {
    super(message);
  }
}

/** A GROW circle of the three, each of them in today's session, started by its coach. */
async function prepareRunningSession(api: Api, meetingKey: string): Promise<SessionView> {
  const [creator, ...others] = USERS;
  const { circle } = await api.call<{ circle: { id: string } }>(creator, 'POST', '/api/circles', {
    host: 'teams',
    meetingKey,
    name: 'Kill -9 circle',
    frameworkId: GROW,
  });
  for (const userId of others) {
    await api.call(userId, 'GET', `/api/circles/by-meeting/teams/${meetingKey}`);
  }
  let session: SessionView | null = null;
  for (const userId of USERS) {
    ({ session } = await api.call<{ session: SessionView }>(
      userId,
      'POST',
      `/api/circles/${circle.id}/sessions`,
      { meetingId: meetingKey },
    ));
  }
  if (session === null) throw new Error('nobody opened the session');
  const { session: started } = await api.call<{ session: SessionView }>(
    findByRole(session, 'coach'),
    'POST',
    `/api/circles/${circle.id}/sessions/${session.id}/commands`,
    { commandId: randomUUID(), expectedVersion: session.version, command: { type: 'start' } },
  );
  return started;
}

interface Loop {
  /** Throws what stopped the loop early, if anything did. */
  check(): void;
  /** Stops after the step under way; throws what stopped the loop early, if anything did. */
  stop(): Promise<void>;
}

/** Runs `step` again and again until stopped or until it throws. */
function startLoop(step: () => Promise<void>): Loop {
  let isStopped = false;
  let failure: unknown = null;
  const loop = (async () => {
    while (!isStopped) await step();
  })().catch((error: unknown) => {
    failure = error;
  });
  const check = () => {
    if (failure !== null) throw failure;
  };
  return {
    check,
    async stop() {
      isStopped = true;
      await loop;
      check();
    },
  };
}

/** The observer taps the three speakers in turn, never the one speaking (which would be silence). */
function startTapping(page: Page, names: readonly string[]): Loop & { count(): number } {
  let taps = 0;
  const loop = startLoop(async () => {
    const name = names[taps % names.length] ?? '';
    await speakerButton(page, name).click({ timeout: 5_000 });
    taps += 1;
    await page.waitForTimeout(TAP_GAP_MS);
  });
  return { ...loop, count: () => taps };
}

/** The coach moves between the first two stages, forward and back, while the server is up. */
function startStageMoves(
  api: Api,
  coach: string,
  session: SessionView,
  isServerDown: () => boolean,
): Loop {
  let current = session;
  const commandsPath = `/api/circles/${session.circleId}/sessions/${session.id}/commands`;
  const send = async () => {
    const type = current.state.stageIndex === 0 ? 'next' : 'back';
    ({ session: current } = await api.call<{ session: SessionView }>(coach, 'POST', commandsPath, {
      commandId: randomUUID(),
      expectedVersion: current.version,
      command: { type },
    }));
  };
  const move = async () => {
    try {
      await send();
    } catch (error) {
      // A move the kill cut off may have been applied: decide again from the session as it is.
      const fresh = error instanceof ApiError && error.status === 409 ? readSession(error) : null;
      if (fresh === null) throw error;
      current = fresh;
      await send();
    }
  };
  return startLoop(async () => {
    if (!isServerDown()) {
      try {
        await move();
      } catch (error) {
        // A command cut off by the kill; anything else is a failure.
        if (!isServerDown()) throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, STAGE_MOVE_GAP_MS));
  });
}

/** The fresh session a 409 carries in `details.session`. */
function readSession(error: ApiError): SessionView | null {
  const body = JSON.parse(error.body) as { error?: { details?: { session?: SessionView } } };
  return body.error?.details?.session ?? null;
}

function isEverySentAcked(traffic: MarkTraffic): boolean {
  for (const id of traffic.sentMarkIds) if (!traffic.ackedMarkIds.has(id)) return false;
  return true;
}

/** How many times each mark id is stored in the session's chunks, read from the SQLite file. */
async function countStoredMarks(
  sqlitePath: string,
  session: Pick<SessionView, 'circleId' | 'id'>,
): Promise<Map<string, number>> {
  const store = createSqliteDocumentStore({ path: sqlitePath, retentionDays: 0 });
  try {
    const counts = new Map<string, number>();
    for (const chunk of await readMarkChunks(store, session.circleId, session.id)) {
      for (const mark of chunk.marks) counts.set(mark.id, (counts.get(mark.id) ?? 0) + 1);
    }
    return counts;
  } finally {
    await store.close();
  }
}

async function waitFor(
  isDone: () => boolean,
  what: string,
  describe: () => string = () => '',
): Promise<void> {
  const deadlineMs = Date.now() + WAIT_TIMEOUT_MS;
  while (!isDone()) {
    if (Date.now() > deadlineMs) {
      throw new Error(`waited ${WAIT_TIMEOUT_MS} ms for ${what}. ${describe()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
