import { useSyncExternalStore } from 'react';
import type { PanelController, PanelSnapshot } from './panel-controller.js';

export function usePanelSnapshot(controller: PanelController): PanelSnapshot {
  return useSyncExternalStore(controller.subscribe, controller.getSnapshot);
}
