import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildSummary, EMPTY_OUTPUTS, type Mark, type SessionSummary } from '@grow-together/core';
import { PanelContext } from '../../app/panel-model.js';
import { createStubPanelModel } from '../../app/stub-panel-model.js';
import { toSessionView } from '../shared/connected-test-support.js';
import { apply, at, startedTrio } from '../shared/session-fixture.js';
import { renderView, settle, type Rendered } from '../shared/test-support.js';
import SummaryContainer from './index.js';

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

const tap = (seconds: number, speaker: string | null): Mark => ({
  kind: 'speech',
  id: `s${seconds}`,
  atMs: at(seconds),
  by: 'cai',
  source: 'observer',
  speaker,
});

const ended = apply(startedTrio(), { type: 'end', by: 'ana' }, at(300));

function summaryOf(marks: readonly Mark[]): SessionSummary {
  return buildSummary({ session: ended, marks, outputs: EMPTY_OUTPUTS, now: at(300) });
}

function panelWith(version: number, readSummary: () => Promise<SessionSummary>) {
  return createStubPanelModel({
    session: toSessionView(ended, version),
    api: { sessions: { summary: readSummary } },
  });
}

describe('SummaryContainer', () => {
  it('reads the summary again when the ended session moves to a newer version', async () => {
    // The observer's last batch lands after the end: the api moves the session's version on,
    // and the summary read before it lacks Ben's turn.
    const beforeLastBatch = summaryOf([tap(0, 'ana'), tap(240, null)]);
    const withLastBatch = summaryOf([tap(0, 'ana'), tap(60, 'ben'), tap(240, null)]);
    const read = vi
      .fn<() => Promise<SessionSummary>>()
      .mockResolvedValueOnce(beforeLastBatch)
      .mockResolvedValueOnce(withLastBatch);
    const view = await renderView(
      <PanelContext.Provider value={panelWith(7, read)}>
        <SummaryContainer />
      </PanelContext.Provider>,
    );
    views.push(view);
    await settle();
    expect(read).toHaveBeenCalledTimes(1);
    expect(view.text()).not.toContain('75%');

    // The same version again (a re-render, a reconnect) reads nothing.
    await view.rerender(
      <PanelContext.Provider value={panelWith(7, read)}>
        <SummaryContainer />
      </PanelContext.Provider>,
    );
    await settle();
    expect(read).toHaveBeenCalledTimes(1);

    await view.rerender(
      <PanelContext.Provider value={panelWith(8, read)}>
        <SummaryContainer />
      </PanelContext.Provider>,
    );
    await settle();
    expect(read).toHaveBeenCalledTimes(2);
    expect(view.text()).toContain('75%');
  });
});
