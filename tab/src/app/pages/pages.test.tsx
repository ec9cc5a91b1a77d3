import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReactElement } from 'react';
import { EMPTY_OUTPUTS } from '@grow-together/core';
import { messages } from '../../messages/index.js';
import { renderConnected, toSessionView } from '../../features/shared/connected-test-support.js';
import { startedTrio } from '../../features/shared/session-fixture.js';
import {
  click,
  queryAllByRole,
  settle,
  typeInto,
  type Rendered,
} from '../../features/shared/test-support.js';
import type { StubPanelModel } from '../stub-panel-model.js';
import BeforeAfterPage from './BeforeAfterPage.js';
import ConfigPage from './ConfigPage.js';
import SidePanelPage from './SidePanelPage.js';
import StagePage from './StagePage.js';

// The shell's pages on a stub panel model: each has exactly one level-one heading (axe's
// page-has-heading-one), and the before/after page is the real view, not a stand-in.

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

const CIRCLE = {
  id: 'circle-1',
  name: 'Trio',
  frameworkId: 'grow-for-equals',
  customFrameworks: [],
  cadence: null,
  members: [
    { userId: 'ana', displayName: 'Ana', timeZone: 'UTC', pronouns: null, joinedAtMs: 0 },
    { userId: 'ben', displayName: 'Ben', timeZone: 'UTC', pronouns: null, joinedAtMs: 0 },
  ],
} as never;

const BOOK_THE_ROOM = {
  id: 'c1',
  owner: 'ben',
  text: 'Book the room',
  dueDate: null,
  createdAtMs: 0,
  status: 'open' as const,
  evidence: null,
  closedAtMs: null,
  sessionId: 'session-1',
};

async function render(
  page: ReactElement,
  overrides: Parameters<typeof renderConnected>[1],
): Promise<{ view: Rendered; panel: StubPanelModel }> {
  const rendered = await renderConnected(page, overrides);
  views.push(rendered.view);
  await settle();
  await settle();
  return rendered;
}

const levelOneHeadings = (view: Rendered) =>
  queryAllByRole(view.container, 'heading').filter((heading) => heading.tagName === 'H1');

describe('the shell pages', () => {
  it('the before/after page is the real view: open commitments closed with evidence', async () => {
    const listCommitments = vi.fn(async () => [BOOK_THE_ROOM]);
    const editCommitment = vi.fn(async () => ({ ...BOOK_THE_ROOM, status: 'done' as const }));
    const { view } = await render(<BeforeAfterPage />, {
      page: 'before-after',
      me: { personId: 'ben', displayName: 'Ben' },
      circle: CIRCLE,
      api: {
        circles: {
          listCommitments,
          listSessions: async () => ({ sessions: [], continuation: null }),
        },
        outputs: { editCommitment },
      },
    });
    expect(levelOneHeadings(view).map((h) => h.textContent)).toEqual([
      messages.shell.pages.beforeAfter,
    ]);
    await typeInto(view.getByRole('textbox', 'Evidence for “Book the room”'), 'Booked room 4.');
    await click(view.getByRole('button', 'Mark done: Book the room'));
    await settle();
    expect(editCommitment).toHaveBeenCalledWith('circle-1', 'session-1', 'c1', {
      status: 'done',
      evidence: 'Booked room 4.',
    });
  });

  it('the before/after page without a circle says how to get one', async () => {
    const { view } = await render(<BeforeAfterPage />, { page: 'before-after', circle: null });
    expect(levelOneHeadings(view).map((h) => h.textContent)).toEqual([
      messages.shell.noCircle.title,
    ]);
  });

  it('the side panel, the stage and the configuration page have one level-one heading each', async () => {
    const session = toSessionView(startedTrio()) as never;
    const pages: [ReactElement, string][] = [
      [<SidePanelPage key="panel" />, messages.shell.pageHeadings.sidePanel],
      [<StagePage key="stage" />, messages.shell.pageHeadings.stage],
      [<ConfigPage key="config" />, messages.features.config.heading],
    ];
    for (const [page, heading] of pages) {
      const { view } = await render(page, {
        me: { personId: 'ana', displayName: 'Ana' },
        circle: CIRCLE,
        session,
        api: {
          outputs: { get: async () => ({ outputs: EMPTY_OUTPUTS, note: null }) },
          preferences: { get: async () => ({}) as never },
          feedback: { listMine: async () => [] },
        },
      });
      expect(levelOneHeadings(view).map((h) => h.textContent)).toEqual([heading]);
    }
  });

  it('tells the observer when marks can only be kept in memory here, and only then', async () => {
    const session = toSessionView(startedTrio()) as never;
    const found: boolean[] = [];
    for (const markStorage of ['memory', 'device'] as const) {
      const { view } = await render(<SidePanelPage />, {
        me: { personId: 'cai', displayName: 'Cai' },
        circle: CIRCLE,
        session,
        markStorage,
        api: {
          outputs: { get: async () => ({ outputs: EMPTY_OUTPUTS, note: null }) },
          preferences: { get: async () => ({}) as never },
          feedback: { listMine: async () => [] },
        },
      });
      // The tracker and the notice load after the stage card (React.lazy).
      for (
        let tries = 0;
        tries < 50 && view.queryByRole('region', 'Airtime tracker') === null;
        tries += 1
      )
        await settle();
      expect(view.queryByRole('region', 'Airtime tracker')).not.toBeNull();
      found.push(view.text().includes(messages.shell.markStorage.memoryTitle));
    }
    expect(found).toEqual([true, false]);
  });
});
