import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '../../api/src/sessions/model.js';
import { closeContexts, launchBrowser } from '../support/browser.js';
import {
  createMeetingKey,
  findByRole,
  prepareCircle,
  readLatestSession,
  readSummary,
  sendCommand,
} from './support/demo-meeting.js';
import { formatPanelUrl, openPanel, saveScreenshot, type OpenPanel } from './support/panel.js';
import {
  consent,
  messages,
  silenceButton,
  speakerButton,
  summary,
  tagButton,
  tracker,
} from './support/panel-controls.js';
import { startE2eServer, type E2eServer } from './support/server.js';
import { TAP_TOLERANCE_MS, TapLog } from './support/tap-log.js';

// The observer's whole flow with the keyboard alone: never a click. Tab moves focus, Enter and
// Space press, the number keys pick speakers, 0 and Escape mark silence, Control+Z undoes. The
// coach and coachee are driven through the api (their panels are not what this test is about).

const USERS = ['demo-ana', 'demo-ben', 'demo-cai'] as const;
const features = messages.features;
const MAX_TABS = 80;

describe('the observer works the panel with the keyboard alone', () => {
  let server: E2eServer;
  let browser: Browser;
  let panel: OpenPanel;
  let session: SessionView;
  let observerId: string;
  let coachId: string;
  let coacheeId: string;
  const names = new Map<string, string>();

  beforeAll(async () => {
    server = await startE2eServer();
    browser = await launchBrowser();
    const meetingKey = createMeetingKey('keyboard');
    const circleId = await prepareCircle(server, meetingKey, USERS);
    for (const userId of USERS) {
      session = (
        await server.call<{ session: SessionView }>(
          userId,
          'POST',
          `/api/circles/${circleId}/sessions`,
          {
            meetingId: meetingKey,
          },
        )
      ).session;
    }
    observerId = findByRole(session, 'observer');
    coachId = findByRole(session, 'coach');
    coacheeId = findByRole(session, 'coachee');
    for (const participant of Object.values(session.state.participants)) {
      names.set(participant.id, participant.displayName);
    }
    panel = await openPanel(
      browser,
      formatPanelUrl(server.url, { user: observerId, meeting: meetingKey }),
    );
    await sendCommand(server, coachId, session, { type: 'start' });
  }, 180_000);

  afterAll(async () => {
    await closeContexts(panel ? [panel.context] : []);
    await browser?.close();
    await server?.close();
  });

  const nameOf = (id: string) => names.get(id) ?? id;
  const nowMs = () => server.clock.nowMs();

  /** Presses Tab until `target` has the focus; fails when it never does. */
  async function tabTo(page: Page, target: Locator): Promise<void> {
    await target.waitFor();
    for (let presses = 0; presses < MAX_TABS; presses += 1) {
      const isFocused = await target.evaluate(
        (element) =>
          element ===
          (globalThis as unknown as { document: { activeElement: unknown } }).document
            .activeElement,
      );
      if (isFocused) return;
      await page.keyboard.press('Tab');
    }
    throw new Error(`Tab never reached ${target}`);
  }

  async function readShortcut(page: Page, personId: string): Promise<string> {
    const key = await speakerButton(page, nameOf(personId)).getAttribute('aria-keyshortcuts');
    if (key === null) throw new Error(`${nameOf(personId)} has no key`);
    return key;
  }

  it('tracks speakers, tags, undoes, answers consent and ends with the summary, without a click', async () => {
    const page = panel.page;
    const taps = new TapLog();
    await tracker(page)
      .getByRole('heading', { name: features.tracker.heading })
      .waitFor({ timeout: 15_000 });

    // Focus into the tracker with Tab, then the number keys pick speakers.
    await tabTo(page, speakerButton(page, nameOf(coachId)));
    const press = async (key: string, personId: string | null) => {
      const beforeMs = nowMs();
      await page.keyboard.press(key);
      const afterMs = nowMs();
      if (personId === null) taps.silence(beforeMs, afterMs);
      else taps.speaks(personId, beforeMs, afterMs);
    };
    await press(await readShortcut(page, coachId), coachId);
    await expect
      .poll(() => speakerButton(page, nameOf(coachId)).getAttribute('aria-pressed'))
      .toBe('true');
    await page.waitForTimeout(1_200);
    await press(await readShortcut(page, coacheeId), coacheeId);
    await page.waitForTimeout(1_500);
    await press('0', null);
    await expect.poll(() => silenceButton(page).getAttribute('aria-pressed')).toBe('true');

    // A mistaken press, taken back with Control+Z: it must not count.
    await page.keyboard.press(await readShortcut(page, coachId));
    await expect
      .poll(() => speakerButton(page, nameOf(coachId)).getAttribute('aria-pressed'))
      .toBe('true');
    await page.keyboard.press('Control+z');
    await expect.poll(() => silenceButton(page).getAttribute('aria-pressed')).toBe('true');

    // Tag the coachee's words from the keyboard: Tab to the tag, Enter.
    await press(await readShortcut(page, coacheeId), coacheeId);
    await tabTo(page, tagButton(page, 'open-question'));
    await page.keyboard.press('Enter');
    await page.waitForTimeout(800);
    await press('Escape', null);
    await saveScreenshot(page, 'keyboard-observer-tracker');

    // The coach moves on to the role-play stage's threshold; the observer answers consent.
    for (let step = 0; step < 3; step += 1)
      await sendCommand(server, coachId, session, { type: 'next' });
    const yes = consent(page).getByRole('button', { name: features.consent.consentYes });
    await tabTo(page, yes);
    await page.keyboard.press('Space');
    await consent(page).getByText(features.consent.answeredYes).waitFor();

    // End (by the coach): the summary appears, and its actions are reachable by keyboard.
    await sendCommand(server, coachId, session, { type: 'end' });
    await summary(page).waitFor({ timeout: 10_000 });
    await tabTo(page, summary(page).getByRole('button', { name: features.summary.copyMarkdown }));
    await saveScreenshot(page, 'keyboard-observer-summary');

    const result = await readSummary(server, observerId, session);
    const expected = taps.expected();
    for (const personId of [coachId, coacheeId]) {
      const want = expected.get(personId) ?? { talkMs: 0, spans: 0, turns: 0 };
      const got = result.people.find((p) => p.id === personId)?.airtime;
      expect(
        Math.abs((got?.talkMs ?? 0) - want.talkMs),
        `${nameOf(personId)}: ${got?.talkMs} ms in the summary, ${Math.round(want.talkMs)} ms pressed`,
      ).toBeLessThanOrEqual(TAP_TOLERANCE_MS * Math.max(1, want.spans));
      expect(got?.turns).toBe(want.turns);
    }
    expect(result.people.find((p) => p.id === coacheeId)?.airtime?.questions.open).toBe(1);
    const latest = await readLatestSession(server, observerId, session.circleId);
    expect(latest.state.participants[observerId]?.consent).toMatchObject({ options: 'given' });
  });
});
