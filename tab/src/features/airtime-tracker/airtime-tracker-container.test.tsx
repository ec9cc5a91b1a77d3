import { afterEach, describe, expect, it } from 'vitest';
import { renderConnected, toSessionView } from '../shared/connected-test-support.js';
import { at, startedTrio } from '../shared/session-fixture.js';
import {
  click,
  openDetails,
  pressKey,
  settle,
  typeInto,
  type Rendered,
} from '../shared/test-support.js';
import AirtimeTrackerContainer from './index.js';

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

describe('AirtimeTrackerContainer', () => {
  it('records taps and undos through the panel, and adds guests with a join command', async () => {
    const { view, panel } = await renderConnected(<AirtimeTrackerContainer />, {
      me: { personId: 'cai', displayName: 'Cai' },
      session: toSessionView(startedTrio()),
      nowMs: at(20),
    });
    views.push(view);
    await click(view.getByRole('button', 'Ben'));
    expect(view.getByRole('button', 'Ben').getAttribute('aria-pressed')).toBe('true');
    await pressKey('0');
    await click(view.getByRole('button', 'Undo last mark'));
    expect(panel.marks.map((mark) => mark.kind)).toEqual(['speech', 'speech', 'undo']);
    expect(panel.marks[0]).toMatchObject({ speaker: 'ben', by: 'cai', source: 'observer' });
    expect(view.getByRole('button', 'Ben').getAttribute('aria-pressed')).toBe('true');

    await openDetails(view.container, 'Rounds and guests');
    await typeInto(view.getByRole('textbox', 'Guest name'), 'Gus');
    await click(view.getByRole('button', 'Add guest'));
    await settle();
    expect(panel.sentCommands).toEqual([
      {
        type: 'join',
        participant: expect.stringMatching(/^guest-/),
        displayName: 'Gus',
        isGuest: true,
      },
    ]);
  });

  it('shows a tap as pressed at once, although the time it shows was read before the tap', async () => {
    // The view re-reads the server clock on a timer; the tap is stamped with the clock at the tap.
    let clockMs = at(20);
    const { view } = await renderConnected(<AirtimeTrackerContainer />, {
      me: { personId: 'cai', displayName: 'Cai' },
      session: toSessionView(startedTrio()),
      serverNow: () => clockMs,
    });
    views.push(view);
    clockMs += 400;
    await click(view.getByRole('button', 'Ben'));
    expect(view.getByRole('button', 'Ben').getAttribute('aria-pressed')).toBe('true');
    clockMs += 300;
    await click(view.getByRole('button', 'Silence'));
    expect(view.getByRole('button', 'Silence').getAttribute('aria-pressed')).toBe('true');
    expect(view.getByRole('button', 'Ben').getAttribute('aria-pressed')).toBe('false');
  });
});
