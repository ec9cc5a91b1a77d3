import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  LANGUAGE_TAGS,
  type LanguageTag,
  type Mark,
  type ParticipantId,
  type SessionState,
} from '@grow-together/core';
import { actionLearningAtQuestions, at, startedTrio } from '../shared/session-fixture.js';
import { click, renderView, type Rendered } from '../shared/test-support.js';
import { LanguageTally } from './LanguageTally.js';

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

function Harness(props: {
  session: SessionState;
  me: ParticipantId;
  nowMs: number;
  initialMarks: Mark[];
  spy: (tag: LanguageTag, speaker: ParticipantId) => void;
}) {
  const [marks, setMarks] = useState(props.initialMarks);
  return (
    <LanguageTally
      session={props.session}
      me={props.me}
      nowMs={props.nowMs}
      marks={marks}
      onTag={(tag, speaker) => {
        props.spy(tag, speaker);
        setMarks((all) => [
          ...all,
          {
            kind: 'tag',
            id: `t${all.length}`,
            atMs: props.nowMs,
            by: props.me,
            speaker,
            tag,
            stageId: null,
          },
        ]);
      }}
    />
  );
}

const tap = (by: string, seconds: number, speaker: string | null): Mark => ({
  kind: 'speech',
  id: `s${seconds}`,
  atMs: at(seconds),
  by,
  source: 'observer',
  speaker,
});

async function show(session: SessionState, me: string, nowMs: number, marks: Mark[]) {
  const spy = vi.fn();
  const view = await renderView(
    <Harness session={session} me={me} nowMs={nowMs} initialMarks={marks} spy={spy} />,
  );
  views.push(view);
  return { view, spy };
}

describe('LanguageTally', () => {
  it('offers one button per language tag for the person speaking now', async () => {
    const { view, spy } = await show(startedTrio(), 'cai', at(30), [tap('cai', 10, 'ana')]);
    expect(view.text()).toContain('Tagging Ana');
    const group = view.getByRole('group', 'Language');
    expect(group.querySelectorAll('button')).toHaveLength(LANGUAGE_TAGS.length);
    await click(view.getByRole('button', 'Open question'));
    await click(view.getByRole('button', 'Open question'));
    await click(view.getByRole('button', 'Advice'));
    expect(spy.mock.calls).toEqual([
      ['open-question', 'ana'],
      ['open-question', 'ana'],
      ['advice', 'ana'],
    ]);
    expect(view.getByRole('button', 'Open question').textContent).toBe('Open question2');
    expect(view.getByRole('status').textContent).toBe('Advice for Ana.');
  });

  it('tags whoever spoke last during a silence, and waits for a first tap', async () => {
    const silent = await show(startedTrio(), 'cai', at(30), [
      tap('cai', 10, 'ben'),
      { ...tap('cai', 20, null), id: 'quiet' },
    ]);
    expect(silent.view.text()).toContain('Tagging Ben (last to speak)');
    const none = await show(startedTrio(), 'cai', at(30), []);
    expect(none.view.text()).toContain(
      'Tap who is speaking in the tracker, then tag what they say.',
    );
    expect(none.view.getByRole('button', 'Open question').hasAttribute('disabled')).toBe(true);
  });

  it('shows the stage rule and raises its alerts, e.g. advice during questions only', async () => {
    const session = actionLearningAtQuestions();
    const { view } = await show(session, 'fay', at(150), [tap('fay', 125, 'mo')]);
    expect(view.text()).toContain('This stage asks for: Questions only');
    expect(view.text()).toContain('No alerts so far.');
    await click(view.getByRole('button', 'Open question'));
    expect(view.text()).toContain('No alerts so far.');
    await click(view.getByRole('button', 'Advice'));
    expect(view.getByRole('list', 'Alerts this stage').textContent).toBe(
      'Mo: Advice during questions only: try turning it into an open question.',
    );
  });

  it('shows people who do not record a short note instead of tag buttons', async () => {
    const { view } = await show(startedTrio(), 'ben', at(30), []);
    expect(view.queryByRole('button', 'Open question')).toBeNull();
    expect(view.text()).toContain('The observer tags language here.');
  });
});
