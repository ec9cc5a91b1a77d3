import { afterEach, describe, expect, it, vi } from 'vitest';
import { EMPTY_OUTPUTS, type SessionOutputs } from '@grow-together/core';
import { renderConnected, toSessionView } from '../shared/connected-test-support.js';
import { startedTrio } from '../shared/session-fixture.js';
import { click, renderView, settle, typeInto, type Rendered } from '../shared/test-support.js';
import NotesAndOutputsContainer from './index.js';
import { NotesAndOutputs } from './NotesAndOutputs.js';

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

const OUTPUTS: SessionOutputs = {
  ...EMPTY_OUTPUTS,
  commitments: [
    {
      id: 'c1',
      owner: 'ben',
      text: 'Ask Sam for the budget',
      dueDate: '2023-11-21',
      createdAtMs: 0,
      status: 'open',
      evidence: null,
      closedAtMs: null,
    },
  ],
  appreciations: [{ id: 'a1', from: 'cai', to: null, text: 'Great energy today' }],
};

function handlers() {
  return {
    onSaveNote: vi.fn(async () => undefined),
    onAddCommitment: vi.fn(async () => undefined),
    onAddExperiment: vi.fn(async () => undefined),
    onAddSentence: vi.fn(async () => undefined),
    onAddAppreciation: vi.fn(async () => undefined),
  };
}

describe('NotesAndOutputs', () => {
  it('lists what the session produced', async () => {
    const view = await renderView(
      <NotesAndOutputs
        session={startedTrio()}
        me="ben"
        note={{ text: 'Goal: say no kindly', version: 3 }}
        outputs={OUTPUTS}
        {...handlers()}
      />,
    );
    views.push(view);
    expect((view.getByRole('textbox', 'Shared note') as HTMLTextAreaElement).value).toBe(
      'Goal: say no kindly',
    );
    expect(view.getByRole('list', 'Commitments').textContent).toBe(
      'Ask Sam for the budget (by 2023-11-21) — Ben (you)',
    );
    expect(view.getByRole('list', 'Appreciations').textContent).toBe(
      'Cai to the whole circle: Great energy today',
    );
    expect(view.getByRole('group', 'Experiment for the week').textContent).toContain(
      'Nothing yet.',
    );
  });

  it('saves the note from its version and adds each kind of output', async () => {
    const spies = handlers();
    const view = await renderView(
      <NotesAndOutputs
        session={startedTrio()}
        me="ben"
        note={{ text: 'Goal', version: 3 }}
        outputs={EMPTY_OUTPUTS}
        {...spies}
      />,
    );
    views.push(view);
    expect(view.getByRole('button', 'Save note').hasAttribute('disabled')).toBe(true);
    await typeInto(view.getByRole('textbox', 'Shared note'), 'Goal: say no kindly');
    await click(view.getByRole('button', 'Save note'));
    await typeInto(view.getByRole('textbox', 'What will you do?'), ' Book the room ');
    await typeInto(view.getByRole('textbox', 'By when'), '2023-11-20');
    await click(view.getByRole('button', 'Add commitment'));
    await typeInto(view.getByRole('textbox', 'One small thing to try'), 'Speak last');
    await click(view.getByRole('button', 'Save experiment'));
    await typeInto(
      view.getByRole('textbox', 'The sentence, in your words'),
      'Evidence, not intentions',
    );
    await click(view.getByRole('button', 'Save sentence'));
    await typeInto(view.getByRole('combobox', 'For whom'), 'ana');
    await typeInto(view.getByRole('textbox', 'What you appreciated'), 'Patient questions');
    await click(view.getByRole('button', 'Add appreciation'));
    await settle();
    expect(spies.onSaveNote).toHaveBeenCalledWith({ text: 'Goal: say no kindly', version: 3 });
    expect(spies.onAddCommitment).toHaveBeenCalledWith({
      text: 'Book the room',
      dueDate: '2023-11-20',
    });
    expect(spies.onAddExperiment).toHaveBeenCalledWith('Speak last');
    expect(spies.onAddSentence).toHaveBeenCalledWith('Evidence, not intentions');
    expect(spies.onAddAppreciation).toHaveBeenCalledWith({ to: 'ana', text: 'Patient questions' });
    expect((view.getByRole('textbox', 'What will you do?') as HTMLInputElement).value).toBe('');
  });

  it('keeps my words and explains when saving the note fails', async () => {
    const spies = {
      ...handlers(),
      onSaveNote: vi.fn(async () => Promise.reject(new Error('Someone else changed the note.'))),
    };
    const view = await renderView(
      <NotesAndOutputs
        session={startedTrio()}
        me="ben"
        note={null}
        outputs={EMPTY_OUTPUTS}
        {...spies}
      />,
    );
    views.push(view);
    await typeInto(view.getByRole('textbox', 'Shared note'), 'Mine');
    await click(view.getByRole('button', 'Save note'));
    await settle();
    expect(spies.onSaveNote).toHaveBeenCalledWith({ text: 'Mine', version: 0 });
    expect(view.getByRole('alert').textContent).toContain('Someone else changed the note.');
    expect((view.getByRole('textbox', 'Shared note') as HTMLTextAreaElement).value).toBe('Mine');
  });
});

describe('NotesAndOutputsContainer', () => {
  it('reads outputs from the api and writes with client ids, then reads again', async () => {
    const get = vi.fn(async () => ({ outputs: OUTPUTS, note: null }));
    const addExperiment = vi.fn(async () => ({
      id: 'e1',
      owner: 'ben',
      text: 'Speak last',
      sessionId: 'session-1',
    }));
    const { view } = await renderConnected(<NotesAndOutputsContainer />, {
      me: { personId: 'ben', displayName: 'Ben' },
      session: toSessionView(startedTrio()),
      api: { outputs: { get, addExperiment } },
    });
    views.push(view);
    await settle();
    expect(get).toHaveBeenCalledWith('circle-1', 'session-1');
    expect(view.getByRole('list', 'Commitments').textContent).toContain('Ask Sam for the budget');
    await typeInto(view.getByRole('textbox', 'One small thing to try'), 'Speak last');
    await click(view.getByRole('button', 'Save experiment'));
    await settle();
    expect(addExperiment).toHaveBeenCalledWith('circle-1', 'session-1', {
      id: expect.any(String),
      text: 'Speak last',
    });
    expect(get).toHaveBeenCalledTimes(2);
  });
});
