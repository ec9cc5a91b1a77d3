import { createClientId, usePanel } from '../../app/panel-model.js';
import { NoSession } from '../shared/NoSession.js';
import { ConsentAndPrivacy } from './ConsentAndPrivacy.js';

/** Consent, tracking and private feedback on the panel's session and api. */
export function ConsentAndPrivacyContainer() {
  const panel = usePanel();
  const session = panel.session;
  if (session === null) return <NoSession />;
  return (
    <ConsentAndPrivacy
      session={session.state}
      me={panel.me.personId}
      onCommand={panel.sendCommand}
      onSendFeedback={async ({ to, text }) => {
        await panel.api.feedback.send(session.circleId, {
          id: createClientId(),
          to,
          sessionId: session.id,
          text,
        });
      }}
    />
  );
}
