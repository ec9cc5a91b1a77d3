import { useReducer } from 'react';
import { usePanel } from '../../app/panel-model.js';
import { NoSession } from '../shared/NoSession.js';
import { useNow } from '../shared/use-now.js';
import { LanguageTally } from './LanguageTally.js';

/** The tally on the panel's marks: a tag goes through the shell's durable mark queue. */
export function LanguageTallyContainer() {
  const panel = usePanel();
  const nowMs = useNow(panel.serverNow, 1_000);
  const [, refresh] = useReducer((count: number) => count + 1, 0);
  if (panel.session === null) return <NoSession />;
  return (
    <LanguageTally
      session={panel.session.state}
      me={panel.me.personId}
      nowMs={nowMs}
      marks={panel.marks}
      onTag={(tag, speaker) => {
        panel.recordMark({ kind: 'tag', tag, speaker });
        refresh();
      }}
    />
  );
}
