import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildSummary, EMPTY_OUTPUTS } from '@grow-together/core';
import { renderConnected, toSessionView } from '../shared/connected-test-support.js';
import { apply, at, growFramework, startedTrio } from '../shared/session-fixture.js';
import { click, renderView, settle, typeInto, type Rendered } from '../shared/test-support.js';
import { BeforeAndAfter, type OpenCommitment } from './BeforeAndAfter.js';
import BeforeAndAfterContainer from './index.js';

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

const commitment = (id: string, owner: string, text: string): OpenCommitment => ({
  id,
  owner,
  text,
  dueDate: '2023-11-21',
  createdAtMs: 0,
  status: 'open',
  evidence: null,
  closedAtMs: null,
  sessionId: 'session-1',
});

const ended = apply(startedTrio(), { type: 'end', by: 'ana' }, at(120));
const summary = {
  ...buildSummary({ session: ended, marks: [], outputs: EMPTY_OUTPUTS, now: at(120) }),
  nextRoles: { ana: 'observer', ben: 'coach', cai: 'coachee' } as const,
};

describe('BeforeAndAfter', () => {
  it('shows the prompts for my next role, open commitments and past summaries', async () => {
    const onMarkDone = vi.fn(async () => undefined);
    const view = await renderView(
      <BeforeAndAfter
        me="ben"
        framework={growFramework()}
        myNextRole="coach"
        openCommitments={[
          commitment('c1', 'ben', 'Book the room'),
          commitment('c2', 'ana', 'Ask Sam'),
        ]}
        pastSessions={[{ sessionId: 'session-1', occurredOn: '2023-11-14', summary }]}
        nameOf={(id) => ({ ana: 'Ana', ben: 'Ben' })[id] ?? id}
        onMarkDone={onMarkDone}
      />,
    );
    views.push(view);
    expect(view.text()).toContain('Your role next time: Coach');
    expect(view.text()).toContain(growFramework().stages[1]?.prompts.coach?.[0] ?? '?');
    expect(view.text()).toContain('Book the room — Ben (you) · due 2023-11-21');
    // Only the owner closes a commitment.
    expect(view.queryByRole('button', 'Mark done: Ask Sam')).toBeNull();
    const done = view.getByRole('button', 'Mark done: Book the room');
    expect(done.hasAttribute('disabled')).toBe(true);
    await typeInto(
      view.getByRole('textbox', 'Evidence for “Book the room”'),
      'Booked room 4 for Tuesday.',
    );
    await click(done);
    await settle();
    expect(onMarkDone).toHaveBeenCalledWith(
      expect.objectContaining({ id: 'c1' }),
      'Booked room 4 for Tuesday.',
    );
    expect(view.text()).toContain('Marked done. Well done.');
    expect(view.text()).toContain('2023-11-14: GROW for equals');
  });
});

describe('BeforeAndAfterContainer', () => {
  it('reads open commitments and past sessions, and closes a commitment with evidence', async () => {
    const listCommitments = vi.fn(async () => [commitment('c1', 'ben', 'Book the room')]);
    const listSessions = vi.fn(async () => ({
      sessions: [{ session: toSessionView(ended), summary }],
      continuation: null,
    }));
    const editCommitment = vi.fn(async () => ({
      ...commitment('c1', 'ben', 'Book the room'),
      status: 'done' as const,
    }));
    const circle = {
      id: 'circle-1',
      name: 'Trio',
      frameworkId: 'grow-for-equals',
      customFrameworks: [],
      members: [
        { userId: 'ben', displayName: 'Ben', timeZone: 'UTC', pronouns: null, joinedAtMs: 0 },
      ],
    };
    const { view } = await renderConnected(<BeforeAndAfterContainer />, {
      me: { personId: 'ben', displayName: 'Ben' },
      circle: circle as never,
      api: { circles: { listCommitments, listSessions }, outputs: { editCommitment } },
    });
    views.push(view);
    await settle();
    expect(listCommitments).toHaveBeenCalledWith('circle-1', { status: 'open' });
    expect(view.text()).toContain('Your role next time: Coach');
    await typeInto(view.getByRole('textbox', 'Evidence for “Book the room”'), 'Done on Monday');
    await click(view.getByRole('button', 'Mark done: Book the room'));
    await settle();
    expect(editCommitment).toHaveBeenCalledWith('circle-1', 'session-1', 'c1', {
      status: 'done',
      evidence: 'Done on Monday',
    });
    expect(listCommitments).toHaveBeenCalledTimes(2);
    // Re-read, the list no longer has it (the stub still does), but the confirmation stays.
    expect(view.text()).toContain('Marked done: “Book the room”. Well done.');
  });
});
