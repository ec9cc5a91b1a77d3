import { useEffect, useState } from 'react';
import { findParticipant } from '@grow-together/core';
import {
  createClientId,
  usePanel,
  type FeedbackToMe,
  type Preferences,
} from '../../app/panel-model.js';
import { NoSession } from '../shared/NoSession.js';
import { ConsentAndPrivacy, type OptOuts } from './ConsentAndPrivacy.js';

/** Consent, tracking, private feedback (sent and received) and my standing opt-outs, on the api. */
export function ConsentAndPrivacyContainer() {
  const panel = usePanel();
  const session = panel.session;
  const { feedback, preferences } = panel.api;
  const circleId = session?.circleId;
  const [inbox, setInbox] = useState<readonly FeedbackToMe[] | null>(null);
  const [stored, setStored] = useState<Preferences | null>(null);

  useEffect(() => {
    let isCurrent = true;
    // Either may fail (offline, a host without them): the view then leaves that part out.
    feedback.listMine().then(
      (items) => isCurrent && setInbox(items),
      () => undefined,
    );
    preferences.get().then(
      (prefs) => isCurrent && setStored(prefs),
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
  }, [feedback, preferences]);

  if (session === null) return <NoSession />;
  const saveOptOuts = async (optOuts: OptOuts) => {
    if (stored === null) return;
    const { displayName, timeZone, pronouns, consentDefaults } = stored;
    setStored(await preferences.put({ displayName, timeZone, pronouns, consentDefaults, optOuts }));
    const me = findParticipant(session.state, panel.me.personId);
    // "Always leave me out" starts with this session.
    if (optOuts.airtimeAndLanguage && me !== null && !me.optedOutOfTracking) {
      await panel.sendCommand({ type: 'opt-out-tracking', optedOut: true });
    }
  };
  return (
    <ConsentAndPrivacy
      session={session.state}
      me={panel.me.personId}
      onCommand={panel.sendCommand}
      onSendFeedback={async ({ to, text }) => {
        await feedback.send(session.circleId, {
          id: createClientId(),
          to,
          sessionId: session.id,
          text,
        });
      }}
      {...(inbox === null
        ? {}
        : {
            inbox: inbox
              .filter((item) => item.circleId === circleId)
              .map((item) => ({ id: item.id, fromName: item.fromDisplayName, text: item.text })),
          })}
      {...(stored === null ? {} : { optOuts: stored.optOuts, onSaveOptOuts: saveOptOuts })}
    />
  );
}
