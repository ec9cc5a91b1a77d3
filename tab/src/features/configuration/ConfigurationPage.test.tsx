import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUILT_IN_FRAMEWORKS } from '@grow-together/core';
import { renderConnected } from '../shared/connected-test-support.js';
import { click, renderView, settle, typeInto, type Rendered } from '../shared/test-support.js';
import type { CircleSettings } from './configuration-model.js';
import { ConfigurationPage } from './ConfigurationPage.js';
import ConfigurationContainer from './index.js';

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

const INITIAL: CircleSettings = {
  name: '',
  frameworkId: 'grow-for-equals',
  cadence: {
    frequency: 'weekly',
    weekday: 2,
    startTime: '09:30',
    timeZone: 'Europe/Berlin',
    durationMinutes: 30,
  },
};

describe('ConfigurationPage', () => {
  it('creates a circle with the chosen framework and cadence, once the form is valid', async () => {
    const onSave = vi.fn(async () => undefined);
    const validity: boolean[] = [];
    const view = await renderView(
      <ConfigurationPage
        frameworks={BUILT_IN_FRAMEWORKS}
        initial={INITIAL}
        linkedCircleName={null}
        onSave={onSave}
        onValidityChange={(isValid) => validity.push(isValid)}
      />,
    );
    views.push(view);
    for (const framework of BUILT_IN_FRAMEWORKS)
      expect(view.getByRole('radio', framework.name)).toBeTruthy();
    expect(view.getByRole('button', 'Create circle').hasAttribute('disabled')).toBe(true);
    expect(view.text()).toContain('Give the circle a name.');
    await typeInto(view.getByRole('textbox', /^Circle name/), ' Tuesday trio ');
    await click(view.getByRole('radio', 'Action learning set'));
    await typeInto(view.getByRole('combobox', 'How often'), 'fortnightly');
    await typeInto(view.getByRole('combobox', 'Day'), '4');
    await typeInto(view.getByRole('textbox', 'Minutes per session'), '60');
    await click(view.getByRole('button', 'Create circle'));
    await settle();
    expect(onSave).toHaveBeenCalledWith({
      name: 'Tuesday trio',
      frameworkId: 'action-learning-set',
      cadence: {
        frequency: 'fortnightly',
        weekday: 4,
        startTime: '09:30',
        timeZone: 'Europe/Berlin',
        durationMinutes: 60,
      },
    });
    expect(validity).toEqual([false, true]);
    expect(view.text()).toContain('Circle created.');
  });

  it('refuses a session length the api would refuse', async () => {
    const view = await renderView(
      <ConfigurationPage
        frameworks={BUILT_IN_FRAMEWORKS}
        initial={{ ...INITIAL, name: 'Trio' }}
        linkedCircleName="Trio"
        onSave={async () => undefined}
      />,
    );
    views.push(view);
    expect(view.text()).toContain('This meeting is linked to the circle “Trio”.');
    await typeInto(view.getByRole('textbox', 'Minutes per session'), '400');
    expect(view.text()).toContain('Choose between 5 and 240 minutes.');
    expect(view.getByRole('button', 'Save changes').hasAttribute('disabled')).toBe(true);
  });
});

describe('ConfigurationContainer', () => {
  it('creates the circle for the meeting and hands it to the shell', async () => {
    const circle = { id: 'circle-9', name: 'Trio' };
    const create = vi.fn(async () => ({ circle, isNew: true }));
    const adoptCircle = vi.fn();
    const { view } = await renderConnected(<ConfigurationContainer />, {
      adoptCircle,
      host: { kind: 'teams', circleHost: 'teams', meetingKey: '19:meeting_abc@thread.v2' },
      api: { circles: { create: create as never } },
    });
    views.push(view);
    await typeInto(view.getByRole('textbox', /^Circle name/), 'Trio');
    await click(view.getByRole('button', 'Create circle'));
    await settle();
    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({
        host: 'teams',
        meetingKey: '19:meeting_abc@thread.v2',
        name: 'Trio',
        frameworkId: 'grow-for-equals',
      }),
    );
    expect(adoptCircle).toHaveBeenCalledWith(circle);
  });

  it('files the circle under the host the panel model names, not the host kind', async () => {
    const create = vi.fn(async () => ({ circle: { id: 'circle-z', name: 'Zed' }, isNew: true }));
    const { view } = await renderConnected(<ConfigurationContainer />, {
      // A host kind the api has no circles for: the model says where the meeting is filed.
      host: { kind: 'browser', circleHost: 'zoom', meetingKey: 'zoom-meeting-uuid' },
      api: { circles: { create: create as never } },
    });
    views.push(view);
    await typeInto(view.getByRole('textbox', /^Circle name/), 'Zed');
    await click(view.getByRole('button', 'Create circle'));
    await settle();
    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({ host: 'zoom', meetingKey: 'zoom-meeting-uuid' }),
    );
  });

  it('in a host dialog: Save is enabled only while the form is valid, and saves the form first', async () => {
    const validity: boolean[] = [];
    let dialogSave: (() => Promise<{ readonly displayName: string }>) | null = null;
    const circle = { id: 'circle-t', name: 'Tuesday trio' };
    const create = vi.fn(async () => ({ circle, isNew: true }));
    const adoptCircle = vi.fn();
    const { view } = await renderConnected(<ConfigurationContainer />, {
      adoptCircle,
      host: {
        kind: 'teams',
        circleHost: 'teams',
        meetingKey: '19:meeting_abc@thread.v2',
        configuration: {
          setValid: (isValid) => validity.push(isValid),
          onSave(save) {
            dialogSave = save;
            return () => {
              dialogSave = null;
            };
          },
        },
      },
      api: { circles: { create: create as never } },
    });
    views.push(view);
    expect(validity.at(-1)).toBe(false);
    const save = () => {
      if (dialogSave === null) throw new Error('The page gave the dialog no save.');
      return dialogSave();
    };
    await expect(save()).rejects.toThrow('Fix the highlighted fields');
    expect(create).not.toHaveBeenCalled();

    await typeInto(view.getByRole('textbox', /^Circle name/), ' Tuesday trio ');
    expect(validity.at(-1)).toBe(true);
    // The dialog's own Save button, without the page's "Create circle".
    await expect(save()).resolves.toEqual({ displayName: 'Tuesday trio' });
    expect(create).toHaveBeenCalledWith(
      expect.objectContaining({ host: 'teams', name: 'Tuesday trio' }),
    );
    expect(adoptCircle).toHaveBeenCalledWith(circle);
    view.unmount();
    views.pop();
    expect(dialogSave).toBeNull();
  });
});
