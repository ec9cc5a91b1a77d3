import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Mark, ParticipantId, SessionState } from '@grow-together/core';
import { apply, at, startedTrio } from '../shared/session-fixture.js';
import {
  click,
  openDetails,
  pressKey,
  renderView,
  settle,
  typeInto,
  type Rendered,
} from '../shared/test-support.js';
import { AirtimeTracker } from './AirtimeTracker.js';

// The shell's part, played by a little harness: it keeps the panel's marks (as the PanelModel
// does) and stamps them with the time the test gives.
function Harness(props: {
  session: SessionState;
  me: ParticipantId;
  nowMs: number;
  spy: (speaker: ParticipantId | null) => void;
  onAddGuest?: (name: string) => Promise<{ ok: true }>;
  initialMarks?: Mark[];
}) {
  const [marks, setMarks] = useState<Mark[]>(props.initialMarks ?? []);
  return (
    <AirtimeTracker
      session={props.session}
      me={props.me}
      nowMs={props.nowMs}
      marks={marks}
      onMark={(speaker) => {
        props.spy(speaker);
        setMarks((all) => [
          ...all,
          {
            kind: 'speech',
            id: `m${all.length}`,
            atMs: props.nowMs,
            by: props.me,
            source: 'observer',
            speaker,
          },
        ]);
      }}
      onUndo={() => {
        const undone = new Set(marks.flatMap((m) => (m.kind === 'undo' ? [m.targetId] : [])));
        const target = [...marks].reverse().find((m) => m.kind !== 'undo' && !undone.has(m.id));
        if (target === undefined) return false;
        setMarks((all) => [
          ...all,
          {
            kind: 'undo',
            id: `m${all.length}`,
            atMs: props.nowMs,
            by: props.me,
            targetId: target.id,
          },
        ]);
        return true;
      }}
      onAddGuest={props.onAddGuest ?? (async () => ({ ok: true }))}
    />
  );
}

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

function withDeeOptedOut(): SessionState {
  return apply(
    startedTrio(0, { withDee: true }),
    { type: 'opt-out-tracking', by: 'dee', optedOut: true },
    at(1),
  );
}

async function show(options: { session?: SessionState; me?: string; nowMs?: number } = {}) {
  const spy = vi.fn();
  const onAddGuest = vi.fn(async (_name: string) => ({ ok: true as const }));
  const session = options.session ?? withDeeOptedOut();
  const me = options.me ?? 'cai';
  const element = (nowMs: number) => (
    <Harness session={session} me={me} nowMs={nowMs} spy={spy} onAddGuest={onAddGuest} />
  );
  const view = await renderView(element(options.nowMs ?? at(10)));
  views.push(view);
  return { view, spy, onAddGuest, at: (nowMs: number) => view.rerender(element(nowMs)) };
}

const pressed = (button: HTMLElement) => button.getAttribute('aria-pressed');

