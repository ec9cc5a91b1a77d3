import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SessionState } from '@grow-together/core';
import { renderConnected, toSessionView } from '../shared/connected-test-support.js';
import { apply, at, growFramework, startedTrio } from '../shared/session-fixture.js';
import { click, renderView, settle, typeInto, type Rendered } from '../shared/test-support.js';
import type { ViewCommand, ViewCommandOutcome } from '../shared/types.js';
import { ConsentAndPrivacy } from './ConsentAndPrivacy.js';
import ConsentAndPrivacyContainer from './index.js';

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

const alternative =
  growFramework().stages.find((stage) => stage.id === 'options')?.consentAlternative ?? '?';

async function show(session: SessionState, me = 'ben') {
  const onCommand = vi.fn(async (_command: ViewCommand): Promise<ViewCommandOutcome> => ({
    ok: true,
  }));
  const onSendFeedback = vi.fn(async (_feedback: { to: string; text: string }) => undefined);
  const element = (state: SessionState) => (
    <ConsentAndPrivacy
      session={state}
      me={me}
      onCommand={onCommand}
      onSendFeedback={onSendFeedback}
    />
  );
  const view = await renderView(element(session));
  views.push(view);
  return {
    view,
    onCommand,
    onSendFeedback,
    update: (state: SessionState) => view.rerender(element(state)),
  };
}

describe('ConsentAndPrivacy', () => {
  it('asks for role-play consent and offers the alternative, without penalty, after a decline', async () => {
    const session = startedTrio(1);
    const { view, onCommand, update } = await show(session);
    expect(view.text()).toContain('“Options” includes a role-play. Would you like to take part?');
    expect(view.text()).toContain('Either answer is fine.');
    expect(view.text()).toContain('3 people have not answered yet.');
    await click(view.getByRole('button', 'No, I’d rather not'));
    expect(onCommand).toHaveBeenCalledWith({
      type: 'record-consent',
      stageId: 'options',
      answer: 'declined',
    });

    await update(
      apply(
        session,
        { type: 'record-consent', by: 'ben', stageId: 'options', answer: 'declined' },
        at(100),
      ),
    );
    expect(view.text()).toContain(`No problem. Instead you can: ${alternative}`);
    expect(view.text()).toContain('2 people have not answered yet.');
    expect(view.queryByRole('button', 'Yes, I’ll take part')).toBeNull();
    await click(view.getByRole('button', 'Change my answer'));
    await click(view.getByRole('button', 'Yes, I’ll take part'));
    expect(onCommand).toHaveBeenLastCalledWith({
      type: 'record-consent',
      stageId: 'options',
      answer: 'given',
    });
  });

  it('leaves the next stage’s question to the stage card, and lets me change my answer once it runs', async () => {
    // Reality runs; Options is next, so the stage card asks.
    let session = startedTrio(3);
    const { view, update } = await show(session);
    expect(view.queryByRole('button', 'No, I’d rather not')).toBeNull();
    for (const by of ['ana', 'ben', 'cai']) {
      session = apply(
        session,
        {
          type: 'record-consent',
          by,
          stageId: 'options',
          answer: by === 'ben' ? 'declined' : 'given',
        },
        at(200),
      );
    }
    await update(apply(session, { type: 'next', by: 'ana' }, at(240)));
    expect(view.text()).toContain(`No problem. Instead you can: ${alternative}`);
    expect(view.getByRole('button', 'Change my answer')).toBeTruthy();
  });

  it('opts me out of airtime tracking and back in', async () => {
    const session = startedTrio();
    const { view, onCommand, update } = await show(session);
    const toggle = view.getByRole('switch', 'Leave me out of airtime and language tracking');
    expect((toggle as HTMLInputElement).checked).toBe(false);
    await click(toggle);
    expect(onCommand).toHaveBeenCalledWith({ type: 'opt-out-tracking', optedOut: true });
    await update(apply(session, { type: 'opt-out-tracking', by: 'ben', optedOut: true }, at(5)));
    expect(view.text()).toContain(
      'You are left out of every airtime and language count in this session.',
    );
    await click(view.getByRole('switch', 'Leave me out of airtime and language tracking'));
    expect(onCommand).toHaveBeenLastCalledWith({ type: 'opt-out-tracking', optedOut: false });
  });

  it('sends private feedback to one person, saying that only they will see it', async () => {
    const { view, onSendFeedback } = await show(startedTrio());
    const to = view.getByRole('combobox', 'To');
    expect([...to.querySelectorAll('option')].map((option) => option.textContent)).toEqual([
      'Ana',
      'Cai',
    ]);
    await typeInto(to, 'cai');
    expect(view.text()).toContain('Only Cai will see this.');
    await typeInto(
      view.getByRole('textbox', 'Your feedback'),
      'Your summary at the end was spot on.',
    );
    await click(view.getByRole('button', 'Send privately'));
    await settle();
    expect(onSendFeedback).toHaveBeenCalledWith({
      to: 'cai',
      text: 'Your summary at the end was spot on.',
    });
    expect(view.text()).toContain('Sent. Only Cai can read it.');
    expect((view.getByRole('textbox', 'Your feedback') as HTMLTextAreaElement).value).toBe('');
  });
});

