import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LANGUAGE_TAGS } from '@grow-together/core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '../../api/src/sessions/model.js';
import { closeContexts, launchBrowser } from '../support/browser.js';
import {
  createMeetingKey,
  findByRole,
  prepareCircle,
  readLatestSession,
  sendCommand,
} from './support/demo-meeting.js';
import {
  describeViolations,
  findSeriousAxeViolations,
  formatPanelUrl,
  PANEL_VIEWPORT,
  saveScreenshot,
  type PanelTheme,
} from './support/panel.js';
import {
  messages,
  silenceButton,
  speakerButton,
  tally,
  tracker,
} from './support/panel-controls.js';
import { startE2eServer, type E2eServer } from './support/server.js';
import { ROOT } from './support/tab-build.js';

// Every view of the panel, in the three Teams themes: axe-core finds no serious or critical
// violation, and a 320 × 720 screenshot of each region is saved (tests/artifacts/screenshots/).
// The sessions behind the views are set up through the api: one not started, one running at the
// stage before the role-play (so the consent question shows), one ended with tapped airtime.

const features = messages.features;
const THEMES: readonly PanelTheme[] = ['light', 'dark', 'contrast'];
const USERS = ['demo-ana', 'demo-ben', 'demo-cai'] as const;
/** A guest in the running session whose name does not fit a 320 px tap target on one line. */
const LONG_NAME = 'Bartholomew Okonkwo-Fitzgerald';
/** WCAG 2.5.5's target size, in CSS px. */
const MIN_TARGET_PX = 44;
/** The coach's commitment in the ended session, closed with evidence in the before/after tab. */
const COMMITMENT = 'Ask Sam for feedback after Friday’s demo';

