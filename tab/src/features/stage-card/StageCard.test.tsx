import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionState } from '@grow-together/core';
import {
  apply,
  at,
  createTrio,
  growFramework,
  startedTrio,
  T0,
} from '../shared/session-fixture.js';
import { click, renderView, settle, typeInto, type Rendered } from '../shared/test-support.js';
import type { ViewCommand, ViewCommandOutcome } from '../shared/types.js';
import { EXTEND_STEP_MS, StageCard } from './StageCard.js';

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

async function show(session: SessionState, me: string, nowMs: number, onCommand = okCommand()) {
  const view = await renderView(
    <StageCard session={session} me={me} nowMs={nowMs} onCommand={onCommand} />,
  );
  views.push(view);
  return { view, onCommand };
}

function okCommand() {
  return vi.fn(async (_command: ViewCommand): Promise<ViewCommandOutcome> => ({ ok: true }));
}

const stages = growFramework().stages;

describe('StageCard', () => {
  it('shows the framework, the stage, its purpose, my prompts and the time left', async () => {
    const { view } = await show(startedTrio(), 'ana', at(60));
    expect(view.text()).toContain(`GROW for equals · Stage 1 of ${stages.length}`);
    expect(view.getByRole('heading', stages[0]?.name).tagName).toBe('H2');
    expect(view.text()).toContain(stages[0]?.purpose ?? '?');
    expect(view.text()).toContain('Your role: Coach');
    const coachPrompt = stages[0]?.prompts.coach?.[0] ?? '?';
    expect(view.getByRole('heading', 'For you, the coach')).toBeTruthy();
    expect(view.text()).toContain(coachPrompt);
    // The coachee's prompts are not the coach's business.
    expect(view.text()).not.toContain(stages[0]?.prompts.coachee?.[0] ?? '?');
    expect(view.text()).toContain('3:00 left');
    expect(view.getByRole('progressbar', 'Time used in this stage')).toBeTruthy();
  });

  it('gives the coach next, pause, extend and end, and the others only pause', async () => {
    const coach = (await show(startedTrio(), 'ana', at(10))).view;
    const controls = coach.getByRole('group', 'Stage controls');
    expect(controls.querySelectorAll('button')).toHaveLength(4);
    expect(coach.getByRole('button', 'Next stage')).toBeTruthy();
    expect(coach.getByRole('button', 'Pause')).toBeTruthy();
    expect(coach.getByRole('button', 'Extend by 2 minutes')).toBeTruthy();
    expect(coach.getByRole('button', 'End session')).toBeTruthy();
    // First stage: nothing to go back to.
    expect(coach.queryByRole('button', 'Previous stage')).toBeNull();

    const coachee = (await show(startedTrio(), 'ben', at(10))).view;
    expect(coachee.queryByRole('button', 'Next stage')).toBeNull();
    expect(coachee.queryByRole('button', 'Extend by 2 minutes')).toBeNull();
    expect(coachee.queryByRole('button', 'End session')).toBeNull();
    expect(coachee.getByRole('button', 'Pause')).toBeTruthy();
    expect(coachee.text()).toContain('The coach moves the stages.');
  });

  it('sends next, back and extend with the stage the sender saw', async () => {
    const { view, onCommand } = await show(startedTrio(1), 'ana', at(90));
    await click(view.getByRole('button', 'Next stage'));
    await click(view.getByRole('button', 'Previous stage'));
    await click(view.getByRole('button', 'Extend by 2 minutes'));
    expect(onCommand.mock.calls.map(([command]) => command)).toEqual([
      { type: 'next', expectedStageId: 'ground' },
      { type: 'back', expectedStageId: 'ground' },
      { type: 'extend', byMs: EXTEND_STEP_MS, expectedStageId: 'ground' },
    ]);
  });

  it('starts, pauses and resumes', async () => {
    const before = (await show(createTrio(), 'ana', T0)).view;
    expect(before.getByRole('heading', 'Ready when you are')).toBeTruthy();
    await click(before.getByRole('button', 'Start session'));
    expect(
      (await show(createTrio(), 'ben', T0)).view.queryByRole('button', 'Start session'),
    ).toBeNull();

    const paused = apply(startedTrio(), { type: 'pause', by: 'ben' }, at(30));
    const { view, onCommand } = await show(paused, 'cai', at(50));
    expect(view.text()).toContain('Paused by Ben');
    expect(view.queryByRole('button', 'Pause')).toBeNull();
    await click(view.getByRole('button', 'Resume'));
    expect(onCommand).toHaveBeenCalledWith({ type: 'resume' });
  });

  it('shows a gentle overrun cue only once the time-box has passed', async () => {
    const timeboxMs = stages[0]?.timeboxMs ?? 0;
    const { view } = await show(startedTrio(), 'ana', T0 + timeboxMs - 1_000);
    expect(view.text()).toContain('0:01 left');
    expect(view.text()).not.toContain('past the time-box');
    await view.rerender(
      <StageCard
        session={startedTrio()}
        me="ana"
        nowMs={T0 + timeboxMs + 65_000}
        onCommand={okCommand()}
      />,
    );
    expect(view.text()).toContain(
      '1:05 past the time-box. Find a good moment to wrap up, or extend.',
    );
    expect(view.getByRole('status').textContent).toBe(
      `${stages[0]?.name} has reached its time-box.`,
    );
  });

  it('announces stage changes, pauses and the end in a polite live region', async () => {
    const onCommand = okCommand();
    const render = (session: SessionState, nowMs: number) => (
      <StageCard session={session} me="cai" nowMs={nowMs} onCommand={onCommand} />
    );
    const view = await renderView(render(createTrio(), T0));
    views.push(view);
    const region = view.getByRole('status');
    expect(region.getAttribute('aria-live')).toBe('polite');
    expect(region.textContent).toBe('');

    let session = apply(createTrio(), { type: 'start', by: 'ana' }, T0);
    await view.rerender(render(session, T0));
    expect(region.textContent).toBe(
      `Session started. Stage 1 of ${stages.length}: ${stages[0]?.name}.`,
    );
    session = apply(session, { type: 'next', by: 'ana' }, at(60));
    await view.rerender(render(session, at(61)));
    expect(region.textContent).toBe(`Now stage 2 of ${stages.length}: ${stages[1]?.name}.`);
    // The clock ticking says nothing new.
    await view.rerender(render(session, at(62)));
    expect(region.textContent).toBe(`Now stage 2 of ${stages.length}: ${stages[1]?.name}.`);
    session = apply(session, { type: 'pause', by: 'ben' }, at(70));
    await view.rerender(render(session, at(70)));
    expect(region.textContent).toBe('The session is paused.');
    session = apply(session, { type: 'end', by: 'ana' }, at(80));
    await view.rerender(render(session, at(80)));
    expect(region.textContent).toBe('The session has ended.');
    expect(view.getByRole('heading', 'The session has ended')).toBeTruthy();
    expect(view.queryByRole('group', 'Stage controls')).toBeNull();
  });

  it('asks before ending, and shows a refused command as an alert', async () => {
    const onCommand = vi.fn(async (command: ViewCommand) =>
      command.type === 'end'
        ? { ok: false as const, message: 'The session has already ended.' }
        : { ok: true as const },
    );
    const { view } = await show(startedTrio(2), 'ana', at(150), onCommand);
    await click(view.getByRole('button', 'End session'));
    expect(onCommand).not.toHaveBeenCalled();
    await click(view.getByRole('button', 'Keep going'));
    expect(view.getByRole('button', 'End session')).toBeTruthy();
    await click(view.getByRole('button', 'End session'));
    await click(view.getByRole('button', 'Yes, end the session'));
    await settle();
    expect(onCommand).toHaveBeenCalledWith({ type: 'end' });
    expect(view.getByRole('alert').textContent).toContain('The session has already ended.');
  });

  it('asks for role-play consent ahead of the stage and offers the alternative to whoever declines', async () => {
    // Reality (stage 4) is running; Options, next, asks for role-play consent.
    const reality = startedTrio(3);
    const { view, onCommand } = await show(reality, 'ben', at(200));
    expect(view.text()).toContain('“Options” includes a role-play. Would you like to take part?');
    await click(view.getByRole('button', 'No, I’d rather not'));
    expect(onCommand).toHaveBeenCalledWith({
      type: 'record-consent',
      stageId: 'options',
      answer: 'declined',
    });

    let session = apply(
      reality,
      { type: 'record-consent', by: 'ben', stageId: 'options', answer: 'declined' },
      at(201),
    );
    session = apply(
      session,
      { type: 'record-consent', by: 'ana', stageId: 'options', answer: 'given' },
      at(202),
    );
    const coach = (await show(session, 'ana', at(203))).view;
    expect(coach.text()).toContain('1 person has not answered yet.');
    session = apply(
      session,
      { type: 'record-consent', by: 'cai', stageId: 'options', answer: 'given' },
      at(203),
    );
    session = apply(session, { type: 'next', by: 'ana' }, at(240));

    const alternative = stages[4]?.consentAlternative ?? '?';
    const ben = (await show(session, 'ben', at(250))).view;
    expect(ben.getByRole('heading', 'Options')).toBeTruthy();
    expect(ben.text()).toContain(`You chose the alternative for this stage: ${alternative}`);
    const ana = (await show(session, 'ana', at(250))).view;
    expect(ana.text()).toContain('Ben will take the alternative. Thank you for saying so.');
    expect(ana.text()).not.toContain('You chose the alternative');
  });
});