describe('ConsentAndPrivacy, standing choices', () => {
  it('shows feedback sent to me, and saves my opt-outs for every session', async () => {
    const onSaveOptOuts = vi.fn(async () => undefined);
    const view = await renderView(
      <ConsentAndPrivacy
        session={startedTrio()}
        me="ben"
        onCommand={async () => ({ ok: true })}
        onSendFeedback={async () => undefined}
        inbox={[{ id: 'f1', fromName: 'Cai', text: 'You listened really well.' }]}
        optOuts={{ airtimeAndLanguage: false, transcriptAnalysis: false, nudges: true }}
        onSaveOptOuts={onSaveOptOuts}
      />,
    );
    views.push(view);
    expect(view.getByRole('list', 'Feedback for you').textContent).toBe(
      'From CaiYou listened really well.',
    );
    expect(
      (view.getByRole('switch', 'No nudges from the bot between sessions') as HTMLInputElement)
        .checked,
    ).toBe(true);
    await click(view.getByRole('switch', 'Leave my lines out of transcript analysis'));
    await settle();
    expect(onSaveOptOuts).toHaveBeenCalledWith({
      airtimeAndLanguage: false,
      transcriptAnalysis: true,
      nudges: true,
    });
  });
});

describe('ConsentAndPrivacyContainer', () => {
  it('sends feedback through the api with a client id and the session', async () => {
    const send = vi.fn(async () => ({
      id: 'f1',
      circleId: 'circle-1',
      sessionId: 'session-1',
      to: 'ana',
      sentAtMs: 0,
    }));
    const { view } = await renderConnected(<ConsentAndPrivacyContainer />, {
      me: { personId: 'ben', displayName: 'Ben' },
      session: toSessionView(startedTrio()),
      api: { feedback: { send } },
    });
    views.push(view);
    expect(view.text()).not.toContain('Feedback for you');
    await typeInto(view.getByRole('textbox', 'Your feedback'), 'Thank you');
    await click(view.getByRole('button', 'Send privately'));
    await settle();
    expect(send).toHaveBeenCalledWith('circle-1', {
      id: expect.any(String),
      to: 'ana',
      sessionId: 'session-1',
      text: 'Thank you',
    });
  });
});

describe('ConsentAndPrivacyContainer, preferences', () => {
  it('puts my whole preferences back with the changed opt-out, and opts me out of this session too', async () => {
    const prefs = {
      displayName: null,
      timeZone: 'Europe/Berlin',
      pronouns: null,
      optOuts: { airtimeAndLanguage: false, transcriptAnalysis: false, nudges: false },
      consentDefaults: { rolePlay: 'ask-every-time' as const, shareReflections: false },
      updatedAtMs: 5,
    };
    const put = vi.fn(async (body: Omit<typeof prefs, 'updatedAtMs'>) => ({
      ...body,
      updatedAtMs: 6,
    }));
    const { view, panel } = await renderConnected(<ConsentAndPrivacyContainer />, {
      me: { personId: 'ben', displayName: 'Ben' },
      session: toSessionView(startedTrio()),
      api: {
        preferences: { get: async () => prefs, put },
        feedback: { listMine: async () => [] },
      },
    });
    views.push(view);
    await settle();
    expect(view.text()).toContain('Nothing yet. Only you can read what arrives here.');
    await click(view.getByRole('switch', 'Always leave me out of airtime and language tracking'));
    await settle();
    expect(put).toHaveBeenCalledWith({
      displayName: null,
      timeZone: 'Europe/Berlin',
      pronouns: null,
      consentDefaults: prefs.consentDefaults,
      optOuts: { ...prefs.optOuts, airtimeAndLanguage: true },
    });
    expect(panel.sentCommands).toEqual([{ type: 'opt-out-tracking', optedOut: true }]);
  });
});