describe('every view passes axe in light, dark and high contrast, and is photographed at 320 × 720', () => {
  let server: E2eServer;
  let browser: Browser;
  const contexts = new Map<string, BrowserContext>();
  const meetings = { notStarted: '', running: '', ended: '' };
  const circles = new Map<string, string>();
  const roles = new Map<string, Record<'coach' | 'coachee' | 'observer', string>>();

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    for (const key of Object.keys(meetings) as (keyof typeof meetings)[]) {
      meetings[key] = createMeetingKey(`views-${key}`);
      const circleId = await prepareCircle(server, meetings[key], USERS);
      circles.set(meetings[key], circleId);
      let session: SessionView | null = null;
      for (const userId of USERS) {
        session = (
          await server.call<{ session: SessionView }>(
            userId,
            'POST',
            `/api/circles/${circleId}/sessions`,
            { meetingId: meetings[key] },
          )
        ).session;
      }
      if (session === null) throw new Error('No session was started.');
      const cast = {
        coach: findByRole(session, 'coach'),
        coachee: findByRole(session, 'coachee'),
        observer: findByRole(session, 'observer'),
      };
      roles.set(meetings[key], cast);
      if (key === 'notStarted') continue;
      await sendCommand(server, cast.coach, session, { type: 'start' });
      if (key === 'running') {
        for (let step = 0; step < 3; step += 1)
          await sendCommand(server, cast.coach, session, { type: 'next' });
        await sendCommand(server, cast.coach, session, {
          type: 'join',
          participant: 'guest-bartholomew',
          displayName: LONG_NAME,
          isGuest: true,
        });
        continue;
      }
      await postTaps(server, cast, session);
      await server.call(
        cast.coach,
        'POST',
        `/api/circles/${circleId}/sessions/${session.id}/commitments`,
        { id: randomUUID(), text: COMMITMENT, dueDate: null },
      );
      await sendCommand(server, cast.coach, session, { type: 'end' });
    }
  }, 180_000);

  afterAll(async () => {
    await closeContexts([...contexts.values()]);
    await browser?.close();
    await server?.close();
  });

  async function pageFor(userId: string): Promise<Page> {
    let context = contexts.get(userId);
    if (context === undefined) {
      context = await browser.newContext({ viewport: PANEL_VIEWPORT });
      contexts.set(userId, context);
    }
    return context.pages()[0] ?? context.newPage();
  }

  /** Opens `url` in each theme, waits for `ready`, runs axe and photographs every region. */
  async function checkView(
    name: string,
    userId: string,
    address: { meeting: string; view?: string },
    isReady: (page: Page) => Promise<unknown>,
  ): Promise<void> {
    const page = await pageFor(userId);
    const failures: string[] = [];
    for (const theme of THEMES) {
      const url = formatPanelUrl(server.url, {
        user: userId,
        ...address,
        theme,
      });
      await page.goto(url);
      await isReady(page);
      const violations = await findSeriousAxeViolations(page);
      if (violations.length > 0)
        failures.push(`${name} (${theme}):\n${describeViolations(violations)}`);
      await saveScreenshot(page, `${name}-${theme}`);
      const regions = await page.getByRole('region').all();
      for (const [index, region] of regions.entries()) {
        await region.scrollIntoViewIfNeeded();
        const label = (await readRegionName(page, region)) || `region-${index + 1}`;
        await saveScreenshot(page, `${name}-${theme}-${slug(label)}`);
      }
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  }

  const role = (meeting: string, which: 'coach' | 'coachee' | 'observer'): string => {
    const cast = roles.get(meeting);
    if (cast === undefined) throw new Error(`No roles for ${meeting}`);
    return cast[which];
  };
  /** The observer's panel in the running meeting, in the light theme, at the panel's size. */
  async function openRunningObserverPanel(): Promise<Page> {
    const observer = role(meetings.running, 'observer');
    const page = await pageFor(observer);
    await page.goto(
      formatPanelUrl(server.url, { user: observer, meeting: meetings.running, theme: 'light' }),
    );
    return page;
  }
  const anyButton = (page: Page) => page.getByRole('button').first().waitFor({ timeout: 15_000 });
  const anyRegion = (page: Page) => page.getByRole('region').first().waitFor({ timeout: 15_000 });

  it('the demo picker', async () => {
    const page = await pageFor('picker');
    const failures: string[] = [];
    for (const theme of THEMES) {
      await page.goto(`${server.url}/?theme=${theme}`);
      await page.getByRole('button').first().waitFor({ timeout: 15_000 });
      const violations = await findSeriousAxeViolations(page);
      if (violations.length > 0)
        failures.push(`picker (${theme}):\n${describeViolations(violations)}`);
      await saveScreenshot(page, `demo-picker-${theme}`);
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  });

  it('the side panel before the start (coach)', async () => {
    await checkView(
      'side-panel-not-started',
      role(meetings.notStarted, 'coach'),
      { meeting: meetings.notStarted },
      anyButton,
    );
  });

  it('the side panel during the session (observer: stage, tracker, tally, notes, consent)', async () => {
    await checkView(
      'side-panel-running-observer',
      role(meetings.running, 'observer'),
      { meeting: meetings.running },
      anyRegion,
    );
  });

  it('at 320 px a speaker keeps their whole name while marked speaking', async () => {
    const page = await openRunningObserverPanel();
    const guest = speakerButton(page, LONG_NAME);
    await guest.click();
    await expect.poll(() => guest.getAttribute('aria-pressed')).toBe('true');
    await guest.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'side-panel-observer-speaking-long-name');
    expect(await findClippedText(guest, LONG_NAME), 'the name is clipped').toEqual([]);
    await silenceButton(page).click();
    await expect.poll(() => silenceButton(page).getAttribute('aria-pressed')).toBe('true');
  });

  it('at 320 × 720 every tap target and tag button is at least 44 × 44 CSS px', async () => {
    const page = await openRunningObserverPanel();
    // Everything the observer taps: people, Silence, Undo, the disclosure and what it holds, and
    // the language tags.
    await tracker(page).getByText(features.tracker.more, { exact: true }).click();
    await tracker(page).getByRole('button', { name: features.tracker.round.start }).waitFor();
    const targets = [
      ...(await tracker(page).locator('button, summary').all()),
      ...(await tally(page).getByRole('button').all()),
    ];
    expect(targets.length).toBeGreaterThan(LANGUAGE_TAGS.length + 4);
    const small: string[] = [];
    for (const target of targets) {
      const box = await target.boundingBox();
      const name = (await target.textContent())?.trim() ?? '?';
      if (box === null) small.push(`${name}: not shown`);
      else if (box.width < MIN_TARGET_PX || box.height < MIN_TARGET_PX)
        small.push(`${name}: ${Math.round(box.width)} × ${Math.round(box.height)}`);
    }
    expect(small, 'tap targets under 44 × 44 CSS px').toEqual([]);
  });

  it('the side panel during the session (coachee, asked for role-play consent)', async () => {
    await checkView(
      'side-panel-running-coachee',
      role(meetings.running, 'coachee'),
      { meeting: meetings.running },
      anyRegion,
    );
  });

  it('the summary after the session', async () => {
    await checkView(
      'side-panel-summary',
      role(meetings.ended, 'coachee'),
      { meeting: meetings.ended },
      (page) => page.getByRole('table').first().waitFor({ timeout: 15_000 }),
    );
  });

  it('the meeting stage view', async () => {
    await checkView(
      'meeting-stage',
      role(meetings.running, 'coach'),
      { meeting: meetings.running, view: 'stage' },
      anyRegion,
    );
  });

  it('the configuration page', async () => {
    await checkView(
      'config',
      role(meetings.running, 'coach'),
      { meeting: createMeetingKey('views-config'), view: 'config' },
      anyButton,
    );
  });

  it('the before-and-after tab: the real view, where the coach marks a commitment done with evidence', async () => {
    const coach = role(meetings.ended, 'coach');
    const markDone = (page: Page) =>
      page.getByRole('button', {
        name: features.beforeAfter.markDoneFor(COMMITMENT),
        exact: true,
      });
    await checkView('before-after', coach, { meeting: meetings.ended, view: 'details' }, (page) =>
      markDone(page).waitFor({ timeout: 15_000 }),
    );
    const page = await pageFor(coach);
    await page
      .getByRole('heading', {
        level: 1,
        name: messages.shell.pages.beforeAfter,
      })
      .waitFor();
    // The past session is there too, under its date and framework.
    await page
      .getByText(/^\d{4}-\d{2}-\d{2}: GROW for equals$/)
      .first()
      .waitFor();

    const evidence = 'Sam said the demo ran two minutes shorter; notes in the team channel.';
    await page
      .getByRole('textbox', {
        name: features.beforeAfter.evidenceFor(COMMITMENT),
      })
      .fill(evidence);
    await markDone(page).click();
    // Announced (the item itself leaves the list of open commitments) and shown.
    await page
      .getByRole('status')
      .filter({ hasText: features.beforeAfter.closed(COMMITMENT) })
      .waitFor({ timeout: 10_000 });
    await saveScreenshot(page, 'before-after-marked-done');
    // The api has it closed, with the evidence; the tab no longer offers to close it.
    const circleId = circles.get(meetings.ended) ?? '';
    const { commitments } = await server.call<{
      commitments: { text: string; status: string; evidence: string | null }[];
    }>(coach, 'GET', `/api/circles/${circleId}/commitments`);
    expect(commitments.find((c) => c.text === COMMITMENT)).toMatchObject({
      status: 'done',
      evidence,
    });
    await expect.poll(() => markDone(page).count()).toBe(0);
  });

  it('the privacy and terms pages the Teams manifest links to are served, plain and accessible', async () => {
    const manifest = JSON.parse(
      readFileSync(path.join(ROOT, 'appPackage', 'manifest.json'), 'utf8'),
    ) as { developer: { privacyUrl: string; termsOfUseUrl: string } };
    const links = {
      privacy: manifest.developer.privacyUrl.replace('${{TAB_ENDPOINT}}', server.url),
      terms: manifest.developer.termsOfUseUrl.replace('${{TAB_ENDPOINT}}', server.url),
    };
    for (const [name, url] of Object.entries(links)) {
      const response = await fetch(url);
      expect(response.status, `${name}: ${url}`).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(await response.text()).not.toContain('<script');
    }

    const page = await pageFor('legal');
    const failures: string[] = [];
    for (const [name, url] of Object.entries(links)) {
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await page.goto(url);
        const violations = await findSeriousAxeViolations(page);
        if (violations.length > 0)
          failures.push(`${name} (${colorScheme}):\n${describeViolations(violations)}`);
        await saveScreenshot(page, `${name}-${colorScheme}`);
      }
    }
    await page.emulateMedia({ colorScheme: null });
    expect(failures, failures.join('\n\n')).toEqual([]);

    // The privacy page answers what the README's "Privacy" section does, under the same headings.
    await page.goto(links.privacy);
    const headings = (await page.getByRole('heading', { level: 2 }).allInnerTexts()).map((h) =>
      h.trim(),
    );
    expect(headings).toEqual(readReadmePrivacyTopics());
    const text = await page.locator('main').innerText();
    expect(text).toContain('no audio or video');
    expect(text).toContain('365 days');
  });
});

