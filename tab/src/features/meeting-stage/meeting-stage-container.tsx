import { usePanel } from '../../app/panel-model.js';
import { NoSession } from '../shared/NoSession.js';
import { useNow } from '../shared/use-now.js';
import { MeetingStageView } from './MeetingStageView.js';

/** The meeting stage view on the panel's session and clock. */
export function MeetingStageContainer() {
  const panel = usePanel();
  const nowMs = useNow(panel.serverNow);
  if (panel.session === null) return <NoSession />;
  return (
    <MeetingStageView
      session={panel.session.state}
      me={panel.me.personId}
      nowMs={nowMs}
      onCommand={panel.sendCommand}
    />
  );
}
