import { usePanel } from '../../app/panel-model.js';
import { NoSession } from '../shared/NoSession.js';
import { useNow } from '../shared/use-now.js';
import { StageCard } from './StageCard.js';

/** The stage card on the panel's session, clock and command sender. */
export function StageCardContainer({ size = 'panel' }: { readonly size?: 'panel' | 'stage' }) {
  const panel = usePanel();
  const nowMs = useNow(panel.serverNow);
  if (panel.session === null) return <NoSession />;
  const canShare = panel.host.canShareToStage && size === 'panel';
  return (
    <StageCard
      session={panel.session.state}
      me={panel.me.personId}
      nowMs={nowMs}
      size={size}
      onCommand={panel.sendCommand}
      {...(canShare ? { onShareToStage: () => panel.host.shareToStage() } : {})}
    />
  );
}