/** The topics of the root README's "Privacy" section: its bullets' bold lead-ins. */
function readReadmePrivacyTopics(): string[] {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = /^## Privacy\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const topics = [...section.matchAll(/^- \*\*(.+?)\.\*\*/gm)].map((match) => match[1] ?? '');
  if (topics.length < 4) throw new Error(`README's Privacy section has ${topics.length} topics.`);
  return topics;
}

/** Speech marks as the observer's panel sends them, about two seconds per speaker. */
async function postTaps(
  server: E2eServer,
  cast: Record<'coach' | 'coachee' | 'observer', string>,
  session: SessionView,
): Promise<void> {
  const startMs = server.clock.nowMs();
  const speakers = [cast.coach, cast.coachee, cast.coach, null];
  const marks = speakers.map((speaker, index) => ({
    kind: 'speech',
    id: randomUUID(),
    atMs: Math.round(startMs + index * 2_000),
    speaker,
    source: 'observer',
  }));
  server.clock.advance(8_000);
  await server.call(
    cast.observer,
    'POST',
    `/api/circles/${session.circleId}/sessions/${session.id}/marks`,
    {
      batchId: randomUUID(),
      marks,
    },
  );
  await readLatestSession(server, cast.observer, session.circleId);
}

/** A region's name: its aria-label, or the text of what aria-labelledby points at. */
async function readRegionName(page: Page, region: Locator): Promise<string> {
  const label = await region.getAttribute('aria-label');
  if (label !== null) return label;
  const labelledBy = await region.getAttribute('aria-labelledby');
  if (labelledBy === null) return '';
  return (await page.locator(`[id="${labelledBy}"]`).first().textContent()) ?? '';
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
}

