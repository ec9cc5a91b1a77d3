// Renders a connected view (a container) on the shell's stub PanelModel.
import type { ReactElement } from 'react';
import { PanelContext } from '../../app/panel-model.js';
import { createStubPanelModel, type StubPanelModel } from '../../app/stub-panel-model.js';
import { renderView, type Rendered } from './test-support.js';

export type StubOverrides = Parameters<typeof createStubPanelModel>[0];

export async function renderConnected(
  element: ReactElement,
  overrides: StubOverrides = {},
): Promise<{ view: Rendered; panel: StubPanelModel }> {
  const panel = createStubPanelModel(overrides);
  const view = await renderView(
    <PanelContext.Provider value={panel}>{element}</PanelContext.Provider>,
  );
  return { view, panel };
}

/** A SessionView around a core state, as the api sends it. */
export function toSessionView<T>(state: T, version = 1) {
  return {
    id: 'session-1',
    circleId: 'circle-1',
    version,
    meetingId: 'demo-1',
    occurredOn: '2023-11-14',
    createdAtMs: 0,
    updatedAtMs: 0,
    state,
    transcript: null,
  };
}
