import { afterEach, describe, expect, it } from 'vitest';
import { renderConnected, toSessionView } from '../shared/connected-test-support.js';
import { at, startedTrio } from '../shared/session-fixture.js';
import { click, settle, type Rendered } from '../shared/test-support.js';
import StageCardContainer from './index.js';

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

describe('StageCardContainer', () => {
  it('reads the session and the server clock from the panel and sends commands through it', async () => {
    const { view, panel } = await renderConnected(<StageCardContainer />, {
      me: { personId: 'ana', displayName: 'Ana' },
      session: toSessionView(startedTrio()),
      nowMs: at(30),
    });
    views.push(view);
    expect(view.text()).toContain('3:30 left');
    await click(view.getByRole('button', 'Next stage'));
    await settle();
    expect(panel.sentCommands).toEqual([{ type: 'next', expectedStageId: 'norms-and-consent' }]);
    expect(view.queryByRole('button', 'Show on the meeting stage')).toBeNull();
  });

  it('offers sharing to the meeting stage where the host can', async () => {
    let shared = 0;
    const { view } = await renderConnected(<StageCardContainer />, {
      session: toSessionView(startedTrio()),
      host: { canShareToStage: true, shareToStage: async () => void (shared += 1) },
    });
    views.push(view);
    await click(view.getByRole('button', 'Show on the meeting stage'));
    await settle();
    expect(shared).toBe(1);
  });
});