/**
 * The parts of `text` inside `container` that do not show: the text is laid out past the edge of
 * an element that clips it (an ellipsis, `overflow: hidden`). Empty when every line is visible.
 */
async function findClippedText(container: Locator, text: string): Promise<string[]> {
  return container.evaluate((root: unknown, wanted: string) => {
    // The page's DOM, typed here by hand: the tests compile without the DOM library.
    interface Box {
      left: number;
      right: number;
      top: number;
      bottom: number;
    }
    interface Node {
      nodeType: number;
      textContent: string | null;
      parentElement: Element | null;
      childNodes: ArrayLike<Node>;
    }
    interface Element extends Node {
      getBoundingClientRect(): Box;
    }
    const page = globalThis as unknown as {
      document: {
        createRange(): {
          selectNodeContents(node: Node): void;
          getClientRects(): ArrayLike<Box>;
        };
      };
      getComputedStyle(element: Element): {
        overflowX: string;
        overflowY: string;
        textOverflow: string;
      };
    };
    const top = root as Element;
    const textNodes: Node[] = [];
    const walk = (node: Node) => {
      if (node.nodeType === 3 && (node.textContent ?? '').includes(wanted)) textNodes.push(node);
      for (const child of Array.from(node.childNodes)) walk(child);
    };
    walk(top);
    if (textNodes.length === 0) return [`"${wanted}" is not in the element`];
    const problems: string[] = [];
    for (const node of textNodes) {
      const range = page.document.createRange();
      range.selectNodeContents(node);
      const lines = Array.from(range.getClientRects());
      for (let element = node.parentElement; element !== null; element = element.parentElement) {
        const style = page.getComputedStyle(element);
        if (style.textOverflow === 'ellipsis') problems.push('ends in an ellipsis');
        if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
          const box = element.getBoundingClientRect();
          for (const line of lines) {
            if (line.right > box.right + 0.5 || line.left < box.left - 0.5)
              problems.push(`a line runs ${Math.round(line.right - box.right)} px past its box`);
            if (line.bottom > box.bottom + 0.5 || line.top < box.top - 0.5)
              problems.push('a line is cut off below');
          }
        }
        if (element === top) break;
      }
    }
    return problems;
  }, text);
}