describe('AirtimeTracker', () => {
  it('gives the observer one tap target per tracked person and shows opted-out people as such', async () => {
    const { view } = await show();
    expect(view.getByRole('region', 'Airtime tracker')).toBeTruthy();
    for (const name of ['Ana', 'Ben', 'Cai']) {
      expect(pressed(view.getByRole('button', name))).toBe('false');
    }
    expect(view.queryByRole('button', 'Dee')).toBeNull();
    expect(view.text()).toContain('Dee — opted out of tracking');
    const ana = view.getByRole('button', 'Ana');
    expect(ana.getAttribute('aria-keyshortcuts')).toBe('1');
  });

  it('shows the coach no tap targets: the observer records', async () => {
    const { view } = await show({ me: 'ana' });
    expect(view.queryByRole('button', 'Ana')).toBeNull();
    expect(view.text()).toContain('The observer records airtime here.');
  });

  it('marks a speaker with a tap, the next speaker with the next tap, and silence with a second tap', async () => {
    const { view, spy, at: now } = await show();
    await click(view.getByRole('button', 'Ana'));
    expect(pressed(view.getByRole('button', 'Ana'))).toBe('true');
    await now(at(40));
    expect(view.getByRole('button', 'Ana').textContent).toContain('100% of talk · 1 turn');
    await click(view.getByRole('button', 'Ben'));
    expect(pressed(view.getByRole('button', 'Ana'))).toBe('false');
    expect(pressed(view.getByRole('button', 'Ben'))).toBe('true');
    await now(at(70));
    // Ana 30 s, Ben 30 s.
    expect(view.getByRole('button', 'Ana').textContent).toContain('50% of talk');
    await click(view.getByRole('button', 'Ben'));
    expect(spy.mock.calls.map(([speaker]) => speaker)).toEqual(['ana', 'ben', null]);
    expect(pressed(view.getByRole('button', 'Silence'))).toBe('true');
    expect(view.getByRole('status').textContent).toBe('Silence marked.');
  });

  it('picks speakers with the number keys, and silence with 0 or Escape, but not while typing', async () => {
    const { view, spy } = await show();
    await pressKey('2');
    expect(pressed(view.getByRole('button', 'Ben'))).toBe('true');
    await pressKey('2');
    expect(pressed(view.getByRole('button', 'Ben'))).toBe('true');
    await pressKey('0');
    await pressKey('3');
    await pressKey('Escape');
    await pressKey('9');
    await openDetails(view.container, 'Rounds and guests');
    await pressKey('1', view.getByRole('textbox', 'Guest name'));
    expect(spy.mock.calls.map(([speaker]) => speaker)).toEqual(['ben', 'ben', null, 'cai', null]);
  });

  it('undoes the last mark with the button or Ctrl+Z', async () => {
    const { view, at: now } = await show();
    const undo = view.getByRole('button', 'Undo last mark');
    expect(undo.hasAttribute('disabled')).toBe(true);
    await click(view.getByRole('button', 'Ana'));
    await click(view.getByRole('button', 'Ben'));
    await click(view.getByRole('button', 'Undo last mark'));
    expect(view.getByRole('status').textContent).toBe('Last mark undone.');
    // Undoing the tap on Ben leaves Ana speaking.
    expect(pressed(view.getByRole('button', 'Ana'))).toBe('true');
    await pressKey('z', document.body, { ctrlKey: true });
    expect(pressed(view.getByRole('button', 'Silence'))).toBe('true');
    await now(at(30));
    expect(view.getByRole('button', 'Undo last mark').hasAttribute('disabled')).toBe(true);
    expect(view.getByRole('button', 'Ana').textContent).toContain('0% of talk · 0 turns');
  });

  it('cues a long monologue once a turn passes two minutes', async () => {
    const { view, at: now } = await show();
    await click(view.getByRole('button', 'Ben'));
    await now(at(10 + 119));
    expect(view.text()).not.toContain('held the floor');
    await now(at(10 + 125));
    expect(view.text()).toContain(
      'Ben has held the floor for 2:05. Is there room for someone else?',
    );
  });

  it('runs a round with a time-box per person, tapping each in turn', async () => {
    const { view, spy, at: now } = await show();
    expect(view.queryByRole('button', 'Start round')).toBeNull();
    await openDetails(view.container, 'Rounds and guests');
    await typeInto(view.getByRole('combobox', 'Minutes each'), '1');
    await click(view.getByRole('button', 'Start round'));
    expect(view.text()).toContain("Ana's turn");
    expect(view.text()).toContain('1:00 left');
    expect(view.text()).toContain('Then: Ben, Cai');
    await now(at(10 + 70));
    expect(view.text()).toContain('0:10 over');
    await click(view.getByRole('button', 'Next in round'));
    await click(view.getByRole('button', 'Next in round'));
    await click(view.getByRole('button', 'Next in round'));
    expect(spy.mock.calls.map(([speaker]) => speaker)).toEqual(['ana', 'ben', 'cai', null]);
    expect(view.getByRole('status').textContent).toBe('Round complete.');
    expect(view.getByRole('button', 'Start round')).toBeTruthy();
  });

  it('adds a guest by display name', async () => {
    const { view, onAddGuest } = await show();
    await openDetails(view.container, 'Rounds and guests');
    const add = view.getByRole('button', 'Add guest');
    expect(add.hasAttribute('disabled')).toBe(true);
    await typeInto(view.getByRole('textbox', 'Guest name'), '  Gus  ');
    await click(view.getByRole('button', 'Add guest'));
    await settle();
    expect(onAddGuest).toHaveBeenCalledWith('Gus');
    expect(view.text()).toContain('Gus added as a guest.');
  });
});
