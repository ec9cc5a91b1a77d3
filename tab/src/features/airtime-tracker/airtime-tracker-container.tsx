import { useReducer } from 'react';
import { createClientId, usePanel } from '../../app/panel-model.js';
import { NoSession } from '../shared/NoSession.js';
import { useNow } from '../shared/use-now.js';
import { AirtimeTracker } from './AirtimeTracker.js';

/** A guest has no account: the panel that adds them makes their id. */
export function createGuestId(): string {
  return `guest-${createClientId()}`;
}

/** The observer's tracker on the panel's marks: taps go through the shell's durable mark queue. */
export function AirtimeTrackerContainer() {
  const panel = usePanel();
  const nowMs = useNow(panel.serverNow, 500);
  // The shell's mark list may grow in place; re-render after each tap so it shows at once.
  const [, refresh] = useReducer((count: number) => count + 1, 0);
  if (panel.session === null) return <NoSession />;
  return (
    <AirtimeTracker
      session={panel.session.state}
      me={panel.me.personId}
      nowMs={nowMs}
      marks={panel.marks}
      onMark={(speaker) => {
        panel.recordMark({ kind: 'speech', speaker });
        refresh();
      }}
      onUndo={() => {
        const undone = panel.undoMark();
        refresh();
        return undone !== null;
      }}
      onAddGuest={(displayName) =>
        panel.sendCommand({
          type: 'join',
          participant: createGuestId(),
          displayName,
          isGuest: true,
        })
      }
    />
  );
}