describe('StageCard roles', () => {
  it('suggests roles when nobody present has one, and saves them for whoever runs the session', async () => {
    const { createSession } = await import('@grow-together/core');
    const session = createSession({
      id: 's',
      framework: growFramework(),
      participants: [
        { id: 'ana', displayName: 'Ana' },
        { id: 'ben', displayName: 'Ben' },
        { id: 'cai', displayName: 'Cai' },
        { id: 'eve', displayName: 'Eve', presence: 'absent' },
      ],
      roles: { eve: 'observer' },
    });
    const { view, onCommand } = await show(session, 'ben', T0);
    const selects = ['Ana', 'Ben', 'Cai'].map(
      (name) => view.getByRole('combobox', `Role for ${name}`) as HTMLSelectElement,
    );
    const suggested = selects.map((select) => select.value).sort();
    expect(suggested).toEqual(['coach', 'coachee', 'observer']);
    await typeInto(selects[0] as HTMLElement, 'observer');
    await typeInto(selects[1] as HTMLElement, 'coach');
    await typeInto(selects[2] as HTMLElement, 'coachee');
    await click(view.getByRole('button', 'Save roles'));
    await settle();
    expect(onCommand).toHaveBeenCalledWith({
      type: 'assign-roles',
      roles: { eve: 'observer', ana: 'observer', ben: 'coach', cai: 'coachee' },
    });
  });

  it('keeps the roles out of the way once they are set, and only for whoever may assign them', async () => {
    const coach = (await show(startedTrio(), 'ana', at(10))).view;
    expect(coach.queryByRole('combobox', 'Role for Ana')).toBeNull();
    await click(coach.getByRole('button', 'Change roles'));
    expect((coach.getByRole('combobox', 'Role for Ben') as HTMLSelectElement).value).toBe(
      'coachee',
    );
    await click(coach.getByRole('button', 'Cancel'));
    expect(coach.queryByRole('combobox', 'Role for Ben')).toBeNull();
    const observer = (await show(startedTrio(), 'cai', at(10))).view;
    expect(observer.queryByRole('button', 'Change roles')).toBeNull();
  });
});

