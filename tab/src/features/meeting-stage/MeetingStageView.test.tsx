import { afterEach, describe, expect, it } from 'vitest';
import { renderConnected, toSessionView } from '../shared/connected-test-support.js';
import { at, growFramework, startedTrio } from '../shared/session-fixture.js';
import type { Rendered } from '../shared/test-support.js';
import MeetingStageContainer from './index.js';

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

describe('MeetingStageView', () => {
  it('shows the same session large, with the people and their roles', async () => {
    const { view } = await renderConnected(<MeetingStageContainer />, {
      me: { personId: 'ben', displayName: 'Ben' },
      session: toSessionView(startedTrio(1)),
      nowMs: at(90),
    });
    views.push(view);
    expect(view.getByRole('heading', growFramework().stages[1]?.name ?? '?')).toBeTruthy();
    expect(view.text()).toContain('3:30 left');
    const people = view.getByRole('region', 'In this session');
    expect([...people.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Ana: Coach',
      'Ben: Coachee',
      'Cai: Observer',
    ]);
    expect(view.queryByRole('button', 'Next stage')).toBeNull();
  });
});
