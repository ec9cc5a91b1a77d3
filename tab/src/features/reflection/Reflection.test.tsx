import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderConnected, toSessionView } from '../shared/connected-test-support.js';
import { startedTrio } from '../shared/session-fixture.js';
import { click, renderView, settle, typeInto, type Rendered } from '../shared/test-support.js';
import ReflectionContainer from './index.js';
import { Reflection } from './Reflection.js';

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

describe('Reflection', () => {
  it('is private unless I choose to share it', async () => {
    const onSave = vi.fn(async () => undefined);
    const view = await renderView(<Reflection reflection={null} onSave={onSave} />);
    views.push(view);
    expect(view.text()).toContain('Private unless you share it.');
    await typeInto(view.getByRole('textbox', 'Reflection'), '  I rushed to advice.  ');
    await click(view.getByRole('button', 'Save reflection'));
    await settle();
    expect(onSave).toHaveBeenLastCalledWith({ text: 'I rushed to advice.', shared: false });
    await click(view.getByRole('checkbox', 'Share with the circle'));
    expect(view.text()).toContain('Shared with the circle.');
    await click(view.getByRole('button', 'Save reflection'));
    await settle();
    expect(onSave).toHaveBeenLastCalledWith({ text: 'I rushed to advice.', shared: true });
    expect(view.text()).toContain('Reflection saved.');
  });
});

describe('ReflectionContainer', () => {
  it('creates my reflection once, then edits it', async () => {
    const stored = {
      id: 'r1',
      circleId: 'circle-1',
      sessionId: 'session-1',
      moment: 'after' as const,
      text: 'First',
      shared: false,
      createdAtMs: 0,
      updatedAtMs: 0,
    };
    const create = vi.fn(async () => stored);
    const edit = vi.fn(async () => ({ ...stored, text: 'Second' }));
    const { view } = await renderConnected(<ReflectionContainer />, {
      session: toSessionView(startedTrio()),
      api: {
        reflections: {
          listMine: async () => [],
          listShared: async () => [
            {
              id: 'r0',
              author: 'cai',
              authorDisplayName: 'Cai',
              moment: 'after' as const,
              text: 'I talked less today.',
              createdAtMs: 0,
              updatedAtMs: 0,
            },
            {
              id: 'r9',
              author: 'demo-ana',
              authorDisplayName: 'Ana',
              moment: 'after' as const,
              text: 'Mine, already shown above.',
              createdAtMs: 0,
              updatedAtMs: 0,
            },
          ],
          create,
          edit,
        },
      },
    });
    views.push(view);
    await settle();
    expect(view.getByRole('list', 'Shared by others').textContent).toBe(
      'Cai: I talked less today.',
    );
    await typeInto(view.getByRole('textbox', 'Reflection'), 'First');
    await click(view.getByRole('button', 'Save reflection'));
    await settle();
    expect(create).toHaveBeenCalledWith({
      id: expect.any(String),
      circleId: 'circle-1',
      sessionId: 'session-1',
      moment: 'after',
      text: 'First',
      shared: false,
    });
    await typeInto(view.getByRole('textbox', 'Reflection'), 'Second');
    await click(view.getByRole('button', 'Save reflection'));
    await settle();
    expect(edit).toHaveBeenCalledWith('r1', { text: 'Second', shared: false });
  });
});