describe('StageCard roles as people arrive', () => {
  it('follows the suggestion as people join, keeping what I picked', async () => {
    const { createSession } = await import('@grow-together/core');
    const alone = createSession({
      id: 's',
      framework: growFramework(),
      participants: [
        { id: 'ana', displayName: 'Ana' },
        { id: 'ben', displayName: 'Ben', presence: 'absent' },
        { id: 'cai', displayName: 'Cai', presence: 'absent' },
      ],
    });
    const onCommand = okCommand();
    const element = (session: SessionState) => (
      <StageCard session={session} me="ana" nowMs={T0} onCommand={onCommand} />
    );
    const view = await renderView(element(alone));
    views.push(view);
    expect((view.getByRole('combobox', 'Role for Ana') as HTMLSelectElement).value).toBe('');
    await typeInto(view.getByRole('combobox', 'Role for Ana'), 'coach');
    let session = apply(
      alone,
      { type: 'join', by: 'ben', participant: 'ben', displayName: 'Ben', isGuest: false },
      T0,
    );
    session = apply(
      session,
      { type: 'join', by: 'cai', participant: 'cai', displayName: 'Cai', isGuest: false },
      T0,
    );
    await view.rerender(element(session));
    expect((view.getByRole('combobox', 'Role for Ana') as HTMLSelectElement).value).toBe('coach');
    expect((view.getByRole('combobox', 'Role for Ben') as HTMLSelectElement).value).not.toBe('');
    await click(view.getByRole('button', 'Save roles'));
    await settle();
    const roles = (onCommand.mock.calls[0]?.[0] as { roles: Record<string, string> }).roles;
    expect(roles['ana']).toBe('coach');
    expect(Object.keys(roles).sort()).toEqual(['ana', 'ben', 'cai']);
  });
});
